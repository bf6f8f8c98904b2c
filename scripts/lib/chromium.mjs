// Launches Debian's Chromium (or $CHROMIUM_PATH) with the production build of the extension,
// reaching the loopback sandbox under the real hostnames. Shared by the benchmark and `npm start`.
import { exposeClosedRootsEverywhere } from './closed-roots.mjs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../../sandbox/server.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The unpacked build to load (INK_EXTENSION_DIR runs another build, e.g. an unminified one to profile). */
export const EXTENSION_DIR = process.env.INK_EXTENSION_DIR || join(ROOT, '.output/chrome-mv3');

export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(/** @type {string} */ (p)));
  if (!found) {
    throw new Error(
      'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return /** @type {string} */ (found);
}

/** The flags the project runs Chromium with: quiet, no sandbox (containers), no background traffic. */
export function baseArgs(withExtension = true) {
  return [
    ...(withExtension ? [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`] : []),
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

/**
 * A persistent Chromium profile, with or without the extension.
 * @param {{ hostResolverRules: string }} sb the running sandbox
 * @param {{ extension?: boolean, headless?: boolean, profile?: string, exposeRoots?: boolean }} [opts]
 *   exposeRoots: let the driver read the overlay's closed shadow roots in every page (closed-roots.mjs)
 */
export async function launchBrowser(sb, opts = {}) {
  const withExtension = opts.extension ?? true;
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'ink-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: opts.headless ?? true,
    viewport: { width: 1280, height: 900 },
    args: [...baseArgs(withExtension), ...chromiumArgs(sb)],
  });
  if (opts.exposeRoots) await exposeClosedRootsEverywhere(context);
  let extensionId = null;
  if (withExtension) {
    let sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    if (!sw) sw = await context.waitForEvent('serviceworker', { timeout: 20_000 });
    extensionId = new URL(sw.url()).host;
  }
  return {
    context,
    extensionId,
    profile,
    async close() {
      await context.close();
      if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
