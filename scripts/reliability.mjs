#!/usr/bin/env node
// The reliability report: builds the extension, runs the reliability and security suites (unit
// and end-to-end against the sandbox, the soak at full size), and writes
// reliability-results/results.json and reliability-results/results.md, then puts the table into
// docs/RELIABILITY.md and its two-line summary into the README (between their markers), stamped
// with the commit measured: only a full run on a tree without uncommitted changes does that.
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
// Inkthreadable other than on purpose (the races the two-profiles suite forces, the copies the
// send suite seeds or its lagging list allows), or left there twice without every copy named on
// the order page. The table and the headline are built in scripts/lib/reliability-table.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildReport } from './lib/reliability-table.mjs';

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

/** The commit measured, and whether the tree held changes beside it (taken before anything runs). */
function stampOf() {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0 || status.status !== 0) return { commit: 'unknown', treeClean: false };
  return { commit: head.stdout.trim(), treeClean: status.stdout.trim() === '' };
}
const stamp = stampOf();

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
const command = `npm run reliability${partial ? ` -- --suites ${only.join(',')}` : ''}`;
const { rows, totals, ok, md, summary } = buildReport({
  figures,
  unitTests: counts(unitJson),
  e2eTests: counts(e2eJson),
  unitOk: unit.ok,
  e2eOk: e2e.ok,
  started,
  command,
  commit: stamp.commit,
  treeClean: stamp.treeClean,
  soakOrders,
  propertyRuns,
});
const results = {
  date: started.toISOString(),
  command,
  commit: stamp.commit,
  treeClean: stamp.treeClean,
  soakOrders,
  propertyRuns,
  ok,
  totals,
  rows,
  figures,
};
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

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
// The documents name the commit they measured: a run on a tree with uncommitted changes (or one
// made again from an earlier run's figures) writes reliability-results/ only.
else if (!stamp.treeClean)
  console.log('The tree has uncommitted changes: docs/RELIABILITY.md and the README are left as they were.');
else if (reportOnly) console.log('--report-only: docs/RELIABILITY.md and the README are left as they were.');
else if (!flag('no-readme')) {
  if (place(DOC, md)) console.log('Updated the reliability table in docs/RELIABILITY.md');
  if (place(README, summary)) console.log("Updated the README's reliability summary");
}
process.exit(ok ? 0 : 1);
