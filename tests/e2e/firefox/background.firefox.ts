/**
 * The MV2 background page's lifecycle in Firefox: the page restarted while Inkthreadable holds the
 * order's POST open still ends with exactly one order; a restart keeps the badge and the polling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrder, control, liveAt, LINKS, postsOf, sandbox, type RawSb } from '../harness';
import { connect, launch, poll, until, type FxBrowser } from './harness';

let sb: RawSb;
let b: FxBrowser;

beforeAll(async () => {
  sb = await sandbox('empty');
  b = await launch(sb);
  await connect(b);
  await b.send({ type: 'saveLink', link: LINKS.hoodieL });
  await b.send({ type: 'syncNow' });
});
afterAll(async () => {
  await b?.close();
  await sb?.close();
});

/**
 * How long to wait for an unfinished send to be confirmed: found at the start-up check when the
 * order is already at Inkthreadable then, else at the next look after the extension's 90-second
 * settle time (lib/worker/outbox.ts SETTLE_MS), plus a margin for the sync that looks.
 */
const RECONCILED_WITHIN = 150_000;

interface View {
  state: string;
  message: string;
  ink: { id: string } | null;
}
const view = (id: string) => b.send<View | null>({ type: 'getOrder', orderId: id });

/**
 * An order whose POST Inkthreadable holds open while `restart` runs; the POST is then let through.
 * Ends with the order recognised as sent: exactly one order and one POST at the sandbox.
 */
async function sendThrough(restart: () => Promise<void>, quantity: number): Promise<void> {
  await control(sb, 'POST', '/faults', { service: 'ink', method: 'POST', path: '/api/orders.php', kind: 'hold' });
  const id = await addOrder(sb, [{ productId: '330011', optionId: '1180021', quantity }]);
  const page = await b.extPage();
  // Fire and forget: the sync sends the order and the POST hangs at the sandbox.
  await page.evaluate(() => {
    void browser.runtime.sendMessage({ type: 'syncNow' });
  });
  await until('the POST to be held', async () => (await control<unknown[]>(sb, 'GET', '/held')).length === 1);
  expect((await view(id))?.state).toBe('sending');

  await restart();
  // The restarted background finds the unfinished send at start-up. The POST may still be held
  // then (not at Inkthreadable yet): it does not send it again while the answer is unknown, and
  // looks again once the settle time has passed.
  await control(sb, 'POST', '/release');
  await until('the held order to be stored', async () => (await liveAt(sb, id)).length === 1);
  const v = await poll(
    'the order to be recognised as sent',
    async () => {
      await b.send({ type: 'syncNow' });
      return view(id);
    },
    (o) => o?.state === 'sent',
    RECONCILED_WITHIN,
  );
  expect(v?.ink?.id).toBeTruthy();
  expect(await liveAt(sb, id)).toHaveLength(1);
  expect(await postsOf(sb, id)).toHaveLength(1);
  await page.close().catch(() => undefined);
}

describe('background page lifecycle in Firefox', () => {
  it('the background page restarted while Inkthreadable holds the POST open: exactly one order', async () => {
    await sendThrough(() => b.reloadBackground(), 1);
    expect(await b.badge()).toBe('');
  });

  it('the whole add-on reloaded (as by an update) while Inkthreadable holds the POST open: exactly one order', async () => {
    await sendThrough(() => b.reloadExtension(), 2);
    // Everything stored survived the reload: the link and the connection.
    expect((await b.send<{ key: string }[]>({ type: 'listLinks' })).length).toBe(1);
    expect((await b.send<{ bigcartel: { state: string } }>({ type: 'getStatus' })).bigcartel.state).toBe('ok');
  });

  it('after a restart the badge is drawn again from what is stored, and polling is scheduled again', async () => {
    // An order that needs linking (the poster has no link).
    const id = await addOrder(sb, [{ productId: '330016', optionId: '1180061', quantity: 1 }]);
    await b.send({ type: 'syncNow' });
    expect((await view(id))?.state).toBe('needs-linking');
    expect(await b.badge()).toBe('1');
    const page = await b.extPage();
    // Firefox keeps the toolbar's badge text across a restart of the page: clear it, so only the
    // new page can put it back.
    await page.evaluate(() => browser.browserAction.setBadgeText({ text: '' }));
    await b.reloadBackground();
    await poll(
      'the badge drawn again',
      () => b.badge(),
      (t) => t === '1',
      15_000,
    );
    const alarms = await page.evaluate(() => browser.alarms.getAll());
    expect(alarms.map((a) => a.name)).toContain('bigcartel-poll');
    await page.close();
  });
});

declare const browser: {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  browserAction: { setBadgeText(d: { text: string }): Promise<void> };
  alarms: { getAll(): Promise<{ name: string }[]> };
};
