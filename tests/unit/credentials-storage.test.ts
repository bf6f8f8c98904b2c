/**
 * Where the credentials are kept. A browser that can close storage.local to content scripts
 * (Chrome: setAccessLevel) keeps them there; one that cannot (Firefox) keeps them in the
 * extension's IndexedDB and leaves no secret in storage.local, which its content scripts can read.
 * Firefox's side is tested end to end too (tests/e2e/firefox/security.firefox.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { credentialsInStorageLocal, loadCredentials, saveCredentials, type Credentials } from '@/lib/worker/settings';
import { openDatabase, resetDbForTests } from '@/lib/worker/db';

const CREDS: Credentials = {
  bigcartel: { kind: 'basic', subdomain: 'mothmerch', password: 'pw-secret-1' },
  inkthreadable: { appId: 'APP-1', secretKey: 'ink-secret-2' },
};

const storageLocal = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));
type Closable = { setAccessLevel?: unknown };
const local = () => fakeBrowser.storage.local as unknown as Closable;

beforeEach(() => resetDbForTests());

describe('credentials where storage.local cannot be closed to content scripts (Firefox)', () => {
  // Firefox's storage.local has no setAccessLevel (checked in Firefox by the e2e suite).
  let had: unknown;
  beforeEach(() => {
    had = local().setAccessLevel;
    delete local().setAccessLevel;
  });
  afterEach(() => {
    local().setAccessLevel = had;
  });

  it('are kept in IndexedDB; storage.local holds neither secret', async () => {
    expect(credentialsInStorageLocal()).toBe(false);
    await fakeBrowser.storage.local.set({ settings: { brandName: 'Moth Merch' } });
    await saveCredentials(CREDS);
    expect(await loadCredentials()).toEqual(CREDS);
    const local = await storageLocal();
    expect(local).not.toContain('pw-secret-1');
    expect(local).not.toContain('ink-secret-2');
    expect(local).toContain('Moth Merch');
    const db = await openDatabase();
    expect(await db.get('meta', 'credentials')).toEqual(CREDS);
    db.close();
  });

  it('moves credentials an earlier version left in storage.local into IndexedDB, once', async () => {
    await fakeBrowser.storage.local.set({ credentials: CREDS });
    expect(await loadCredentials()).toEqual(CREDS);
    expect(await fakeBrowser.storage.local.get('credentials')).toEqual({});
    expect(await loadCredentials()).toEqual(CREDS);
    const db = await openDatabase();
    expect(await db.get('meta', 'credentials')).toEqual(CREDS);
    db.close();
  });

  it('a save replaces them; nothing saved reads as not connected', async () => {
    expect(await loadCredentials()).toEqual({ bigcartel: null, inkthreadable: null });
    await saveCredentials(CREDS);
    await saveCredentials({ ...CREDS, inkthreadable: null });
    expect(await loadCredentials()).toEqual({ ...CREDS, inkthreadable: null });
  });
});

describe('credentials where storage.local can be closed (Chrome)', () => {
  it('stay in storage.local, which the worker closes to content scripts', async () => {
    expect(typeof local().setAccessLevel).toBe('function');
    expect(credentialsInStorageLocal()).toBe(true);
    await saveCredentials(CREDS);
    expect((await fakeBrowser.storage.local.get('credentials')).credentials).toEqual(CREDS);
    expect(await loadCredentials()).toEqual(CREDS);
    const db = await openDatabase();
    expect(await db.get('meta', 'credentials')).toBeUndefined();
    db.close();
  });
});
