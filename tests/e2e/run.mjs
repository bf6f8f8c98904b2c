// Runs the end-to-end suite after checking that a Chromium is there to run it in.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const candidates = /** @type {string[]} */ (
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
    Boolean,
  )
);
const chromium = candidates.find((p) => existsSync(p));
if (!chromium) {
  console.error(
    'No Chromium found for the end-to-end tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
  process.exit(1);
}
if (!existsSync('.output/chrome-mv3/manifest.json')) {
  console.error('No production build found: run `npm run build` first (npm test does it for you).');
  process.exit(1);
}
mkdirSync('test-results', { recursive: true });
const res = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--config',
    'vitest.e2e.config.ts',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/e2e.json',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);
process.exit(res.status ?? 1);
