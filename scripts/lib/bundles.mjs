// What each bundle of the built extension is made of, read from the build output itself: the
// manifest's content script and worker, the extension pages' HTML (their scripts and styles), the
// modules the content script loads on demand, and every chunk those files import. Shared by the
// size budgets (.size-limit.mjs, run by `npm test`) and the benchmark, so both measure the same files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;

/** @typedef {'content' | 'linkDialog' | 'pageReport' | 'popup' | 'options' | 'background'} BundleName */

/**
 * Gzipped budgets, in bytes, of every bundle (each with the chunks it imports).
 * @type {Record<BundleName, number>}
 */
export const BUDGETS = {
  content: 20 * KB,
  linkDialog: 10 * KB,
  pageReport: 10 * KB,
  popup: 35 * KB,
  options: 45 * KB,
  // Issue 18's target, met: the links file, the import preview and the Products view run in the
  // options page, zod's English messages are a few lines of our own, and the zod classes used once
  // (discriminatedUnion, catch, record, default) are replaced by lookups and helpers of our own
  // (lib/zod.ts) that check the same: 40.7 kB (39.7 KiB) gzipped (docs/PERFORMANCE.md). Growth past
  // it fails the run.
  background: 40 * KB,
};

/**
 * Every file a set of entry files pulls in: the entries and, for scripts, their static imports.
 * @param {string} dir @param {string[]} entries @returns {string[]}
 */
function withImports(dir, entries) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} rel */
  const visit = (rel) => {
    if (seen.has(rel)) return;
    const path = join(dir, rel);
    if (!existsSync(path)) throw new Error(`${path} is missing: the build output is incomplete`);
    seen.add(rel);
    if (!rel.endsWith('.js')) return;
    const base = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
    // Static imports only (`import"./x.js"`, `from"./x.js"`): a dynamic import() loads a bundle
    // of its own, measured on its own.
    for (const m of readFileSync(path, 'utf8').matchAll(/(?:\bimport|\bfrom)\s*["']((?:\.{1,2})?\/[^"']+\.js)["']/g)) {
      const spec = /** @type {string} */ (m[1]);
      visit(spec.startsWith('/') ? spec.slice(1) : new URL(spec, `file:///${base}`).pathname.slice(1));
    }
  };
  for (const e of entries) visit(e);
  return [...seen];
}

/** @param {string} dir @param {string} name @returns {string[]} */
function htmlEntries(dir, name) {
  const html = readFileSync(join(dir, `${name}.html`), 'utf8');
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map(
    (m) => /** @type {string} */ (m[1]),
  );
}

/**
 * The parts of a built manifest read here (MV3 for Chromium, MV2 for Firefox).
 * @typedef {{ content_scripts?: { js?: string[], css?: string[] }[],
 *   web_accessible_resources?: { resources?: string[] }[],
 *   background: { service_worker?: string, scripts?: string[] } }} Manifest
 */

/**
 * The files of every bundle, relative to the build directory (e.g. `.output/chrome-mv3`).
 * @param {string} dir @returns {Record<BundleName, string[]>}
 */
export function bundleFiles(dir) {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No build in ${dir}: run \`npm run build\` first`);
  /** @type {Manifest} */
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const onDemand = (manifest.web_accessible_resources ?? []).flatMap((w) => w.resources ?? []);
  /** @param {string} name */
  const resource = (name) => {
    if (!onDemand.includes(name)) throw new Error(`${name} is not among the manifest's web-accessible resources`);
    return withImports(dir, [name]);
  };
  return {
    content: withImports(
      dir,
      (manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
    ),
    // loaded by the content script the first time the merchant opens the link dialog on a page
    linkDialog: resource('link-dialog.js'),
    // loaded by the content script when the merchant asks for a page report
    pageReport: resource('page-report.js'),
    popup: withImports(dir, htmlEntries(dir, 'popup')),
    options: withImports(dir, htmlEntries(dir, 'options')),
    background: withImports(
      dir,
      [manifest.background.service_worker ?? manifest.background.scripts?.[0]].filter((f) => f !== undefined),
    ),
  };
}

/**
 * Gzipped bytes (level 9, as size-limit's file preset) of every bundle, with its files.
 * @param {string} dir @returns {Record<BundleName, { bytes: number, files: string[] }>}
 */
export function bundleSizes(dir) {
  const out = /** @type {Record<BundleName, { bytes: number, files: string[] }>} */ ({});
  for (const [name, files] of /** @type {[BundleName, string[]][]} */ (Object.entries(bundleFiles(dir)))) {
    const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
    out[name] = { bytes, files };
  }
  return out;
}
