// A self-signed TLS certificate for the sandbox, made once with openssl and cached in
// sandbox/.cert/ (git-ignored). Chromium runs with --ignore-certificate-errors, so the only
// requirement is that the names are right; we still list them all as SANs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CERT_HOSTS = [
  'my.bigcartel.com',
  'app.bigcartel.com',
  'api.bigcartel.com',
  'www.inkthreadable.co.uk',
  'images.bigcartel.com',
  'localhost',
];

const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '.cert');
const SAN = [...CERT_HOSTS.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');

/**
 * Returns { key, cert } (PEM strings), generating them on first use.
 * Key and certificate live in ONE file (sandbox.pem, with a "# SAN:" first line) written by an
 * atomic rename, so processes starting at the same time never pair one's key with another's cert.
 * @param {string} [dir]
 * @returns {{ key: string, cert: string }}
 */
export function ensureCert(dir = DEFAULT_DIR) {
  const file = path.join(dir, 'sandbox.pem');
  const header = `# SAN: ${SAN}\n`;
  const parse = (/** @type {string} */ text) => {
    const key = text.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/);
    const cert = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/);
    return key && cert ? { key: key[0], cert: cert[0] } : null;
  };
  try {
    const text = fs.readFileSync(file, 'utf8');
    const pair = text.startsWith(header) ? parse(text) : null;
    if (pair) return pair;
  } catch {
    // not made yet
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-keyout',
        path.join(tmp, 'key.pem'),
        '-out',
        path.join(tmp, 'cert.pem'),
        '-subj',
        '/CN=my.bigcartel.com/O=Inkthreadable overlay sandbox',
        '-addext',
        `subjectAltName=${SAN}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const key = fs.readFileSync(path.join(tmp, 'key.pem'), 'utf8');
    const cert = fs.readFileSync(path.join(tmp, 'cert.pem'), 'utf8');
    const text = header + key + cert;
    const t = path.join(dir, `.sandbox.pem.${process.pid}.tmp`);
    fs.writeFileSync(t, text, { mode: 0o600 });
    fs.renameSync(t, file);
    return /** @type {{ key: string, cert: string }} */ (parse(text));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
