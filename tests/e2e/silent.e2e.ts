/**
 * Never silent, in Chromium against the sandbox: a Secret key changed at Inkthreadable is said
 * and counted by the next poll (the alarm's, no click), an order that has not gone out after
 * 5 minutes is counted and explained in the popup and on its page, and an order unpaid at
 * Inkthreadable past the setting is counted with the total due.
 */
import { describe, expect, it } from 'vitest';
import { beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { addOrder, control, inkRequests, LINKS, liveAt, rig, until, viewOf, type Browser } from './harness';

const r = rig({ beforeAll, afterAll });
const tote = [{ productId: '330015', optionId: null, quantity: 1 }];

interface Status {
  inkthreadable: { state: string; message: string };
  attention?: {
    overdue: { id: string; reason: string }[];
    unpaid: { count: number; due: { amount: number; currency: string }[] | null };
  };
}

const status = (b: Browser) => b.send<Status>({ type: 'getStatus' });

/**
 * Moves the moment the order became ready back by `ms` in the extension's own database (the
 * browser's clock cannot be moved): the one change made to the extension's storage here.
 */
async function backdateReady(b: Browser, orderId: string, ms: number): Promise<void> {
  const worker = await b.worker();
  const done = await worker.evaluate(
    ([id, back]) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open('inkthreadable-overlay');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('orders', 'readwrite');
          const store = tx.objectStore('orders');
          let found = false;
          const get = store.get(id);
          get.onsuccess = () => {
            const rec = get.result;
            if (!rec?.readySince) return;
            found = true;
            store.put({ ...rec, readySince: new Date(Date.parse(rec.readySince) - back).toISOString() });
          };
          tx.oncomplete = () => {
            db.close();
            resolve(found);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [orderId, ms] as const,
  );
  if (!done) throw new Error(`order ${orderId} has no readySince to move`);
}

async function popupText(b: Browser): Promise<{ page: Page; text: () => Promise<string> }> {
  const page = await b.extPage('popup.html');
  return { page, text: () => page.locator('body').innerText() };
}

describe('never silent', () => {
  beforeAll(async () => {
    await r.b.send({ type: 'saveLink', link: LINKS.tote });
    await r.b.send({ type: 'syncNow' });
  }, 60_000);

  it('a Secret key changed at Inkthreadable: the next poll says so and counts it; a late order is counted and explained; fixed, it goes once', async () => {
    await control(r.sb, 'POST', '/ink/secret', { secretKey: 'changed-at-inkthreadable' });
    await control(r.sb, 'DELETE', '/requests');
    const id = await addOrder(r.sb, tote);

    // No click: the poll alarm reads the order, tries Inkthreadable and is refused.
    const s = await until(
      'the status to say Inkthreadable refused',
      async () => {
        const st = await status(r.b);
        return st.inkthreadable.state === 'auth' && st;
      },
      150_000,
    );
    expect(s.inkthreadable.message).toBe(
      `Refused the extension's requests: Inkthreadable answered "Invalid signature". Copy the App ID and Secret key again from your Inkthreadable account's API Settings page into Settings.`,
    );
    // What the sandbox answered: {"error": "Invalid signature"} with HTTP 200, and nothing stored.
    const asked = await inkRequests(r.sb);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((q) => q.status === 200)).toBe(true);
    expect(asked.filter((q) => q.method === 'POST')).toHaveLength(0);
    expect(await liveAt(r.sb, id)).toHaveLength(0);
    await until('the badge to count the refused key', async () => (await r.b.badge()) === '1');

    // The popup: which service, what it answered, what to do; never "Connected".
    const popup = await popupText(r.b);
    await expect
      .poll(popup.text, { timeout: 10_000 })
      .toContain('Inkthreadable: Refused the extension\'s requests: Inkthreadable answered "Invalid signature"');
    expect(await popup.text()).not.toContain('Inkthreadable: Connected');
    await popup.page.close();

    // The order's page: the same, and Send instead of "in a moment".
    const page = await r.b.context.newPage();
    await page.goto(`https://my.bigcartel.com/orders/${id}`);
    const panel = page.getByRole('region', { name: 'Inkthreadable' });
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain('"Invalid signature"');
    expect(await panel.innerText()).not.toContain('automatically in a moment');
    expect(await panel.getByRole('button', { name: 'Send to Inkthreadable' }).count()).toBe(1);

    // Five minutes on (moved in the extension's database), the order itself counts, explained.
    await backdateReady(r.b, id, 6 * 60_000);
    await r.b.send({ type: 'syncNow' });
    const late = await status(r.b);
    expect(late.attention?.overdue.map((o) => o.id)).toEqual([id]);
    expect(late.attention?.overdue[0]?.reason).toContain('"Invalid signature"');
    await until('the badge to count the late order too', async () => (await r.b.badge()) === '2');
    const popup2 = await popupText(r.b);
    const lateList = popup2.page.getByRole('list', { name: 'Orders not sent yet' });
    await expect.poll(() => lateList.innerText(), { timeout: 10_000 }).toContain(id);
    expect(await lateList.innerText()).toContain('"Invalid signature"');
    await popup2.page.close();

    // The merchant puts the new key in... here the sandbox goes back to the saved one. The next
    // poll sends the order once and every warning goes.
    await control(r.sb, 'POST', '/ink/secret', { secretKey: null });
    await r.b.send({ type: 'syncNow' });
    await until('the order to be sent', async () => (await viewOf(r.b, id))?.state === 'sent');
    expect(await liveAt(r.sb, id)).toHaveLength(1);
    const after = await status(r.b);
    expect(after.inkthreadable).toEqual({ state: 'ok', message: 'Connected' });
    expect(after.attention?.overdue).toEqual([]);
    await until('the badge to clear', async () => (await r.b.badge()) === '');
    await page.reload();
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain('Sent to Inkthreadable');
    expect(await panel.innerText()).not.toContain('Invalid signature');
    await page.close();
  }, 240_000);

  it('an order unpaid at Inkthreadable past the setting is counted, with the total due and "Pay in Inkthreadable"', async () => {
    // Inkthreadable received this order 30 hours ago: the sandbox's clock, which dates its
    // orders, is set back while the extension sends it (the Big Cartel order is dated now).
    const id = await addOrder(r.sb, tote);
    await control(r.sb, 'POST', '/clock', { now: Date.now() - 30 * 3_600_000 });
    await r.b.send({ type: 'syncNow' });
    await until('the order to be sent', async () => (await viewOf(r.b, id))?.state === 'sent');
    await control(r.sb, 'POST', '/clock', { now: Date.now() });
    const [ink] = await liveAt(r.sb, id);
    const total = (ink as unknown as { summary: { total: string; currency: string } }).summary;
    expect(total.currency).toBe('GBP');
    expect((ink as unknown as { status: string }).status).toBe('received');

    await r.b.send({ type: 'syncNow' });
    const s = await status(r.b);
    expect(s.attention?.unpaid).toMatchObject({ count: 1, due: [{ amount: Number(total.total), currency: 'GBP' }] });
    await until('the badge to count the unpaid order', async () => (await r.b.badge()) === '1');
    const popup = await popupText(r.b);
    const group = popup.page.getByRole('group', { name: 'Waiting for payment' });
    await expect
      .poll(() => group.innerText(), { timeout: 10_000 })
      .toContain(`1 order waits for payment in Inkthreadable: £${Number(total.total).toFixed(2)} due.`);
    expect(await group.getByRole('link', { name: 'Pay in Inkthreadable' }).count()).toBe(1);
    await popup.page.close();

    // A longer setting: no longer past it, no longer counted.
    await r.b.send({ type: 'saveSettings', settings: { unpaidHours: 48 } });
    expect((await status(r.b)).attention?.unpaid.count).toBe(0);
    await until('the badge to clear', async () => (await r.b.badge()) === '');
  }, 120_000);
});
