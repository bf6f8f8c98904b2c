/** Settings: reading them (credentials masked) and saving them, with what a change sets off. */
import { recompute, type EngineContext } from '../engine';
import { reviewAttention } from '../attention';
import { sendReady } from '../sends';
import { loadSettings, mask, readSettings, saveSettings } from '../settings';
import type { SettingsView } from '../../protocol';
import { UserError } from './errors';
import type { Handlers } from './types';

/** The settings and the credentials as the options page shows them (secrets masked). */
export async function settingsView(ctx: EngineContext): Promise<SettingsView> {
  const [settings, creds, stored] = await Promise.all([ctx.settings(), ctx.credentials(), readSettings()]);
  const bc = creds.bigcartel;
  return {
    settings,
    ...(stored.unreadable ? { unreadable: true } : {}),
    bigcartel: !bc
      ? null
      : bc.kind === 'basic'
        ? { kind: 'basic', subdomain: bc.subdomain, passwordMasked: mask(bc.password) }
        : { kind: 'token', tokenMasked: mask(bc.token) },
    inkthreadable: creds.inkthreadable
      ? { appId: creds.inkthreadable.appId, secretKeyMasked: mask(creds.inkthreadable.secretKey) }
      : null,
  };
}

const SETTING_NAMES: Record<string, string> = {
  autoSend: 'send automatically',
  importSince: 'import orders since (a date, yyyy-mm-dd)',
  pollMinutes: 'how often to check Big Cartel (1 to 60 minutes)',
  notifications: 'notifications',
  markShipped: 'mark orders shipped in Big Cartel',
  unpaidHours: 'hours before an unpaid order counts (1 to 720)',
  brandName: 'brand name (up to 100 characters)',
  shipping: 'shipping defaults',
};

/** The first thing wrong with a settings change, in words (never the validator's raw report). */
function settingsProblem(err: unknown): string {
  const issues = typeof err === 'object' && err !== null && 'issues' in err ? err.issues : undefined;
  const key = Array.isArray(issues)
    ? issues.map((i: { path?: PropertyKey[] }) => String(i.path?.[0] ?? '')).find((k) => k)
    : undefined;
  return key ? `check ${SETTING_NAMES[key] ?? key}` : 'check the values';
}

export const settingsHandlers: Handlers<'getSettings' | 'saveSettings' | 'saveShipping'> = {
  getSettings: (ctx) => settingsView(ctx),

  async saveSettings(ctx, req) {
    const before = await loadSettings();
    try {
      await saveSettings(req.settings);
    } catch (err) {
      throw new UserError(`Those settings are not valid: ${settingsProblem(err)}. Nothing was saved.`);
    }
    const after = await loadSettings();
    if (before.autoSend !== after.autoSend) {
      await recompute(ctx, null);
      await ctx.changed(null);
      if (after.autoSend) void sendReady(ctx).catch((err) => console.error('Sending failed', err));
    }
    if (before.unpaidHours !== after.unpaidHours) await reviewAttention(ctx, { force: true });
    return settingsView(ctx);
  },

  async saveShipping(ctx, req) {
    const before = await ctx.settings();
    await saveSettings({ shipping: req.shipping });
    // Orders whose country is unknown wait only while per-country methods exist.
    const waited = Object.keys(before.shipping.overrides).length > 0;
    if (waited !== Object.keys(req.shipping.overrides).length > 0) {
      await recompute(ctx, null);
      if (waited && before.autoSend) void sendReady(ctx).catch((err) => console.error('Sending failed', err));
    }
    await ctx.changed(null);
    return settingsView(ctx);
  },
};
