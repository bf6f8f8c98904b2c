/**
 * What a page or another extension cannot make the worker do, and what a mask never shows:
 * the admin origin a content script reports is stored and opened only when it is an admin host
 * (and the host it was sent from); a masked secret never tells its length.
 */
import { describe, expect, it } from 'vitest';
import { handle, UserError } from '@/lib/worker/handlers';
import { getMeta, setMeta } from '@/lib/worker/db';
import { checkMessage } from '@/lib/worker/messages';
import { mask, MASK_BULLETS } from '@/lib/worker/settings';
import { world } from './helpers/services';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const EXT_ORIGIN = `chrome-extension://${EXT}/`;
const fromAdmin = (url: string) => ({ id: EXT, url, tab: { id: 3 } });

describe('the admin origin a content script reports', () => {
  const hostile = [
    'https://evil.example',
    'javascript:alert(1)',
    'https://my.bigcartel.com.evil.example',
    'http://my.bigcartel.com',
    'https://my.bigcartel.com:444',
    'https://my.bigcartel.com/orders',
    '',
  ];

  it('is stored only when it is an admin host; anything else is refused and changes nothing', async () => {
    const w = await world();
    await handle(w.ctx, { type: 'pageVisit', origin: 'https://app.bigcartel.com', orderId: null });
    for (const origin of hostile) {
      await expect(handle(w.ctx, { type: 'pageVisit', origin, orderId: null })).rejects.toThrow(UserError);
      expect(await getMeta(w.db, 'adminOrigin')).toBe('https://app.bigcartel.com');
    }
    expect((await handle(w.ctx, { type: 'getStatus' })).adminOrigin).toBe('https://app.bigcartel.com');
  });

  it('read back from storage, is opened only when it is an admin host (an earlier version stored any)', async () => {
    const w = await world();
    for (const origin of hostile) {
      await setMeta(w.db, 'adminOrigin', origin);
      expect((await handle(w.ctx, { type: 'getStatus' })).adminOrigin).toBe('https://my.bigcartel.com');
    }
  });

  it('must be the address of the page that sent it', () => {
    const visit = (origin: string) => ({ type: 'pageVisit', origin, orderId: null });
    expect(
      checkMessage(
        visit('https://my.bigcartel.com'),
        fromAdmin('https://my.bigcartel.com/orders/MOTH-1'),
        EXT,
        EXT_ORIGIN,
      ).ok,
    ).toBe(true);
    expect(
      checkMessage(
        visit('https://app.bigcartel.com'),
        fromAdmin('https://my.bigcartel.com/orders/MOTH-1'),
        EXT,
        EXT_ORIGIN,
      ),
    ).toEqual({
      ok: false,
      error: 'A page may only report its own address.',
    });
    expect(
      checkMessage(visit('https://evil.example'), fromAdmin('https://my.bigcartel.com/'), EXT, EXT_ORIGIN).ok,
    ).toBe(false);
    expect(
      checkMessage(visit('https://my.bigcartel.com'), fromAdmin('https://evil.example/'), EXT, EXT_ORIGIN).ok,
    ).toBe(false);
  });
});

describe('masked secrets', () => {
  it('never tell their length: every secret gets the same bullets, and only a long one its last 4 characters', () => {
    const shown = new Set<string>();
    for (let n = 1; n <= 15; n++) shown.add(mask('x'.repeat(n)));
    // Every secret shorter than 16 characters looks the same.
    expect([...shown]).toEqual([MASK_BULLETS]);
    const long = new Set<string>();
    for (let n = 16; n <= 200; n++) long.add(mask(`${'y'.repeat(n - 4)}cret`));
    expect([...long]).toEqual([`${MASK_BULLETS}cret`]);
    expect(mask('')).toBe('');
  });

  it('as the options page gets them from the worker', async () => {
    const w = await world();
    const creds = [
      {
        bigcartel: { kind: 'basic' as const, subdomain: 'moth', password: 'pw' },
        inkthreadable: { appId: 'A', secretKey: 's'.repeat(40) },
      },
      {
        bigcartel: { kind: 'basic' as const, subdomain: 'moth', password: 'a-much-longer-pw' },
        inkthreadable: { appId: 'A', secretKey: `${'s'.repeat(60)}` },
      },
    ];
    const views = [];
    for (const c of creds) {
      w.ctx.credentials = async () => c;
      views.push(await handle(w.ctx, { type: 'getSettings' }));
    }
    expect(views[0]!.bigcartel).toEqual({ kind: 'basic', subdomain: 'moth', passwordMasked: MASK_BULLETS });
    expect(views[1]!.bigcartel).toEqual({ kind: 'basic', subdomain: 'moth', passwordMasked: `${MASK_BULLETS}r-pw` });
    // 40 and 60 characters: the same mask.
    expect(views[0]!.inkthreadable!.secretKeyMasked).toBe(views[1]!.inkthreadable!.secretKeyMasked);
    for (const v of views) {
      expect(JSON.stringify(v)).not.toContain('a-much-longer-pw');
      expect(JSON.stringify(v)).not.toContain('s'.repeat(8));
    }
  });
});
