import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { markTrustedEvents } from './helpers/trust';

// happy-dom marks no event as the user's: the tests say which are (helpers/trust.ts).
markTrustedEvents();

beforeEach(() => {
  fakeBrowser.reset();
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});
