/**
 * Settings in storage.local; credentials where no content script can read them. Credentials are
 * read only by the background (the options page writes them through it); nothing that reaches a
 * content script ever holds one.
 */
import { browser } from 'wxt/browser';
import { getDb } from './db';
import { withDefault, z } from '../zod';
import { settingsSchema, type Settings } from '../settings-schema';
import type { BcCredentials } from '../bigcartel/client';
import type { InkCredentials } from '../inkthreadable';

export type { Settings };
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

const credentialsSchema = z.object({
  bigcartel: withDefault(
    z.nullable(
      z.union([
        z.object({
          kind: z.literal('basic'),
          subdomain: z.string().check(z.minLength(1)),
          password: z.string().check(z.minLength(1)),
        }),
        z.object({ kind: z.literal('token'), token: z.string().check(z.minLength(1)) }),
      ]),
    ),
    null,
  ),
  inkthreadable: withDefault(
    z.nullable(z.object({ appId: z.string().check(z.minLength(1)), secretKey: z.string().check(z.minLength(1)) })),
    null,
  ),
});
export type Credentials = { bigcartel: BcCredentials | null; inkthreadable: InkCredentials | null };

const SETTINGS_KEY = 'settings';
const CREDENTIALS_KEY = 'credentials';

export async function loadSettings(): Promise<Settings> {
  return (await readSettings()).settings;
}

/**
 * The stored settings. When they fail their schema (written by another version of the extension,
 * or a corrupt store) every value that still reads is kept, automatic sending is off, and
 * `unreadable` says so: never back to sending on its own because a default said so.
 */
export async function readSettings(): Promise<{ settings: Settings; unreadable: boolean }> {
  const raw: unknown = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (parsed.success) return { settings: parsed.data, unreadable: false };
  return { settings: salvageSettings(raw), unreadable: true };
}

/** The values of unreadable settings that still read one by one, with automatic sending off. */
function salvageSettings(raw: unknown): Settings {
  const kept: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      if (k !== 'autoSend' && k in DEFAULT_SETTINGS && settingsSchema.safeParse({ [k]: v }).success) kept[k] = v;
    }
  }
  return settingsSchema.parse({ ...kept, autoSend: false });
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = settingsSchema.parse({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/**
 * Where the credentials live. storage.local is readable by every content script unless the browser
 * can close it to them: Chrome can (`setAccessLevel`, asked by the worker at every start), so they
 * stay there. Firefox cannot: there they live in the extension's own IndexedDB (the `meta` store),
 * which no content script can open (a content script's IndexedDB is the page's), and storage.local
 * holds no secret.
 * (The parameter is not called `storage`: WXT would auto-import its own storage module for that name.)
 */
export function credentialsInStorageLocal(areas: typeof browser.storage = browser.storage): boolean {
  return typeof (areas.local as { setAccessLevel?: unknown }).setAccessLevel === 'function';
}

const EMPTY_CREDENTIALS: Credentials = { bigcartel: null, inkthreadable: null };

function parseCredentials(raw: unknown): Credentials {
  const parsed = credentialsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : EMPTY_CREDENTIALS;
}

export async function loadCredentials(): Promise<Credentials> {
  if (credentialsInStorageLocal())
    return parseCredentials((await browser.storage.local.get(CREDENTIALS_KEY))[CREDENTIALS_KEY]);
  const db = await getDb();
  const kept = await db.get('meta', CREDENTIALS_KEY);
  if (kept !== undefined) return parseCredentials(kept);
  // Saved by an earlier version into storage.local: move them out of the content scripts' reach.
  const legacy = (await browser.storage.local.get(CREDENTIALS_KEY))[CREDENTIALS_KEY];
  if (legacy === undefined) return EMPTY_CREDENTIALS;
  const creds = parseCredentials(legacy);
  await db.put('meta', credentialsSchema.parse(creds), CREDENTIALS_KEY);
  await browser.storage.local.remove(CREDENTIALS_KEY);
  return creds;
}

export async function saveCredentials(next: Credentials): Promise<void> {
  const value = credentialsSchema.parse(next);
  if (credentialsInStorageLocal()) {
    await browser.storage.local.set({ [CREDENTIALS_KEY]: value });
    return;
  }
  await (await getDb()).put('meta', value, CREDENTIALS_KEY);
  await browser.storage.local.remove(CREDENTIALS_KEY);
}

/** The bullets every mask starts with: as many for every secret, so a mask never tells a length. */
export const MASK_BULLETS = '••••••••';
/** A secret shows its last 4 characters only from this length on (they are then at most a quarter of it). */
const MASK_TAIL_FROM = 16;

/**
 * "••••••••" or, for a long secret, "••••••••cret": enough to recognise a key, never enough to
 * use it, and never its length (8 bullets for every secret; a password shorter than 16 shows no
 * character at all).
 */
export function mask(secret: string): string {
  if (!secret) return '';
  return `${MASK_BULLETS}${secret.length >= MASK_TAIL_FROM ? secret.slice(-4) : ''}`;
}

/** The first day of the import: the chosen date, or 30 days before connecting. */
export function importSinceDate(settings: Settings, connectedAt: string): string {
  if (settings.importSince) return new Date(`${settings.importSince}T00:00:00.000Z`).toISOString();
  return new Date(new Date(connectedAt).getTime() - 30 * 86_400_000).toISOString();
}
