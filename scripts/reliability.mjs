#!/usr/bin/env node
// The reliability report: builds the extension, runs the reliability and security suites (unit
// and end-to-end against the sandbox, the soak at full size), and writes
// reliability-results/results.json and reliability-results/results.md, then puts the table
// into the README's reliability section (between its markers).
//
//   npm run reliability [-- --soak-orders N] [-- --property-runs N] [-- --no-build] [-- --no-readme]
//   npm run reliability -- --report-only    (the report again from the last run's raw figures)
//
// Exits non-zero when a test failed or an order was found twice or lost.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'reliability-results');
const RAW = join(OUT, 'raw');
const README = join(ROOT, 'README.md');
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

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}
const flag = (name) => process.argv.includes(`--${name}`);
const soakOrders = Number(arg('soak-orders', '200'));
const propertyRuns = Number(arg('property-runs', '1000'));
if (!Number.isInteger(soakOrders) || soakOrders < 1) throw new Error('--soak-orders must be a positive integer');
if (!Number.isInteger(propertyRuns) || propertyRuns < 1) throw new Error('--property-runs must be a positive integer');

function run(what, cmd, args, env = {}) {
  console.log(`\n== ${what}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, RELIABILITY_OUT: RAW, ...env } });
  return { ok: res.status === 0, seconds: Math.round((Date.now() - t0) / 1000) };
}

/** Tests passed/failed from a vitest JSON report. */
function counts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, files: 0 };
  const j = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: j.numPassedTests ?? 0, failed: (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0), files: j.numTotalTestSuites ?? 0 };
}

const reportOnly = flag('report-only');
if (!reportOnly) {
  rmSync(RAW, { recursive: true, force: true });
  mkdirSync(RAW, { recursive: true });
}
const started = reportOnly && existsSync(join(RAW, 'e2e.json')) ? new Date(JSON.parse(readFileSync(join(RAW, 'e2e.json'), 'utf8')).startTime) : new Date();

if (!flag('no-build') && !reportOnly) {
  for (const [what, script] of [['build (Chrome)', 'build'], ['build (Firefox)', 'build:firefox']]) {
    if (!run(what, 'npm', ['run', script]).ok) {
      console.error(`${what} failed`);
      process.exit(1);
    }
  }
}

const unitJson = join(RAW, 'unit.json');
const skipped = { ok: counts(join(RAW, 'unit.json')).failed === 0 && counts(join(RAW, 'e2e.json')).failed === 0, seconds: 0 };
const unit = reportOnly ? skipped : run('reliability unit suites', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`, ...UNIT], { PROPERTY_RUNS: String(propertyRuns) });
const e2eJson = join(RAW, 'e2e.json');
const e2e = reportOnly ? skipped : run('reliability end-to-end suites', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${e2eJson}`, ...E2E], {
  SOAK_ORDERS: String(soakOrders),
  SOAK_BATCH: String(Math.max(10, Math.ceil(soakOrders / 10))),
});

// ---- figures ------------------------------------------------------------------------------------
const figuresFile = join(RAW, 'figures.jsonl');
const figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
const bySuite = (s) => figures.filter((f) => f.suite === s);
const one = (s) => bySuite(s).at(-1) ?? null;
const sum = (xs) => xs.reduce((a, b) => a + (Number(b) || 0), 0);

const ink = one('faults-ink');
const bc = one('faults-bigcartel');
const two = one('two-profiles');
const soak = one('soak');
const send = one('send');
const security = one('security');
const storage = one('storage-failure');
const props = bySuite('boundaries-property').reduce((acc, f) => {
  for (const [k, v] of Object.entries(f.inputs ?? {})) acc[k] = (acc[k] ?? 0) + v;
  return acc;
}, /** @type {Record<string, number>} */ ({}));
const badFiles = sum(bySuite('import-unchanged').map((f) => f.inputs?.['bad links files']));

const rows = [
  {
    area: 'Inkthreadable faults (Chromium, sandbox)',
    tried: ink ? `${ink.faults.length} faults: ${ink.faults.join(', ')}; ${ink.orders} orders` : 'not run',
    faults: ink?.faults.length ?? 0,
    inputs: 0,
    duplicates: ink?.duplicates ?? null,
    lost: ink?.lost ?? null,
  },
  {
    area: 'Big Cartel faults (Chromium, sandbox)',
    tried: bc ? `${bc.faults.length} faults: ${bc.faults.join(', ')}; import of ${bc.importOrders} orders` : 'not run',
    faults: bc?.faults.length ?? 0,
    inputs: 0,
    duplicates: bc?.duplicates ?? null,
    lost: bc?.lost ?? null,
  },
  {
    area: 'Two browser profiles, both sending',
    tried: two
      ? `${two.orders} orders, both browsers sending at once, 1 race forced; ${two.racesCancelled} created twice at the same moment, the newer copy cancelled while unpaid` +
        (one('two-profiles-paid-race')?.warned ? '; 1 race whose extra copy was already paid: both Inkthreadable orders named on the order page' : '')
      : 'not run',
    faults: two ? 1 : 0,
    inputs: 0,
    duplicates: two?.duplicates ?? null,
    lost: two?.lost ?? null,
  },
  {
    area: 'Never twice: lagging list, other integration, copies (Chromium, sandbox)',
    tried: send
      ? `${send.faults.length} faults: ${send.faults.join(', ')}; ${send.orders} orders sent by the extension` +
        (send.seededTwiceNamed ? `; ${send.seededTwiceNamed} order already held twice (paid) at Inkthreadable before any send: both named on the order` : '')
      : 'not run',
    faults: send?.faults.length ?? 0,
    inputs: 0,
    duplicates: send?.duplicates ?? null,
    lost: send?.lost ?? null,
  },
  {
    area: 'Soak: random faults at both services (seeded)',
    tried: soak ? `${soak.orders} orders over ${soak.polls} polls, ${soak.faultsInjected} faults injected in ${soak.requestsDecided} requests (seed ${soak.seed}, rate ${soak.rate}), ${soak.retriedByMerchant} refusals retried` : 'not run',
    faults: soak?.faultsInjected ?? 0,
    inputs: 0,
    duplicates: soak?.duplicates ?? null,
    lost: soak?.lost ?? null,
  },
  {
    area: 'Storage full / IndexedDB failing',
    tried: storage ? `${storage.faults.length} faults: ${storage.faults.join(', ')}` : 'not run',
    faults: storage?.faults.length ?? 0,
    inputs: 0,
    duplicates: storage ? 0 : null,
    lost: storage ? 0 : null,
  },
  {
    area: 'Random and mutated inputs (fast-check)',
    tried: Object.keys(props).length ? Object.entries(props).map(([k, v]) => `${k} ${v}`).join(', ') : 'not run',
    faults: 0,
    inputs: sum(Object.values(props)),
    duplicates: null,
    lost: null,
  },
  {
    area: 'Bad links files',
    tried: badFiles ? `${badFiles} files (wrong version, broken CSV, non-https URL, duplicates, 10 MB)` : 'not run',
    faults: 0,
    inputs: badFiles,
    duplicates: null,
    lost: null,
  },
  {
    area: 'Security checks',
    tried: security ? security.checks.join('; ') : 'not run',
    faults: 0,
    inputs: 0,
    duplicates: null,
    lost: null,
  },
];

const totals = {
  faultsTried: sum(rows.map((r) => r.faults)),
  inputsTried: sum(rows.map((r) => r.inputs)),
  duplicates: sum(rows.map((r) => r.duplicates ?? 0)),
  lost: sum(rows.map((r) => r.lost ?? 0)),
  unitTests: counts(unitJson),
  e2eTests: counts(e2eJson),
};
const ok = unit.ok && e2e.ok && totals.duplicates === 0 && totals.lost === 0;
const results = { date: started.toISOString(), command: 'npm run reliability', soakOrders, propertyRuns, ok, totals, rows, figures };
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const cell = (v) => (v === null || v === undefined ? '–' : String(v));
const md = [
  `Latest run: ${started.toISOString().slice(0, 10)}, \`npm run reliability\` (soak ${soakOrders} orders, ${propertyRuns} runs per property). ` +
    `**${totals.faultsTried} faults tried, ${totals.inputsTried} inputs tried, ${totals.duplicates} duplicates, ${totals.lost} lost**; ` +
    `${totals.unitTests.passed + totals.e2eTests.passed} tests passed, ${totals.unitTests.failed + totals.e2eTests.failed} failed.`,
  '',
  '| Area | Tried | Left at Inkthreadable twice | Lost |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.area} | ${r.tried.replace(/\|/g, '\\|')} | ${cell(r.duplicates)} | ${cell(r.lost)} |`),
  '',
].join('\n');
writeFileSync(join(OUT, 'results.md'), md);
console.log(`\n${md}`);
console.log(`Wrote ${join('reliability-results', 'results.json')} and results.md`);

if (!flag('no-readme') && existsSync(README)) {
  const text = readFileSync(README, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) {
    writeFileSync(README, `${text.slice(0, a + START.length)}\n${md}${text.slice(b)}`);
    console.log('Updated the reliability table in README.md');
  }
}
process.exit(ok ? 0 : 1);
