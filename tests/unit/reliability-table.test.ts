// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildReport, measured } from '../../scripts/lib/reliability-table.mjs';

const counts = { passed: 10, failed: 0, files: 2 };
const report = (figures: Record<string, unknown>[]) =>
  buildReport({
    figures,
    unitTests: counts,
    e2eTests: counts,
    unitOk: true,
    e2eOk: true,
    started: new Date('2026-12-06T10:00:00Z'),
    command: 'npm run reliability',
    soakOrders: 200,
    propertyRuns: 1000,
  });
const SEND_AREA = 'Never twice: lagging list, other integration, copies (Chromium, sandbox)';
/** The cells of one area's row in the markdown table. */
const cellsOf = (md: string, area: string) =>
  md
    .split('\n')
    .find((l) => l.startsWith(`| ${area} |`))!
    .split(' | ')
    .slice(-3)
    .map((c) => c.replace(/ \|$/, ''));

const ink = { suite: 'faults-ink', faults: ['500'], orders: 11, createdTwice: 0, leftTwice: 0, lost: 0 };
const two = {
  suite: 'two-profiles',
  orders: 14,
  racesForced: 2,
  createdTwice: 2,
  leftTwice: 1,
  lost: 0,
  outsideForced: 0,
  leftTwiceNamed: 1,
};

describe('the reliability table', () => {
  it("counts the never-twice suite's duplicates in its cells and in the headline", () => {
    const send = { suite: 'send', faults: ['lagging list'], orders: 3, duplicates: 1, lost: 0, seededTwiceNamed: 1 };
    const r = report([ink, two, send]);
    const row = r.rows.find((x) => x.area === SEND_AREA)!;
    expect([row.createdTwice, row.leftTwice, row.lost]).toEqual([2, 2, 0]);
    expect(cellsOf(r.md, SEND_AREA)).toEqual(['2', '2', '0']);
    expect(r.totals.createdTwice).toBe(4);
    expect(r.totals.leftTwice).toBe(3);
    expect(r.md).toContain('4 orders created twice at Inkthreadable, 3 left there twice, 0 lost');
    expect(r.summary).toContain('4 orders created twice at Inkthreadable, 3 left there twice, 0 lost');
  });

  it('reads the created-twice, left-twice and lost figures a suite records under their own names', () => {
    const send = {
      suite: 'send',
      faults: ['lagging list', 'two paid copies'],
      orders: 3,
      createdTwice: 2,
      leftTwice: 1,
      lost: 0,
      plannedTwice: 2,
      leftTwiceNamed: 1,
      seededTwiceNamed: 1,
    };
    const r = report([ink, two, send]);
    expect(cellsOf(r.md, SEND_AREA)).toEqual(['2', '1', '0']);
    expect(r.totals).toMatchObject({ createdTwice: 4, leftTwice: 2, plannedTwice: 4, leftTwiceNamed: 2 });
    expect(r.unplanned).toBe(0);
    expect(r.ok).toBe(true);
    expect(r.md).toContain(
      "(2 of the 4 duplicates in the 2 races between two browsers the suites force on purpose, 2 made on purpose by the other suites' faults, 0 elsewhere)",
    );
  });

  it("adds up every suite's duplicates and losses, whichever suite records them", () => {
    const each = { createdTwice: 1, leftTwice: 1, lost: 1 };
    const figures = [
      { ...ink, ...each },
      { suite: 'faults-bigcartel', faults: ['429'], importOrders: 250, createdTwice: 1, leftTwice: 1, importLost: 1 },
      { ...two, ...each, outsideForced: 1, leftTwiceNamed: 0 },
      { suite: 'send', faults: ['x'], orders: 1, ...each },
      {
        suite: 'soak',
        orders: 200,
        polls: 10,
        faultsInjected: 5,
        requestsDecided: 50,
        seed: 1,
        rate: 0.1,
        retriedByMerchant: 0,
        ...each,
      },
      { suite: 'storage-failure', faults: ['quota'], orders: 32, ...each },
    ];
    const r = report(figures);
    expect(r.totals).toMatchObject({ createdTwice: 6, leftTwice: 6, lost: 6 });
    for (const row of r.rows.slice(0, 6)) expect([row.createdTwice, row.leftTwice, row.lost]).toEqual([1, 1, 1]);
    expect(r.ok).toBe(false);
    expect(r.md).toContain('6 orders created twice at Inkthreadable, 6 left there twice, 6 lost');
  });

  it('fails the run on a duplicate nobody planned, or a copy left twice without both named', () => {
    expect(report([ink, two]).ok).toBe(true);
    expect(report([ink, { ...two, outsideForced: 1 }]).ok).toBe(false);
    expect(report([ink, { ...two, leftTwiceNamed: 0 }]).ok).toBe(false);
    expect(report([{ ...ink, lost: 1 }, two]).ok).toBe(false);
  });

  it('passes a duplicate of two browsers sending at once only when the merchant was told and the copy cancelled or named', () => {
    // Created twice outside the forced races, the newer copy cancelled while unpaid: told, it passes.
    const told = { ...two, createdTwice: 3, outsideForced: 1, outsideForcedTold: 1 };
    const r = report([ink, told]);
    expect(r.ok).toBe(true);
    expect(r.unplanned).toBe(0);
    expect(r.md).toContain(
      '1 by two browsers sending the same order at the same moment, the merchant told to keep one sender, 0 elsewhere',
    );
    // Not told: it fails the run.
    expect(report([ink, { ...told, outsideForcedTold: 0 }]).ok).toBe(false);
    // Told, but left twice at Inkthreadable without both named: it fails the run.
    expect(report([ink, { ...told, leftTwice: 2 }]).ok).toBe(false);
    // "Told" never covers more than the duplicates outside the forced races.
    expect(report([ink, { ...two, createdTwice: 3, outsideForced: 1, outsideForcedTold: 5 }]).totals.toldTwice).toBe(1);
    expect(report([ink, { ...two, outsideForcedTold: 1 }]).totals.toldTwice).toBe(0);
  });

  it('names the commit it measured, and says when the tree held changes beside it', () => {
    const base = { figures: [ink, two], unitTests: counts, e2eTests: counts, unitOk: true, e2eOk: true };
    const started = new Date('2026-12-07T01:00:00Z');
    const clean = buildReport({
      ...base,
      started,
      command: 'npm run reliability',
      commit: 'a'.repeat(40),
      treeClean: true,
    });
    expect(clean.md).toContain(`Latest run: 2026-12-07 at commit \`${'a'.repeat(12)}\`, \`npm run reliability\``);
    expect(clean.summary).toContain(`at commit \`${'a'.repeat(12)}\``);
    const dirty = buildReport({
      ...base,
      started,
      command: 'npm run reliability',
      commit: 'b'.repeat(40),
      treeClean: false,
    });
    expect(dirty.md).toContain(`at commit \`${'b'.repeat(12)}\` with uncommitted changes`);
  });

  it('shows – only for what a suite does not measure, and "not run" for a suite that did not run', () => {
    const r = report([ink]);
    expect(cellsOf(r.md, 'Security checks')).toEqual(['–', '–', '–']);
    expect(cellsOf(r.md, 'Inkthreadable faults (Chromium, sandbox)')).toEqual(['0', '0', '0']);
    expect(r.rows.find((x) => x.area === SEND_AREA)!.tried).toBe('not run');
    expect(measured(null)).toMatchObject({ createdTwice: null, leftTwice: null, lost: null });
  });
});
