// Launches Debian's firefox-esr (or $FIREFOX_PATH) through puppeteer-core over WebDriver BiDi, with
// the production Firefox build (.output/firefox-mv2) installed as a temporary add-on, reaching the
// loopback sandbox under the real hostnames. Firefox has no --host-resolver-rules: a loopback
// CONNECT proxy maps the sandbox's hostnames to it and refuses every other host. Shared by the
// Firefox end-to-end suite and `npm start -- --firefox`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { SANDBOX_HOSTS } from '../../sandbox/server.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The unpacked Firefox build to install (INK_FIREFOX_EXTENSION_DIR runs another build). */
export const FIREFOX_EXTENSION_DIR = process.env.INK_FIREFOX_EXTENSION_DIR || join(ROOT, '.output/firefox-mv2');
/**
 * The moz-extension:// host the extension gets in every profile these tools start (Firefox picks a
 * random one per profile unless told).
 */
const FIREFOX_EXTENSION_UUID = '5f0c3a52-7a41-4d1e-9d55-1b6c2f3e8a10';

const INSTALL_HINT =
  'install it (Debian/Ubuntu: sudo apt-get install firefox-esr) or set FIREFOX_PATH to a Firefox binary';

export function findFirefox() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean);
  const found = candidates.find((p) => existsSync(/** @type {string} */ (p)));
  if (!found) throw new Error(`No Firefox found: ${INSTALL_HINT}.`);
  return /** @type {string} */ (found);
}

/** The add-on id the build declares (browser_specific_settings.gecko.id). */
function geckoId(dir = FIREFOX_EXTENSION_DIR) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json declares no gecko id`);
  return /** @type {string} */ (id);
}

/**
 * A loopback proxy that Firefox sends every request through: CONNECT to one of the sandbox's
 * hostnames on port 443 is tunnelled to the sandbox's HTTPS port; anything else is refused (403), so
 * nothing leaves the machine and a request to an unexpected host fails loudly.
 * @param {{ httpsPort: number, host?: string }} sb the running sandbox
 * @param {{ hosts?: readonly string[] }} [opts]
 */
async function startProxy(sb, opts = {}) {
  const hosts = new Set(opts.hosts ?? SANDBOX_HOSTS);
  /** @type {string[]} */
  const refused = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    // Plain http:// through the proxy: nothing the extension or the sandbox uses.
    refused.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end('Refused by the test proxy: only the sandboxed hosts over https are reachable.\n');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client, head) => {
    const [host, port] = String(req.url).split(':');
    client.on('error', () => undefined);
    if (!host || !hosts.has(host.toLowerCase()) || port !== '443') {
      refused.push(`CONNECT ${req.url}`);
      client.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect(sb.httpsPort, sb.host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    port,
    /** What was refused (host:port or URL), in order. */
    refused,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(() => ok(undefined)));
    },
  };
}

/**
 * The prefs the project runs Firefox with: every request through the proxy, no background traffic.
 * @param {number} proxyPort @param {string} [dir]
 */
function firefoxPrefs(proxyPort, dir = FIREFOX_EXTENSION_DIR) {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId(dir)]: FIREFOX_EXTENSION_UUID }),
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.share_proxy_settings': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.update.enabled': false,
    'app.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'browser.ping-centre.telemetry': false,
    // The extension's notifications: shown by Firefox itself, never by the desktop.
    'alerts.useSystemBackend': false,
  };
}

/**
 * Firefox with the extension installed (as a temporary add-on), reaching the sandbox.
 * @param {{ httpsPort: number, host?: string }} sb the running sandbox
 * @param {{ headless?: boolean, profile?: string, extension?: boolean }} [opts]
 */
export async function launchFirefox(sb, opts = {}) {
  const withExtension = opts.extension ?? true;
  if (withExtension && !existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first.`);
  }
  const proxy = await startProxy(sb);
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'ink-firefox-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: opts.headless ?? true,
      userDataDir: profile,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 900 },
      // Lets the tests open moz-extension:// pages (the options page, the popup) and run code there.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: firefoxPrefs(proxy.port),
    });
  } catch (err) {
    await proxy.close();
    if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  let extensionId = null;
  if (withExtension) extensionId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  return {
    browser,
    /** The gecko id of the installed add-on (null without the extension). */
    extensionId,
    /** moz-extension://<uuid>/ */
    extensionOrigin: `moz-extension://${FIREFOX_EXTENSION_UUID}`,
    profile,
    proxy,
    async close() {
      await browser.close().catch(() => undefined);
      await proxy.close();
      if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
