import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkMessage } from '@/lib/worker/messages';
import type { RequestOf, RequestType } from '@/lib/requests';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;
const popup = { id: EXT, url: `${ORIGIN}popup.html` };
const admin = { id: EXT, url: 'https://my.bigcartel.com/orders/MOTH-1', tab: { id: 3 } };

describe('message checks', () => {
  it('accepts well-formed requests from the extension pages', () => {
    const r = checkMessage({ type: 'getSettings' }, popup, EXT, ORIGIN);
    expect(r).toEqual({ ok: true, request: { type: 'getSettings' }, from: 'extension-page' });
    // The options page opened in a tab is still an extension page.
    expect(
      checkMessage({ type: 'testConnection' }, { ...popup, url: `${ORIGIN}options.html`, tab: { id: 9 } }, EXT, ORIGIN)
        .ok,
    ).toBe(true);
  });

  it('lets content scripts ask about orders and links only', () => {
    expect(checkMessage({ type: 'getOrder', orderId: 'MOTH-1' }, admin, EXT, ORIGIN).ok).toBe(true);
    for (const type of ['getSettings', 'saveCredentials', 'testConnection', 'importLinks', 'listLinks']) {
      const r = checkMessage({ type }, admin, EXT, ORIGIN);
      expect(r.ok).toBe(false);
    }
  });

  it('refuses other extensions, other pages and malformed messages, with a reason', () => {
    expect(checkMessage({ type: 'getOrder', orderId: 'X' }, { ...admin, id: 'other' }, EXT, ORIGIN)).toEqual({
      ok: false,
      error: 'Messages from other extensions are not accepted.',
    });
    expect(
      checkMessage({ type: 'getOrder', orderId: 'X' }, { id: EXT, url: 'https://evil.example/', tab: {} }, EXT, ORIGIN)
        .ok,
    ).toBe(false);
    expect(checkMessage({ type: 'getOrder' }, popup, EXT, ORIGIN)).toEqual({
      ok: false,
      error: 'Malformed "getOrder" message refused.',
    });
    // A type that is not a string is not named back, even one that cannot be turned into text.
    for (const type of [
      { toString: false },
      {
        toString: () => {
          throw new Error('no');
        },
      },
      42,
      null,
    ]) {
      expect(checkMessage({ type }, popup, EXT, ORIGIN)).toEqual({
        ok: false,
        error: 'Malformed "unknown" message refused.',
      });
    }
    expect(
      checkMessage(
        {
          type: 'saveLink',
          link: {
            productId: 'p',
            optionId: null,
            productName: 'x',
            optionName: '',
            pn: 'A',
            designs: 'nope',
            neverFulfil: false,
          },
        },
        popup,
        EXT,
        ORIGIN,
      ).ok,
    ).toBe(false);
    expect(checkMessage('hello', popup, EXT, ORIGIN).ok).toBe(false);
    expect(checkMessage(null, popup, EXT, ORIGIN).ok).toBe(false);
  });

  it('checks a request against the schema of its own type only', () => {
    const ok = (raw: unknown) => checkMessage(raw, popup, EXT, ORIGIN).ok;
    // Unknown keys are dropped; another type's fields, an unknown type and an array are refused; a
    // `type` the object inherits is read like its own.
    expect(checkMessage({ type: 'getStatus', extra: 1 }, popup, EXT, ORIGIN)).toEqual({
      ok: true,
      request: { type: 'getStatus' },
      from: 'extension-page',
    });
    expect(ok({ type: 'getOrder', productId: 'p' })).toBe(false);
    expect(ok({ type: 'getProductPage', productId: 'p' })).toBe(true);
    expect(ok({ type: 'noSuchRequest' })).toBe(false);
    expect(ok({ type: 'toString' })).toBe(false);
    expect(ok({ type: '__proto__' })).toBe(false);
    expect(ok(Object.assign([], { type: 'getStatus' }))).toBe(false);
    expect(ok(Object.create({ type: 'getStatus' }))).toBe(true);
    expect(ok({ type: 'saveCredentials', bigcartel: { kind: 'token', token: 'x' } })).toBe(true);
    expect(ok({ type: 'saveCredentials', bigcartel: { kind: 'other', token: 'x' } })).toBe(false);
    expect(ok({ type: 'saveCredentials', bigcartel: { kind: 'basic', token: 'x' } })).toBe(false);
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.record({
          id: fc.oneof(fc.constant(EXT), fc.string()),
          url: fc.oneof(fc.constant(`${ORIGIN}popup.html`), fc.webUrl(), fc.string()),
        }),
        (raw, sender) => {
          const r = checkMessage(raw, sender, EXT, ORIGIN);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** One well-formed request of every type (the typecheck fails when a type has none). */
const LINK = {
  productId: 'p1',
  optionId: 'o1',
  productName: 'Moth Tee',
  optionName: 'Black / L',
  pn: 'JH001-JBK-L',
  designs: { front: 'https://example.com/f.png' },
  neverFulfil: false,
} as const;
const EXAMPLES: { [K in RequestType]: RequestOf<K> } = {
  getOrder: { type: 'getOrder', orderId: 'MOTH-1' },
  getOrderChips: { type: 'getOrderChips', orderIds: ['MOTH-1'] },
  reportTerms: { type: 'reportTerms', orderId: 'MOTH-1' },
  listOrders: { type: 'listOrders', view: 'needsAction', offset: 0, limit: 50 },
  saveLink: { type: 'saveLink', link: LINK },
  saveLinks: { type: 'saveLinks', links: [LINK] },
  deleteLink: { type: 'deleteLink', key: 'p1:o1' },
  listLinks: { type: 'listLinks' },
  getProductOptions: { type: 'getProductOptions', productId: 'p1' },
  getProductPage: { type: 'getProductPage', productId: 'p1' },
  getCatalogue: { type: 'getCatalogue' },
  refreshCatalogue: { type: 'refreshCatalogue', force: false },
  send: { type: 'send', orderId: 'MOTH-1' },
  completeWithout: { type: 'completeWithout', orderId: 'MOTH-1' },
  setOrderShipping: { type: 'setOrderShipping', orderId: 'MOTH-1', method: 'courier' },
  syncNow: { type: 'syncNow' },
  pageVisit: { type: 'pageVisit', origin: 'https://my.bigcartel.com', orderId: 'MOTH-1' },
  getStatus: { type: 'getStatus' },
  getSettings: { type: 'getSettings' },
  saveSettings: { type: 'saveSettings', settings: { autoSend: true } },
  saveShipping: { type: 'saveShipping', shipping: { default: 'regular', overrides: { US: 'courier' } } },
  saveCredentials: { type: 'saveCredentials', inkthreadable: { appId: 'APP-1' } },
  testConnection: { type: 'testConnection' },
  importLinks: { type: 'importLinks', links: [LINK] },
  getLastImport: { type: 'getLastImport' },
  restoreImport: { type: 'restoreImport' },
};

/** What the overlay on an admin page may ask: its order, its items' links, its buttons. Nothing else. */
const FROM_ADMIN_PAGE: RequestType[] = [
  'getOrder',
  'getOrderChips',
  'reportTerms',
  'saveLink',
  'saveLinks',
  'getProductOptions',
  'getProductPage',
  'send',
  'completeWithout',
  'setOrderShipping',
  'syncNow',
  'pageVisit',
];

describe('who may ask what: every request type', () => {
  const types = Object.keys(EXAMPLES) as RequestType[];

  it('the extension pages may make every request', () => {
    for (const type of types)
      expect(checkMessage(EXAMPLES[type], popup, EXT, ORIGIN), type).toMatchObject({
        ok: true,
        from: 'extension-page',
      });
  });

  it("the admin pages exactly the overlay's requests, on both admin hosts; the rest is refused in words", () => {
    for (const url of ['https://my.bigcartel.com/orders/MOTH-1', 'https://app.bigcartel.com/orders/MOTH-1']) {
      const sender = { id: EXT, url, tab: { id: 3 } };
      const origin = new URL(url).origin;
      for (const type of types) {
        const request = type === 'pageVisit' ? { ...EXAMPLES.pageVisit, origin } : EXAMPLES[type];
        const r = checkMessage(request, sender, EXT, ORIGIN);
        if (FROM_ADMIN_PAGE.includes(type))
          expect(r, `${type} from ${origin}`).toMatchObject({ ok: true, from: 'content-script' });
        else
          expect(r, `${type} from ${origin}`).toEqual({
            ok: false,
            error: `"${type}" is not available from this page.`,
          });
      }
    }
  });

  it('any other site, or a sender without an address, may make none', () => {
    for (const sender of [
      { id: EXT, url: 'https://mothmerch.bigcartel.com/product/tee', tab: { id: 4 } },
      { id: EXT, url: 'http://my.bigcartel.com/orders/MOTH-1', tab: { id: 4 } },
      { id: EXT, tab: { id: 4 } },
    ])
      for (const type of types)
        expect(checkMessage(EXAMPLES[type], sender, EXT, ORIGIN).ok, `${type} from ${sender.url}`).toBe(false);
  });
});
