/**
 * Closing storage.local to content scripts (the credentials live there): asked of Chrome at every
 * start of the worker; where the browser cannot (Firefox has setAccessLevel for storage.session
 * only) or refuses, the worker starts all the same. The browser's side is tested end to end
 * (security.e2e.ts: the admin page's content script is refused).
 */
import { describe, expect, it, vi } from 'vitest';
import { closeStorageToContentScripts } from '@/lib/worker/background';

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
