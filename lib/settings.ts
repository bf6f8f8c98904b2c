/**
 * Settings and credentials in storage.local. Credentials are read only by the background (the
 * options page writes them); nothing that reaches a content script ever holds one.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { DEFAULT_SHIPPING, type ShippingDefaults } from './shipping';
import type { BcCredentials } from './bigcartel/client';
import type { InkCredentials } from './inkthreadable';

const method = z.enum(['regular', 'recorded', 'courier']);

export const settingsSchema = z.object({
  autoSend: z.boolean().default(true),
  /** ISO date (yyyy-mm-dd); null = 30 days before connecting */
  importSince: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  pollMinutes: z.number().int().min(1).max(60).default(1),
  notifications: z.boolean().default(true),
  markShipped: z.boolean().default(false),
  brandName: z.string().max(100).default(''),
  shipping: z
    .object({
      default: method,
      overrides: z.record(z.string().regex(/^[A-Z]{2}$/), method),
    })
    .default(DEFAULT_SHIPPING),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export const credentialsSchema = z.object({
  bigcartel: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('basic'), subdomain: z.string().min(1), password: z.string().min(1) }),
      z.object({ kind: z.literal('token'), token: z.string().min(1) }),
    ])
    .nullable()
    .default(null),
  inkthreadable: z.object({ appId: z.string().min(1), secretKey: z.string().min(1) }).nullable().default(null),
});
export type Credentials = { bigcartel: BcCredentials | null; inkthreadable: InkCredentials | null };

const SETTINGS_KEY = 'settings';
const CREDENTIALS_KEY = 'credentials';

export async function loadSettings(): Promise<Settings> {
  const raw = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
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
