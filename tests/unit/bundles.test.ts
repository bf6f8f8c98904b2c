/**
 * The size budgets `npm test` checks (`npm run size`): which files make each bundle, read from the
 * build output, and size-limit failing when one bundle grows past its budget. Run against a small
 * build laid out as WXT writes it, so the figures are known.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUDGETS, bundleFiles, bundleSizes } from '../../scripts/lib/bundles.mjs';

const ROOT = resolve(__dirname, '../..');
let dir: string;

function put(rel: string, text: string | Buffer): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

/** A build shaped like WXT's: shared chunks, a dynamic import, pages with scripts and styles. */
function fakeBuild(
  background: string | Buffer = 'import{a}from"./chunks/shared-1.js";import"./chunks/side-2.js";a()',
): void {
  put(
    'manifest.json',
    JSON.stringify({
      background: { type: 'module', service_worker: 'background.js' },
      content_scripts: [
        {
          matches: ['https://my.bigcartel.com/*'],
          js: ['content-scripts/bigcartel.js'],
          css: ['content-scripts/bigcartel.css'],
        },
      ],
      web_accessible_resources: [
        { resources: ['link-dialog.js', 'page-report.js'], matches: ['https://my.bigcartel.com/*'] },
      ],
    }),
  );
  put('background.js', background);
  put('chunks/shared-1.js', 'export const a=()=>1');
  put('chunks/side-2.js', 'import{a}from"./shared-1.js";a()');
  // the content script loads the dialog by a dynamic import: not part of the content script's bundle
  put('content-scripts/bigcartel.js', 'const u=chrome.runtime.getURL("/link-dialog.js");import(u);import("./late.js")');
  put('content-scripts/bigcartel.css', '.mark{color:red}');
  put('link-dialog.js', 'export default 1');
  put('page-report.js', 'export default 2');
  put(
    'popup.html',
    '<script type="module" crossorigin src="/chunks/popup-3.js"></script><link rel="modulepreload" crossorigin href="/chunks/shared-1.js"><link rel="stylesheet" crossorigin href="/assets/popup.css">',
  );
  put('options.html', '<script type="module" crossorigin src="/chunks/options-4.js"></script>');
  put('chunks/popup-3.js', 'import{a}from"./shared-1.js";a()');
  put('chunks/options-4.js', 'import"./side-2.js"');
  put('assets/popup.css', 'body{margin:0}');
}

function sizeLimit(): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/size-limit/bin.js')], {
    cwd: ROOT,
    env: { ...process.env, INK_EXTENSION_DIR: dir, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ink-bundles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('bundleFiles', () => {
  it('takes each bundle from the build output, with every chunk it imports and nothing it loads later', () => {
    fakeBuild();
    expect(bundleFiles(dir)).toEqual({
      content: ['content-scripts/bigcartel.js', 'content-scripts/bigcartel.css'],
      linkDialog: ['link-dialog.js'],
      pageReport: ['page-report.js'],
      popup: ['chunks/popup-3.js', 'chunks/shared-1.js', 'assets/popup.css'],
      options: ['chunks/options-4.js', 'chunks/side-2.js', 'chunks/shared-1.js'],
      background: ['background.js', 'chunks/shared-1.js', 'chunks/side-2.js'],
    });
  });

  it('sums the gzipped size of every file of a bundle', () => {
    fakeBuild();
    const gz = (t: string) => gzipSync(t, { level: 9 }).length;
    expect(bundleSizes(dir).popup.bytes).toBe(
      gz('import{a}from"./shared-1.js";a()') + gz('export const a=()=>1') + gz('body{margin:0}'),
    );
  });

  it('says so when there is no build, or a file a bundle imports is missing', () => {
    expect(() => bundleFiles(dir)).toThrow(/run `npm run build` first/);
    fakeBuild();
    rmSync(join(dir, 'chunks/side-2.js'));
    expect(() => bundleFiles(dir)).toThrow(/side-2\.js is missing/);
  });
});

describe('npm run size', () => {
  it('passes while every bundle is within its budget', () => {
    fakeBuild();
    const r = sizeLimit();
    expect(r.status, r.out).toBe(0);
  });

  it('fails when the worker, with the chunks it imports, grows past its budget', () => {
    // Random bytes do not compress: a worker just over its budget gzipped, the chunks on top.
    fakeBuild(
      `${randomBytes(BUDGETS.background - 100)
        .toString('latin1')
        .replace(/\n/g, ' ')}\nimport"./chunks/side-2.js"`,
    );
    expect(bundleSizes(dir).background.bytes).toBeGreaterThan(BUDGETS.background);
    const r = sizeLimit();
    expect(r.status, r.out).toBe(1);
    expect(r.out).toMatch(/background worker[\s\S]*exceeded/);
    expect(r.out).not.toMatch(/popup[^\n]*\n[^\n]*exceeded/);
  });
});
