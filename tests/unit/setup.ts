import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { exposeOverlayRoots } from './helpers/closed-roots';
import { markTrustedEvents } from './helpers/trust';

// happy-dom marks no event as the user's: the tests say which are (helpers/trust.ts).
markTrustedEvents();
// The overlay's closed shadow roots stay readable to the tests (helpers/closed-roots.ts).
exposeOverlayRoots();

beforeEach(() => {
  fakeBrowser.reset();
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});
