// The reliability report's table and headline, built from what the suites recorded
// (RELIABILITY_OUT/figures.jsonl, one record per suite run) and the test runner's counts. Used by
// scripts/reliability.mjs; tested in tests/unit/reliability-table.test.ts. No figure is typed in
// here: every count comes from a suite's record.
//
// What a suite may record about the orders it had sent:
//   createdTwice  orders Inkthreadable ever held more than once (cancelled copies included)
//   leftTwice     orders Inkthreadable still holds live more than once
//   lost          orders that had to reach Inkthreadable and are not there
//   plannedTwice  how many of createdTwice the suite made happen on purpose (a seeded copy, a
//                 forced race, the one re-POST a lagging list allows)
//   leftTwiceNamed how many of leftTwice have every copy named on the order page
// Older records are read too: `duplicates` (orders held live more than once) counts as created
// and left twice; the send suite's `seededTwiceNamed` orders (held twice, paid, before any send)
// count as created, left, planned and named twice; the two-profiles suite's `outsideForced`
// gives its planned duplicates (those inside the races it forces), and its `outsideForcedTold` how
// many of the others (two browsers sending the same order at the same moment: a race nothing the
// two browsers share can close) were told to the merchant: the popup said another browser sends
// too. Such a duplicate passes when told and when its copy was cancelled while unpaid or named on
// the order page (the left-twice check covers the naming).

/**
 * @typedef {{ passed: number, failed: number, files: number }} Counts
 * @typedef {{ area: string, tried: string, faults: number, inputs: number, createdTwice: number | null,
 *   leftTwice: number | null, lost: number | null, plannedTwice: number, toldTwice: number,
 *   leftTwiceNamed: number }} Row
 * @typedef {{ faultsTried: number, inputsTried: number, createdTwice: number, leftTwice: number, lost: number,
 *   racesForced: number, createdTwiceInForcedRaces: number, plannedTwice: number, toldTwice: number,
 *   leftTwiceNamed: number, unitTests: Counts, e2eTests: Counts }} Totals
 */

const num = (/** @type {unknown} */ v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const sum = (/** @type {unknown[]} */ xs) => xs.reduce((/** @type {number} */ a, b) => a + (num(b) ?? 0), 0);

/**
 * A row's duplicates and losses, as the suite measured them (null: not measured, shown as –).
 * @param {any} f the suite's record, or null when the suite did not run or measures none
 * @param {unknown} [lost] the losses, when the suite records them under another name
 */
export function measured(f, lost = f?.lost) {
  if (!f) return { createdTwice: null, leftTwice: null, lost: null, plannedTwice: 0, toldTwice: 0, leftTwiceNamed: 0 };
  const seeded = num(f.seededTwice) ?? num(f.seededTwiceNamed) ?? 0;
  const legacy = num(f.duplicates);
  const created = num(f.createdTwice) ?? (legacy === null ? null : legacy + seeded);
  const left = num(f.leftTwice) ?? (legacy === null ? null : legacy + seeded);
  const planned =
    num(f.plannedTwice) ?? (num(f.outsideForced) !== null ? (created ?? 0) - (num(f.outsideForced) ?? 0) : seeded);
  return {
    createdTwice: created,
    leftTwice: left,
    lost: num(lost),
    plannedTwice: planned,
    // Never more than the duplicates outside the planned ones.
    toldTwice: Math.min(num(f.outsideForcedTold) ?? 0, Math.max(0, (created ?? 0) - planned)),
    leftTwiceNamed: num(f.leftTwiceNamed) ?? num(f.seededTwiceNamed) ?? 0,
  };
}

/**
 * The table's rows, one per area, from the suites' records.
 * @param {any[]} figures every record, in the order the suites wrote them
 * @returns {Row[]}
 */
function buildRows(figures) {
  const bySuite = (/** @type {string} */ s) => figures.filter((f) => f.suite === s);
  const one = (/** @type {string} */ s) => bySuite(s).at(-1) ?? null;
  const ink = one('faults-ink');
  const bc = one('faults-bigcartel');
  const two = one('two-profiles');
  const soak = one('soak');
  const send = one('send');
  const security = one('security');
  const storage = one('storage-failure');
  const props = bySuite('boundaries-property').reduce(
    (acc, f) => {
      for (const [k, v] of Object.entries(f.inputs ?? {})) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    },
    /** @type {Record<string, number>} */ ({}),
  );
  const badFiles = sum(bySuite('import-unchanged').map((f) => f.inputs?.['bad links files']));
  const twoCopies = measured(two);
  return [
    {
      area: 'Inkthreadable faults (Chromium, sandbox)',
      tried: ink ? `${ink.faults.length} faults: ${ink.faults.join(', ')}; ${ink.orders} orders` : 'not run',
      faults: ink?.faults.length ?? 0,
      inputs: 0,
      ...measured(ink),
    },
    {
      area: 'Big Cartel faults (Chromium, sandbox)',
      tried: bc
        ? `${bc.faults.length} faults: ${bc.faults.join(', ')}; import of ${bc.importOrders} orders`
        : 'not run',
      faults: bc?.faults.length ?? 0,
      inputs: 0,
      ...measured(bc, bc?.importLost),
    },
    {
      area: 'Two browser profiles, both sending',
      tried: two
        ? `${two.orders} orders, both browsers sending at once; ${two.racesForced} races forced on purpose (one browser's POST held while the other sends): ` +
          `${twoCopies.createdTwice} orders created twice, ${(twoCopies.createdTwice ?? 0) - (twoCopies.leftTwice ?? 0)} of them with the newer copy cancelled while unpaid, ` +
          `${twoCopies.leftTwice} left twice because the copy was paid before it could be cancelled (${twoCopies.leftTwiceNamed} with both Inkthreadable orders named on the order page)`
        : 'not run',
      faults: two?.racesForced ?? 0,
      inputs: 0,
      ...twoCopies,
    },
    {
      area: 'Never twice: lagging list, other integration, copies (Chromium, sandbox)',
      tried: send
        ? `${send.faults.length} faults: ${send.faults.join(', ')}; ${send.orders} orders sent by the extension` +
          (send.seededTwiceNamed
            ? `; ${send.seededTwiceNamed} order already held twice (paid) at Inkthreadable before any send: both named on the order`
            : '')
        : 'not run',
      faults: send?.faults.length ?? 0,
      inputs: 0,
      ...measured(send),
    },
    {
      area: 'Soak: random faults at both services (seeded)',
      tried: soak
        ? `${soak.orders} orders over ${soak.polls} polls, ${soak.faultsInjected} faults injected in ${soak.requestsDecided} requests (seed ${soak.seed}, rate ${soak.rate}), ${soak.retriedByMerchant} refusals retried`
        : 'not run',
      faults: soak?.faultsInjected ?? 0,
      inputs: 0,
      ...measured(soak),
    },
    {
      area: 'Storage full / IndexedDB failing (unit, fake services)',
      tried: storage
        ? `${storage.faults.length} faults: ${storage.faults.join(', ')}; ${storage.orders} orders that must reach Inkthreadable`
        : 'not run',
      faults: storage?.faults.length ?? 0,
      inputs: 0,
      ...measured(storage),
    },
    {
      area: 'Random and mutated inputs (fast-check)',
      tried: Object.keys(props).length
        ? Object.entries(props)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : 'not run',
      faults: 0,
      inputs: sum(Object.values(props)),
      ...measured(null),
    },
    {
      area: 'Bad links files',
      tried: badFiles ? `${badFiles} files (wrong version, broken CSV, non-https URL, duplicates, 10 MB)` : 'not run',
      faults: 0,
      inputs: badFiles,
      ...measured(null),
    },
    {
      area: 'Security checks',
      tried: security ? security.checks.join('; ') : 'not run',
      faults: 0,
      inputs: 0,
      ...measured(null),
    },
  ];
}

/**
 * The run's totals: every row's faults, inputs, duplicates and losses added up.
 * @param {Row[]} rows @param {any[]} figures @param {Counts} unitTests @param {Counts} e2eTests
 * @returns {Totals}
 */
function buildTotals(rows, figures, unitTests, e2eTests) {
  const two = rows.find((r) => r.area.startsWith('Two browser profiles'));
  const twoRecord = figures.filter((f) => f.suite === 'two-profiles').at(-1) ?? null;
  return {
    faultsTried: sum(rows.map((r) => r.faults)),
    inputsTried: sum(rows.map((r) => r.inputs)),
    createdTwice: sum(rows.map((r) => r.createdTwice)),
    leftTwice: sum(rows.map((r) => r.leftTwice)),
    lost: sum(rows.map((r) => r.lost)),
    racesForced: num(twoRecord?.racesForced) ?? 0,
    createdTwiceInForcedRaces: two?.plannedTwice ?? 0,
    plannedTwice: sum(rows.map((r) => r.plannedTwice)),
    toldTwice: sum(rows.map((r) => r.toldTwice)),
    leftTwiceNamed: sum(rows.map((r) => r.leftTwiceNamed)),
    unitTests,
    e2eTests,
  };
}

const cell = (/** @type {unknown} */ v) => (v === null || v === undefined ? '–' : String(v));
const plural = (/** @type {number} */ n, /** @type {string} */ one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Everything the report says: rows, totals, whether the run passes, the table (docs) and the
 * summary (README).
 * @param {{ figures: any[], unitTests: Counts, e2eTests: Counts, unitOk: boolean, e2eOk: boolean,
 *   started: Date, command: string, commit?: string, treeClean?: boolean, soakOrders?: number,
 *   propertyRuns?: number }} run
 */
export function buildReport(run) {
  const rows = buildRows(run.figures);
  const totals = buildTotals(rows, run.figures, run.unitTests, run.e2eTests);
  // Two browsers sending the same order at once may create it twice; told to the merchant, with
  // the copy cancelled or named, it is not counted against the run (see the header).
  const unplanned = totals.createdTwice - totals.plannedTwice - totals.toldTwice;
  // A duplicate may stay only when the merchant is told of every copy.
  const unexplained = totals.leftTwice - totals.leftTwiceNamed;
  const ok = run.unitOk && run.e2eOk && totals.lost === 0 && unplanned === 0 && unexplained === 0;
  const forced = totals.createdTwiceInForcedRaces;
  const otherPlanned = totals.plannedTwice - forced;
  const duplicatesLine =
    `${plural(totals.createdTwice, 'order')} created twice at Inkthreadable, ${totals.leftTwice} left there twice, ${totals.lost} lost` +
    ` (${forced} of the ${plural(totals.createdTwice, 'duplicate')} in the ${plural(totals.racesForced, 'race')} between two browsers the suites force on purpose, ` +
    `${totals.toldTwice ? `${totals.toldTwice} by two browsers sending the same order at the same moment, the merchant told to keep one sender, ` : ''}` +
    `${otherPlanned ? `${otherPlanned} made on purpose by the other suites' faults, ` : ''}${unplanned} elsewhere)`;
  const testsLine = `${run.unitTests.passed + run.e2eTests.passed} tests passed, ${run.unitTests.failed + run.e2eTests.failed} failed`;
  const soakRan = run.figures.some((f) => f.suite === 'soak');
  const soak = run.figures.filter((f) => f.suite === 'soak').at(-1);
  const propsRan = rows.some((r) => r.area.startsWith('Random and mutated') && r.inputs > 0);
  const sizes = [
    soakRan ? `soak ${soak.orders} orders` : null,
    propsRan && run.propertyRuns ? `${run.propertyRuns} runs per property` : null,
  ].filter(Boolean);
  const at = run.commit
    ? ` at commit \`${run.commit.slice(0, 12)}\`${run.treeClean ? '' : ' with uncommitted changes'}`
    : '';
  const runLine = `${run.started.toISOString().slice(0, 10)}${at}, \`${run.command}\`${sizes.length ? ` (${sizes.join(', ')})` : ''}`;
  const md = [
    `Latest run: ${runLine}. **${totals.faultsTried} faults tried, ${totals.inputsTried} inputs tried; ${duplicatesLine}**; ${testsLine}.`,
    '',
    '| Area | Tried | Created twice at Inkthreadable | Left there twice | Lost |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.area} | ${r.tried.replace(/\|/g, '\\|')} | ${cell(r.createdTwice)} | ${cell(r.leftTwice)} | ${cell(r.lost)} |`,
    ),
    '',
  ].join('\n');
  const summary = [
    `Latest reliability run (${runLine}): **${totals.faultsTried} faults and ${totals.inputsTried} inputs tried; ${duplicatesLine}**; ${testsLine}.`,
    'Every figure, and how each is measured: [docs/RELIABILITY.md](docs/RELIABILITY.md).',
    '',
  ].join('\n');
  return { rows, totals, ok, unplanned, unexplained, md, summary };
}
