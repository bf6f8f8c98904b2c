// `npm run limits`: no file in lib/ or components/ over 400 lines and no function over 80
// (blank lines not counted; tests live in tests/ and are not checked). Prints every offender as
// file:line and exits 1 when there is any.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkSource, describeOffender } from './lib/limits.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const FOLDERS = ['lib', 'components'];
const SOURCE = /\.(?:ts|tsx|mts|js|mjs)$/;
const TEST = /\.(?:test|spec)\.[cm]?[jt]sx?$|\.d\.ts$/;

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return SOURCE.test(entry.name) && !TEST.test(entry.name) ? [path] : [];
  });
}

const files = FOLDERS.flatMap((folder) => sources(join(ROOT, folder))).sort();
const offenders = files.flatMap((path) => checkSource(relative(ROOT, path), readFileSync(path, 'utf8')));
for (const o of offenders) console.log(describeOffender(o));
if (offenders.length > 0) {
  console.log(`\n${offenders.length} over the limits in ${files.length} files.`);
  process.exit(1);
}
console.log(`Limits hold in ${files.length} files of ${FOLDERS.join(' and ')}.`);
