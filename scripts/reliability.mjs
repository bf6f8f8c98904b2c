#!/usr/bin/env node
// The reliability report: builds the extension, runs the reliability and security suites (unit
// and end-to-end against the sandbox, the soak at full size), and writes
// reliability-results/results.json and reliability-results/results.md, then puts the table into
// docs/RELIABILITY.md and its two-line summary into the README (between their markers).
// Every figure comes from what the suites recorded (RELIABILITY_OUT/figures.jsonl) or from the
// test runner's report; none is written here.
//
//   npm run reliability [-- --soak-orders N] [-- --property-runs N] [-- --no-build] [-- --no-readme]
//   npm run reliability -- --report-only    (the report again from the last run's raw figures)
//   npm run reliability -- --suites storage-failure,two-profiles
//       (only the suites whose file names hold one of these; writes reliability-results/partial/
//        and leaves the documents alone)
//
// Exits non-zero when a test failed, an order was lost, or an order was created twice at
// Inkthreadable other than in the races the two-profiles suite forces on purpose (those must
// end with the extra copy cancelled, or with every copy named on the order page).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');
const DOC = join(ROOT, 'docs', 'RELIABILITY.md');
const START = '<!-- reliability:start -->';
const END = '<!-- reliability:end -->';

const UNIT = [
  'tests/unit/boundaries-property.test.ts',
  'tests/unit/messages.test.ts',
  'tests/unit/linkfile.test.ts',
  'tests/unit/import-unchanged.test.ts',
  'tests/unit/storage-failure.test.ts',
  'tests/unit/db-upgrades.test.ts',
  'tests/unit/db.test.ts',
  'tests/unit/reliability-engine.test.ts',
  'tests/unit/engine-property.test.ts',
  'tests/unit/overlay-hostile.test.tsx',
  'tests/unit/sandbox-chaos.test.ts',
];
const E2E = [
  'tests/e2e/faults-ink.e2e.ts',
  'tests/e2e/faults-bigcartel.e2e.ts',
  'tests/e2e/two-profiles.e2e.ts',
  'tests/e2e/soak.e2e.ts',
  'tests/e2e/security.e2e.ts',
  'tests/e2e/engine.e2e.ts',
  'tests/e2e/send.e2e.ts',
];

/** @param {string} name @param {string} fallback */
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}
const flag = (/** @type {string} */ name) => process.argv.includes(`--${name}`);
const only = arg('suites', '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean);
const pick = (/** @type {string[]} */ files) =>
  only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const partial = only.length > 0;
if (partial && pick([...UNIT, ...E2E]).length === 0)
  throw new Error(`--suites ${only.join(',')} names no reliability suite`);
const OUT = join(ROOT, 'reliability-results', ...(partial ? ['partial'] : []));
const RAW = join(OUT, 'raw');
const soakOrders = Number(arg('soak-orders', '200'));
const propertyRuns = Number(arg('property-runs', '1000'));
if (!Number.isInteger(soakOrders) || soakOrders < 1) throw new Error('--soak-orders must be a positive integer');
if (!Number.isInteger(propertyRuns) || propertyRuns < 1) throw new Error('--property-runs must be a positive integer');

/** @param {string} what @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] */
function run(what, cmd, args, env = {}) {
  console.log(`\n== ${what}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const res = spawnSync(cmd, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, RELIABILITY_OUT: RAW, ...env },
  });
  return { ok: res.status === 0, seconds: Math.round((Date.now() - t0) / 1000) };
}

/** Tests passed/failed from a vitest JSON report. @param {string} file */
function counts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, files: 0 };
  const j = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: j.numPassedTests ?? 0,
    failed: (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0),
    files: j.numTotalTestSuites ?? 0,
  };
}

const reportOnly = flag('report-only');
if (!reportOnly) {
  rmSync(RAW, { recursive: true, force: true });
  mkdirSync(RAW, { recursive: true });
}
const started =
  reportOnly && existsSync(join(RAW, 'e2e.json'))
    ? new Date(JSON.parse(readFileSync(join(RAW, 'e2e.json'), 'utf8')).startTime)
    : new Date();

if (!flag('no-build') && !reportOnly) {
  for (const [what, script] of /** @type {const} */ ([
    ['build (Chrome)', 'build'],
    ['build (Firefox)', 'build:firefox'],
  ])) {
    if (!run(what, 'npm', ['run', script]).ok) {
      console.error(`${what} failed`);
      process.exit(1);
    }
  }
}

const unitJson = join(RAW, 'unit.json');
const skipped = {
  ok: counts(join(RAW, 'unit.json')).failed === 0 && counts(join(RAW, 'e2e.json')).failed === 0,
  seconds: 0,
};
const unitFiles = pick(UNIT);
const e2eFiles = pick(E2E);
const unit =
  reportOnly || !unitFiles.length
    ? skipped
    : run(
        'reliability unit suites',
        'npx',
        ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`, ...unitFiles],
        { PROPERTY_RUNS: String(propertyRuns) },
      );
const e2eJson = join(RAW, 'e2e.json');
const e2e =
  reportOnly || !e2eFiles.length
    ? skipped
    : run(
        'reliability end-to-end suites',
        'npx',
        [
          'vitest',
          'run',
          '--config',
          'vitest.e2e.config.ts',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${e2eJson}`,
          ...e2eFiles,
        ],
        {
          SOAK_ORDERS: String(soakOrders),
          SOAK_BATCH: String(Math.max(10, Math.ceil(soakOrders / 10))),
        },
      );

// ---- figures ------------------------------------------------------------------------------------
const figuresFile = join(RAW, 'figures.jsonl');
/** @type {any[]} one record per suite run, as the suites wrote it */
const figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
const bySuite = (/** @type {string} */ s) => figures.filter((f) => f.suite === s);
const one = (/** @type {string} */ s) => bySuite(s).at(-1) ?? null;
const sum = (/** @type {unknown[]} */ xs) => xs.reduce((/** @type {number} */ a, b) => a + (Number(b) || 0), 0);

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

/** A row's duplicates and losses, as the suite measured them (null: not measured, shown as –). */
const measured = (/** @type {any} */ f, lost = f?.lost) => ({
  createdTwice: f?.createdTwice ?? null,
  leftTwice: f?.leftTwice ?? null,
  lost: lost ?? null,
});

/**
 * @typedef {{ area: string, tried: string, faults: number, inputs: number, createdTwice?: number | null,
 *   leftTwice?: number | null, duplicates?: number | null, lost: number | null }} Row
 */
/** @type {Row[]} */
const rows = [
  {
    area: 'Inkthreadable faults (Chromium, sandbox)',
    tried: ink ? `${ink.faults.length} faults: ${ink.faults.join(', ')}; ${ink.orders} orders` : 'not run',
    faults: ink?.faults.length ?? 0,
    inputs: 0,
    ...measured(ink),
  },
  {
    area: 'Big Cartel faults (Chromium, sandbox)',
    tried: bc ? `${bc.faults.length} faults: ${bc.faults.join(', ')}; import of ${bc.importOrders} orders` : 'not run',
    faults: bc?.faults.length ?? 0,
    inputs: 0,
    ...measured(bc, bc?.importLost),
  },
  {
    area: 'Two browser profiles, both sending',
    tried: two
      ? `${two.orders} orders, both browsers sending at once; ${two.racesForced} races forced on purpose (one browser's POST held while the other sends): ` +
        `${two.createdTwice} orders created twice, ${two.createdTwice - two.leftTwice} of them with the newer copy cancelled while unpaid, ` +
        `${two.leftTwice} left twice because the copy was paid before it could be cancelled (${two.leftTwiceNamed} with both Inkthreadable orders named on the order page)`
      : 'not run',
    faults: two?.racesForced ?? 0,
    inputs: 0,
    ...measured(two),
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
    duplicates: send?.duplicates ?? null,
    lost: send?.lost ?? null,
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

const forcedTwice = two ? two.createdTwice - two.outsideForced : 0;
const totals = {
  faultsTried: sum(rows.map((r) => r.faults)),
  inputsTried: sum(rows.map((r) => r.inputs)),
  createdTwice: sum(rows.map((r) => r.createdTwice ?? 0)),
  leftTwice: sum(rows.map((r) => r.leftTwice ?? 0)),
  lost: sum(rows.map((r) => r.lost ?? 0)),
  racesForced: two?.racesForced ?? 0,
  createdTwiceInForcedRaces: forcedTwice,
  unitTests: counts(unitJson),
  e2eTests: counts(e2eJson),
};
const unplanned = totals.createdTwice - forcedTwice;
// A forced race may leave two copies only when the merchant is told of both.
const unexplained = totals.leftTwice - (two?.leftTwiceNamed ?? 0);
const ok = unit.ok && e2e.ok && totals.lost === 0 && unplanned === 0 && unexplained === 0;
const results = {
  date: started.toISOString(),
  command: `npm run reliability${partial ? ` -- --suites ${only.join(',')}` : ''}`,
  soakOrders,
  propertyRuns,
  ok,
  totals,
  rows,
  figures,
};
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const cell = (/** @type {unknown} */ v) => (v === null || v === undefined ? '–' : String(v));
const plural = (/** @type {number} */ n, /** @type {string} */ one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const duplicatesLine =
  `${plural(totals.createdTwice, 'order')} created twice at Inkthreadable, ${totals.leftTwice} left there twice, ${totals.lost} lost` +
  ` (${forcedTwice} of the ${plural(totals.createdTwice, 'duplicate')} in the ${plural(totals.racesForced, 'race')} between two browsers the suites force on purpose, ${unplanned} elsewhere)`;
const testsLine = `${totals.unitTests.passed + totals.e2eTests.passed} tests passed, ${totals.unitTests.failed + totals.e2eTests.failed} failed`;
const sizes = [
  soak ? `soak ${soak.orders} orders` : null,
  Object.keys(props).length ? `${propertyRuns} runs per property` : null,
].filter(Boolean);
const runLine = `${started.toISOString().slice(0, 10)}, \`${results.command}\`${sizes.length ? ` (${sizes.join(', ')})` : ''}`;
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
writeFileSync(join(OUT, 'results.md'), md);
console.log(`\n${md}`);
console.log(`Wrote ${join(OUT, 'results.json')} and results.md`);

/** Put `text` between the markers of `file`; false when the file or its markers are missing. */
/** @param {string} file @param {string} text */
function place(file, text) {
  if (!existsSync(file)) return false;
  const doc = readFileSync(file, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) return false;
  writeFileSync(file, `${doc.slice(0, a + START.length)}\n${text}${doc.slice(b)}`);
  return true;
}
if (partial) console.log('A partial run (--suites): docs/RELIABILITY.md and the README are left as they were.');
else if (!flag('no-readme')) {
  if (place(DOC, md)) console.log('Updated the reliability table in docs/RELIABILITY.md');
  if (place(README, summary)) console.log("Updated the README's reliability summary");
}
process.exit(ok ? 0 : 1);
