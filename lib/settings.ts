/**
 * Settings and credentials in storage.local. Credentials are read only by the background (the
 * options page writes them); nothing that reaches a content script ever holds one.
 */
import { browser } from 'wxt/browser';
import { z } from './zod';
import { DEFAULT_SHIPPING, type ShippingDefaults } from './shipping';
import type { BcCredentials } from './bigcartel/client';
import type { InkCredentials } from './inkthreadable';

const method = z.enum(['regular', 'recorded', 'courier']);

export const settingsSchema = z.object({
  autoSend: z._default(z.boolean(), true),
  /** ISO date (yyyy-mm-dd); null = 30 days before connecting */
  importSince: z._default(z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))), null),
  pollMinutes: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(60)), 1),
  notifications: z._default(z.boolean(), true),
  markShipped: z._default(z.boolean(), false),
  /** An order sent but unpaid at Inkthreadable this many hours is counted on the badge. */
  unpaidHours: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(720)), 24),
  brandName: z._default(z.string().check(z.maxLength(100)), ''),
  shipping: z._default(
    z.object({
      default: method,
      overrides: z.record(z.string().check(z.regex(/^[A-Z]{2}$/)), method),
    }),
    DEFAULT_SHIPPING,
  ),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export const credentialsSchema = z.object({
  bigcartel: z._default(
    z.nullable(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('basic'), subdomain: z.string().check(z.minLength(1)), password: z.string().check(z.minLength(1)) }),
        z.object({ kind: z.literal('token'), token: z.string().check(z.minLength(1)) }),
      ]),
    ),
    null,
  ),
  inkthreadable: z._default(
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
export function salvageSettings(raw: unknown): Settings {
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

export async function loadCredentials(): Promise<Credentials> {
  const raw = (await browser.storage.local.get(CREDENTIALS_KEY))[CREDENTIALS_KEY];
  const parsed = credentialsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { bigcartel: null, inkthreadable: null };
}

export async function saveCredentials(next: Credentials): Promise<void> {
  await browser.storage.local.set({ [CREDENTIALS_KEY]: credentialsSchema.parse(next) });
}

/** "••••cret": enough to recognise a secret, never enough to use it. */
export function mask(secret: string): string {
  if (!secret) return '';
  return `${'•'.repeat(Math.max(4, Math.min(12, secret.length - 4)))}${secret.length > 8 ? secret.slice(-4) : ''}`;
}

/** The first day of the import: the chosen date, or 30 days before connecting. */
export function importSinceDate(settings: Settings, connectedAt: string): string {
  if (settings.importSince) return new Date(`${settings.importSince}T00:00:00.000Z`).toISOString();
  return new Date(new Date(connectedAt).getTime() - 30 * 86_400_000).toISOString();
}
