/**
 * The order engine in the real browser: connect, sync, link, send exactly once (body and
 * signature checked at the sandbox), the worker killed mid-POST, a rejection, the badge.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  control,
  CREDS,
  externalIdOf,
  inkOrders,
  inkRequests,
  launch,
  sandbox,
  until,
  type Browser,
} from './harness';

type Sb = Awaited<ReturnType<typeof sandbox>>;
interface View {
  state: string;
  toLink: number;
  message: string;
  ink: { id: string; status: string } | null;
}

let sb: Sb;
let b: Browser;

beforeAll(async () => {
  sb = await sandbox('empty');
  b = await launch(sb);
  await connect(b);
});
afterAll(async () => {
  await b?.close();
  await sb?.close();
});

async function addOrder(
  items: { productId: string; optionId: string | null; quantity: number }[],
  country = 'GB',
): Promise<string> {
  const o = await control<{ id?: string; data?: { id: string } }>(sb, 'POST', '/bc/orders', { items, country });
  return (o.id ?? o.data?.id)!;
}

const order = (id: string) => b.send<View | null>({ type: 'getOrder', orderId: id });
const liveAt = async (id: string) =>
  (await inkOrders(sb)).filter(
    (o) =>
      externalIdOf(o) === id && String((o.order as { deleted?: unknown } | undefined)?.deleted ?? o.deleted) !== 'true',
  );

describe('order engine in Chromium', () => {
  it('imports, links, and sends a new order exactly once with the expected signed body; badge follows', async () => {
    await b.send({ type: 'syncNow' });
    expect(await b.badge()).toBe('');
    const id = await addOrder([
      { productId: '330011', optionId: '1180021', quantity: 2 },
      { productId: '330016', optionId: '1180060', quantity: 1 },
    ]);
    await b.send({ type: 'syncNow' });
    expect((await order(id))!.state).toBe('needs-linking');
    expect(await b.badge()).toBe('1');

    await b.send({
      type: 'saveLink',
      link: {
        productId: '330011',
        optionId: '1180021',
        productName: 'Moth Logo Hoodie',
        optionName: 'Black / L',
        pn: 'JH001-JBK-L',
        designs: { front: 'https://cdn.mothmerch.example/front.png' },
        neverFulfil: false,
      },
    });
    expect((await order(id))!.toLink).toBe(1);
    const saved = await b.send<{ completes: number }>({
      type: 'saveLink',
      link: {
        productId: '330016',
        optionId: null,
        productName: 'Night Moth Poster',
        optionName: '',
        pn: 'POSTER-A3',
        designs: { front: 'https://cdn.mothmerch.example/poster.png' },
        neverFulfil: false,
      },
    });
    expect(saved.completes).toBe(1);
    await until('the order to be sent', async () => (await order(id))?.state === 'sent');
    expect(await b.badge()).toBe('');

    const posts = (await inkRequests(sb)).filter((r) => r.method === 'POST' && r.path.endsWith('/orders.php'));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    const params = new URLSearchParams(post.query);
    expect(params.get('AppId')).toBe(CREDS.inkthreadable.appId);
    expect(params.get('Signature')).toBe(
      createHash('sha1')
        .update(post.body + CREDS.inkthreadable.secretKey)
        .digest('hex'),
    );
    const body = JSON.parse(post.body);
    expect(body).toMatchObject({
      external_id: id,
      brandName: 'Moth Merch',
      comment: `Big Cartel order ${id}`,
      shipping: { shippingMethod: 'regular' },
      items: [
        {
          pn: 'JH001-JBK-L',
          quantity: 2,
          retailPrice: 35,
          description: 'Moth Logo Hoodie / Black / L',
          designs: { front: 'https://cdn.mothmerch.example/front.png' },
        },
        {
          pn: 'POSTER-A3',
          quantity: 1,
          retailPrice: 18,
          description: 'Night Moth Poster / A3',
          designs: { front: 'https://cdn.mothmerch.example/poster.png' },
        },
      ],
    });
    expect(body.shipping_address.country).toBe('United Kingdom');
    expect(await liveAt(id)).toHaveLength(1);
    // Every GET was signed over its exact query, Signature last.
    for (const r of (await inkRequests(sb)).filter((x) => x.method === 'GET')) {
      const [signed, sig] = r.query.split('&Signature=');
      expect(sig).toBe(
        createHash('sha1')
          .update(signed + CREDS.inkthreadable.secretKey)
          .digest('hex'),
      );
    }
  });

  it('the worker killed while Inkthreadable holds the POST open still ends with exactly one order', async () => {
    await control(sb, 'POST', '/faults', { service: 'ink', method: 'POST', path: '/api/orders.php', kind: 'hold' });
    const id = await addOrder([{ productId: '330011', optionId: '1180021', quantity: 1 }]);
    const page = await b.extPage();
    // Fire and forget: the sync sends the order and the POST hangs at the sandbox.
    await page.evaluate(() => {
      void chrome.runtime.sendMessage({ type: 'syncNow' });
    });
    await until('the POST to be held', async () => (await control<unknown[]>(sb, 'GET', '/held')).length === 1);
    await b.killWorker();
    await control(sb, 'POST', '/release');
    await until('the held order to be stored', async () => (await liveAt(id)).length === 1);
    // The worker starts again; at start-up it looks for unfinished sends and finds this one.
    await until(
      'the order to be recognised as sent',
      async () => {
        await b.send({ type: 'syncNow' });
        return (await order(id))?.state === 'sent';
      },
      60_000,
    );
    expect(await liveAt(id)).toHaveLength(1);
    expect(
      (await inkRequests(sb)).filter((r) => r.method === 'POST' && JSON.parse(r.body || '{}').external_id === id),
    ).toHaveLength(1);
    await page.close();
  });

  it('an {"error"} reply leaves the order failed with its message, on the badge; Retry sends it once', async () => {
    await control(sb, 'POST', '/faults', { service: 'ink', method: 'POST', path: '/api/orders.php', kind: 'error200' });
    const id = await addOrder([{ productId: '330016', optionId: '1180061', quantity: 1 }]);
    await b.send({ type: 'syncNow' });
    const v = await until('the order to fail', async () => {
      const o = await order(id);
      return o?.state === 'failed' ? o : null;
    });
    expect(v.message).toBe('Simulated rejection');
    expect(await b.badge()).toBe('1');
    expect(await liveAt(id)).toHaveLength(0);
    const after = await b.send<View>({ type: 'send', orderId: id });
    expect(after.state).toBe('sent');
    expect(await liveAt(id)).toHaveLength(1);
    expect(await b.badge()).toBe('');
  });
});

declare const chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
