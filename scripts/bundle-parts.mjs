// What a bundle is made of: builds the extension with source maps (INK_SOURCEMAP=1, into
// .output/sourcemap) and attributes every byte of a bundle's files to the source module it came
// from, raw and gzipped on its own (the gzipped parts do not add up exactly to the whole: gzip
// shares repeats across modules).
//
//   node scripts/bundle-parts.mjs [background|content|linkDialog|pageReport|popup|options] [--no-build]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { ROOT } from './lib/chromium.mjs';
import { bundleFiles } from './lib/bundles.mjs';

const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'background';
const DIR = join(ROOT, '.output/sourcemap/chrome-mv3');
if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, INK_SOURCEMAP: '1' },
  });
  if (r.status !== 0) throw new Error('The build with source maps failed');
}
const files = /** @type {Record<string, string[] | undefined>} */ (bundleFiles(DIR))[name];
if (!files) throw new Error(`No bundle called ${name}`);

/** @type {Map<string, string>} source -> its generated text */
const parts = new Map();
let whole = 0;
for (const f of files) {
  const code = readFileSync(join(DIR, f), 'utf8');
  whole += gzipSync(code, { level: 9 }).length;
  if (!f.endsWith('.js')) {
    parts.set(f, (parts.get(f) ?? '') + code);
    continue;
  }
  const map = new TraceMap(readFileSync(join(DIR, `${f}.map`), 'utf8'));
  const lines = code.split('\n');
  lines.forEach((line, li) => {
    let current = '(no source)';
    let from = 0;
    for (let col = 0; col <= line.length; col++) {
      const src =
        col < line.length ? (originalPositionFor(map, { line: li + 1, column: col }).source ?? current) : null;
      if (src !== current || col === line.length) {
        if (col > from) parts.set(current, (parts.get(current) ?? '') + line.slice(from, col));
        current = src ?? current;
        from = col;
      }
    }
  });
}
const group = (/** @type {string} */ src) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
  return m ? `npm:${m[1]}` : src.replace(/^(\.\.\/)+/, '');
};
const grouped = new Map();
for (const [src, text] of parts) grouped.set(group(src), (grouped.get(group(src)) ?? '') + text);
const rows = [...grouped]
  .map(([src, text]) => ({ src, raw: text.length, gz: gzipSync(text, { level: 9 }).length }))
  .sort((a, b) => b.gz - a.gz);
console.log(`${name}: ${files.join(', ')}; ${(whole / 1024).toFixed(1)} KB gzipped in all`);
for (const r of rows)
  console.log(
    `${(r.gz / 1024).toFixed(1).padStart(6)} KB gz ${(r.raw / 1024).toFixed(1).padStart(7)} KB raw  ${r.src}`,
  );
