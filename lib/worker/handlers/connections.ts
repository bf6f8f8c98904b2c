/** The connections to Big Cartel and Inkthreadable: saving the credentials and testing them. */
import type { EngineContext } from '../engine';
import type { Credentials } from '../settings';
import { saveCredentials } from '../settings';
import { resetSync, setServiceState } from '../sync-meta';
import type { RequestOf, ServiceState } from '../../protocol';
import { UserError } from './errors';
import { settingsView } from './settings';
import type { Handlers } from './types';

type CredentialsRequest = RequestOf<'saveCredentials'>;

/** The Big Cartel credentials a request asks for (a blank secret keeps the stored one). */
function nextBigcartel(
  cur: Credentials['bigcartel'],
  b: NonNullable<CredentialsRequest['bigcartel']>,
): Credentials['bigcartel'] {
  if (b.kind === 'basic') {
    const password = b.password || (cur?.kind === 'basic' ? cur.password : '');
    if (!b.subdomain.trim() || !password) throw new UserError('Enter the store subdomain and the store password.');
    const subdomain = b.subdomain
      .trim()
      .toLowerCase()
      .replace(/\.bigcartel\.com$/, '');
    return { kind: 'basic', subdomain, password };
  }
  const token = b.token || (cur?.kind === 'token' ? cur.token : '');
  if (!token) throw new UserError('Paste the API access token.');
  return { kind: 'token', token: token.trim() };
}

/** The Inkthreadable credentials a request asks for (a blank secret keeps the stored one). */
function nextInkthreadable(
  cur: Credentials['inkthreadable'],
  i: NonNullable<CredentialsRequest['inkthreadable']>,
): Credentials['inkthreadable'] {
  const secretKey = i.secretKey || cur?.secretKey || '';
  if (!i.appId.trim() || !secretKey) throw new UserError('Enter the Inkthreadable App ID and Secret key.');
  return { appId: i.appId.trim(), secretKey: secretKey.trim() };
}

/** After new credentials: each changed service is "not checked yet"; another store starts the sync over. */
async function credentialsChanged(ctx: EngineContext, cur: Credentials, next: Credentials): Promise<void> {
  if (JSON.stringify(cur.bigcartel) !== JSON.stringify(next.bigcartel)) {
    await setServiceState(
      ctx.db,
      'bigcartel',
      next.bigcartel
        ? { state: 'ok', message: 'Saved: not checked yet' }
        : { state: 'unconfigured', message: 'Connect your Big Cartel store in Settings.' },
    );
    const subdomainBefore = cur.bigcartel?.kind === 'basic' ? cur.bigcartel.subdomain : null;
    const subdomainAfter = next.bigcartel?.kind === 'basic' ? next.bigcartel.subdomain : null;
    if (subdomainBefore && subdomainAfter && subdomainBefore !== subdomainAfter) await resetSync(ctx.db);
  }
  if (JSON.stringify(cur.inkthreadable) !== JSON.stringify(next.inkthreadable)) {
    await setServiceState(
      ctx.db,
      'inkthreadable',
      next.inkthreadable
        ? { state: 'ok', message: 'Saved: not checked yet' }
        : { state: 'unconfigured', message: 'Connect your Inkthreadable account in Settings.' },
    );
  }
}

async function checkBigcartel(ctx: EngineContext, creds: Credentials): Promise<ServiceState> {
  if (!creds.bigcartel) return { state: 'unconfigured', message: 'Enter your Big Cartel store details first.' };
  const res = await ctx.bcClient(creds.bigcartel).getAccount();
  const state: ServiceState =
    res.kind === 'ok'
      ? { state: 'ok', message: `Connected to ${res.value.storeName || res.value.subdomain}` }
      : res.kind === 'auth'
        ? { state: 'auth', message: res.message }
        : { state: 'error', message: res.message };
  await setServiceState(ctx.db, 'bigcartel', state);
  return state;
}

async function checkInkthreadable(ctx: EngineContext, creds: Credentials): Promise<ServiceState> {
  if (!creds.inkthreadable)
    return { state: 'unconfigured', message: 'Enter your Inkthreadable App ID and Secret key first.' };
  const res = await ctx.inkClient(creds.inkthreadable).testConnection();
  const state: ServiceState =
    res.kind === 'ok'
      ? { state: 'ok', message: 'Connected' }
      : res.kind === 'rejected'
        ? { state: 'auth', message: res.message }
        : { state: 'error', message: res.message };
  await setServiceState(ctx.db, 'inkthreadable', state);
  return state;
}

export const connectionHandlers: Handlers<'saveCredentials' | 'testConnection'> = {
  async saveCredentials(ctx, req) {
    const cur = await ctx.credentials();
    const next: Credentials = { ...cur };
    if (req.bigcartel !== undefined)
      next.bigcartel = req.bigcartel === null ? null : nextBigcartel(cur.bigcartel, req.bigcartel);
    if (req.inkthreadable !== undefined)
      next.inkthreadable = req.inkthreadable === null ? null : nextInkthreadable(cur.inkthreadable, req.inkthreadable);
    await saveCredentials(next);
    await credentialsChanged(ctx, cur, next);
    await ctx.changed(null);
    return settingsView(ctx);
  },

  async testConnection(ctx) {
    const creds = await ctx.credentials();
    const bigcartel = await checkBigcartel(ctx, creds);
    const inkthreadable = await checkInkthreadable(ctx, creds);
    await ctx.changed(null);
    return { bigcartel, inkthreadable };
  },
};
