/**
 * Closing storage.local to content scripts (the credentials live there): asked of Chrome at every
 * start of the worker; where the browser cannot (Firefox has setAccessLevel for storage.session
 * only) or refuses, the worker starts all the same. The browser's side is tested end to end
 * (security.e2e.ts: the admin page's content script is refused).
 */
import { describe, expect, it, vi } from 'vitest';
import { closeStorageToContentScripts, openSessionToContentScripts } from '@/lib/worker/background';
import { snapshotArea } from '@/lib/snapshot';

type Storage = Parameters<typeof closeStorageToContentScripts>[0];
const storageWith = (local: Record<string, unknown>) => ({ local }) as unknown as Storage;

describe('closeStorageToContentScripts', () => {
  it('asks for trusted contexts only', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    expect(await closeStorageToContentScripts(storageWith({ setAccessLevel }))).toBe(true);
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('a browser without it (Firefox) or refusing it: false, never a throw', async () => {
    expect(await closeStorageToContentScripts(storageWith({}))).toBe(false);
    const refuse = vi.fn(async () => {
      throw new Error('This method is only supported for storage.session');
    });
    expect(await closeStorageToContentScripts(storageWith({ setAccessLevel: refuse }))).toBe(false);
  });
});

describe('openSessionToContentScripts', () => {
  it("opens storage.session (the order pages' views) to content scripts; false where the browser cannot", async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    expect(await openSessionToContentScripts({ session: { setAccessLevel } } as unknown as Storage)).toBe(true);
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
    expect(await openSessionToContentScripts({ session: {} } as unknown as Storage)).toBe(false);
    expect(await openSessionToContentScripts({} as unknown as Storage)).toBe(false);
  });

  it("the popup's snapshot stays out of the content scripts' reach: storage.local where it can be closed, else storage.session", () => {
    const local = { setAccessLevel: () => undefined };
    const session = {};
    expect(snapshotArea({ local, session })).toBe(local);
    expect(snapshotArea({ local: {}, session })).toBe(session);
  });
});
