// Runs the Firefox end-to-end suite after checking that a Firefox and the Firefox build are there.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const candidates = /** @type {string[]} */ (
  [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean)
);
const firefox = candidates.find((p) => existsSync(p));
if (!firefox) {
  console.error(
    'No Firefox found for the Firefox end-to-end tests: install it (Debian/Ubuntu: sudo apt-get install firefox-esr) or set FIREFOX_PATH to a Firefox binary.',
  );
  process.exit(1);
}
if (!existsSync('.output/firefox-mv2/manifest.json')) {
  console.error('No Firefox build found: run `npm run build:firefox` first (npm test does it for you).');
  process.exit(1);
}
mkdirSync('test-results', { recursive: true });
const res = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--config',
    'vitest.e2e-firefox.config.ts',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/e2e-firefox.json',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, FIREFOX_PATH: firefox } },
);
process.exit(res.status ?? 1);
