/**
 * The benchmark's smoke run, so it cannot rot: a small store through every phase of
 * `npm run bench`. Times are measured and written, never judged here; what is judged is what must
 * hold at any size: the import makes the fewest Big Cartel requests and none to Inkthreadable, a
 * poll with nothing new is one request, every item of the big orders got its mark, the link dialog
 * opens from a fresh page, the order page is measured again after the worker was stopped, the
 * report has exactly the documented keys and says which commit and which Chromium it measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const KEYS = [
  'import.orders',
  'import.seconds',
  'import.requests',
  'import.minRequests',
  'import.inkRequests',
  'poll.requests',
  'poll.ms',
  'rescan.requests',
  'rescan.minRequests',
  'overlay.items50.p50ms',
  'overlay.items50.p95ms',
  'overlay.items200.p50ms',
  'overlay.coldWorker.p50ms',
  'pageLoad.ratio',
  'popup.pending',
  'popup.firstRenderMs',
  'bundle.contentGz',
  'bundle.dialogGz',
  'bundle.popupGz',
  'bundle.optionsGz',
  'bundle.backgroundGz',
  'worker.heapBytes',
  'views.stored',
  'views.sessionBytes',
];
/** The stamp of what was measured. */
const STAMP = ['run.commit', 'run.treeClean', 'run.chromium'];

describe('npm run bench -- --smoke', () => {
  it('runs every phase against the production build and reports every figure', () => {
    const out = mkdtempSync(join(tmpdir(), 'ink-bench-'));
    try {
      const run = spawnSync(process.execPath, ['scripts/bench.mjs', '--smoke', '--no-build', '--out', out], {
        cwd: resolve(__dirname, '../..'),
        encoding: 'utf8',
        timeout: 170_000,
      });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      const stamped = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Record<string, unknown>;
      expect(Object.keys(stamped).sort()).toEqual([...KEYS, ...STAMP].sort());
      const results = stamped as Record<string, number>;
      for (const k of KEYS) expect(Number.isFinite(results[k]), k).toBe(true);

      const root = resolve(__dirname, '../..');
      const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
      expect(stamped['run.commit']).toBe(git('rev-parse', 'HEAD'));
      expect(stamped['run.treeClean']).toBe(git('status', '--porcelain') === '');
      const chromium = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], {
        encoding: 'utf8',
      }).stdout;
      expect(stamped['run.chromium']).toMatch(/^\d+\.\d+\.\d+\.\d+/);
      expect(chromium).toContain(String(stamped['run.chromium']).split(' ')[0]);
      // A smoke run never replaces the document's table.
      expect(run.stdout).toContain('only a full run at the default sizes replaces its table');

      const details = JSON.parse(readFileSync(join(out, 'details.json'), 'utf8'));
      // The smoke store: 400 orders, all unshipped; the import reads each once, in the fewest pages.
      expect(results['import.orders']).toBe(400);
      expect(results['import.minRequests']).toBe(1 + Math.ceil(400 / 100));
      expect(results['import.requests']).toBe(results['import.minRequests']);
      expect(results['import.inkRequests']).toBe(0);
      expect(results['poll.requests']).toBe(1);
      // The daily rescan reads the 400 unshipped orders again by keyset: each page after the first
      // starts at the last order seen, so 100 + 99 + 99 + 99 + 3: 5 pages (6 if orders share a time).
      expect(results['rescan.minRequests']).toBe(5);
      expect(results['rescan.requests']).toBeGreaterThanOrEqual(5);
      expect(results['rescan.requests']).toBeLessThanOrEqual(6);
      // Every order imported (none shipped) has its view in storage.session for the first draw.
      expect(results['views.stored']).toBe(400);
      expect(results['views.sessionBytes']).toBeGreaterThan(0);
      // Every item of the 50- and 200-item orders had its mark on every load.
      for (const n of [50, 200]) {
        expect(details.ui.overlay[n].length).toBeGreaterThan(0);
        for (const s of details.ui.overlay[n]) expect([s.placed, s.unplaced, s.marks]).toEqual([n, 0, n]);
      }
      // With the worker stopped before each load, every item still got its mark.
      expect(details.ui.coldWorker).toHaveLength(details.cfg.loads);
      for (const s of details.ui.coldWorker) expect([s.placed, s.unplaced, s.marks]).toEqual([50, 0, 50]);
      // The link dialog opened from a freshly loaded page every time (its module loaded then).
      expect(details.ui.dialog.length).toBeGreaterThan(0);
      expect(details.bundles.dialog.files).toEqual(['link-dialog.js']);
      expect(details.bundles.dialog.bytes).toBeGreaterThan(1000);
      expect(results['bundle.dialogGz']).toBe(details.bundles.dialog.bytes);
      expect(details.bundles.pageReport.files).toEqual(['page-report.js']);
      // The benchmark's sizes are those the budgets (npm run size) judge: the same files, with the
      // chunks each imports.
      expect(details.bundles.background.files[0]).toBe('background.js');
      expect(details.bundles.popup.files.some((f: string) => f.startsWith('chunks/popup-'))).toBe(true);
      expect(results['popup.pending']).toBe(120);
      for (const k of [
        'bundle.contentGz',
        'bundle.dialogGz',
        'bundle.popupGz',
        'bundle.optionsGz',
        'bundle.backgroundGz',
        'worker.heapBytes',
      ]) {
        expect(results[k], k).toBeGreaterThan(1000);
      }
      expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('| `popup.firstRenderMs` |');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
