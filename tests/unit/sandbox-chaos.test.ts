// @vitest-environment node
// The sandbox's reliability faults: 401, a fault that lets the first requests through (a page
// failing halfway through an import), a fault matched on the query, and seeded chaos mode.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, startSandbox, type Sandbox } from '../../sandbox/server.mjs';

const NOW = '2026-11-27T12:00:00.000Z';
const ACCOUNT = SANDBOX_CREDENTIALS.bigcartel.accountId;
const BASIC = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.bigcartel.subdomain}:${SANDBOX_CREDENTIALS.bigcartel.password}`).toString('base64')}`;

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ now: NOW });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(async () => {
  await control('POST', '/reset', { seed: 'demo', now: NOW, frozen: true });
});

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${sb.httpUrl}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok)
    throw Object.assign(new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`), { status: r.status });
  return json;
}

const bc = (path: string) =>
  fetch(`${sb.httpUrl}/v1${path}`, { headers: { Accept: 'application/vnd.api+json', Authorization: BASIC } });

describe('sandbox reliability faults', () => {
  it('401 answers Big Cartel with a JSON:API error even with good credentials', async () => {
    await control('POST', '/faults', { service: 'bc', kind: '401' });
    const r = await bc('/accounts');
    expect(r.status).toBe(401);
    expect((await r.json()).errors[0].status).toBe('401');
    expect((await bc('/accounts')).status).toBe(200);
  });

  it('skip lets the first matching requests through, then faults: a page failing halfway', async () => {
    await control('POST', '/faults', {
      service: 'bc',
      path: `/v1/accounts/${ACCOUNT}/orders`,
      kind: '500',
      skip: 2,
      count: 2,
    });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await bc(`/accounts/${ACCOUNT}/orders?page[limit]=2&page[offset]=${i * 2}`)).status);
    expect(statuses).toEqual([200, 200, 500, 500, 200]);
  });

  it('query matches a substring of the decoded query only', async () => {
    await control('POST', '/faults', { service: 'bc', kind: '500', query: 'page[offset]=4' });
    expect((await bc(`/accounts/${ACCOUNT}/orders?page[offset]=2`)).status).toBe(200);
    expect((await bc(`/accounts/${ACCOUNT}/orders?page%5Boffset%5D=4`)).status).toBe(500);
    expect(await control('GET', '/faults')).toEqual([]);
  });

  it('refuses bad skip, query and chaos settings with a reason', async () => {
    for (const [path, body] of [
      ['/faults', { service: 'bc', kind: '500', skip: -1 }],
      ['/faults', { service: 'bc', kind: '500', query: 3 }],
      ['/chaos', { rate: 2 }],
      ['/chaos', { seed: 'x' }],
      ['/chaos', { services: ['admin'] }],
      ['/chaos', { kinds: { ink: ['teapot'] } }],
      ['/chaos', { stallMs: 1e9 }],
    ] as const) {
      await expect(control('POST', path, body)).rejects.toMatchObject({ status: 400 });
    }
  });

  it('chaos injects seeded random faults, the same for the same seed, bounded by max', async () => {
    const run = async (seed: number) => {
      await control('POST', '/reset', { seed: 'demo', now: NOW, frozen: true });
      await control('POST', '/chaos', {
        seed,
        rate: 0.5,
        services: ['bc'],
        kinds: { bc: ['500', '429', 'malformed'] },
        max: 6,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await bc('/accounts')).status);
      const view = await control('GET', '/chaos');
      return { statuses, view };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.statuses).toEqual(b.statuses);
    expect(a.statuses).not.toEqual(c.statuses);
    expect(a.view).toMatchObject({ active: true, seed: 7, total: 6 });
    // Only the chosen kinds; every injected fault is counted.
    const counted = Object.values(a.view.injected as Record<string, number>).reduce((s, n) => s + n, 0);
    expect(counted).toBe(6);
    expect(Object.keys(a.view.injected).every((k) => /^bc:GET:(500|429|malformed)$/.test(k))).toBe(true);
    const faulted = a.statuses.filter((s) => s !== 200).length;
    const malformed = a.view.injected['bc:GET:malformed'] ?? 0;
    expect(faulted + malformed).toBe(6);
    // After max, every request is answered normally.
    expect(a.statuses.slice(-5)).toEqual([200, 200, 200, 200, 200]);
    // Recorded requests say which were faulted.
    const recs = await control('GET', '/requests?service=bc');
    expect(recs.filter((r: { fault?: string }) => r.fault).length).toBe(6);
  });

  it('chaos 500-store stores the Inkthreadable order and answers 500; DELETE and reset turn chaos off', async () => {
    await control('POST', '/chaos', { seed: 1, rate: 1, services: ['ink'], kinds: { ink: ['500-store'] }, max: 1 });
    const r = await fetch(`${sb.httpUrl}/api/orders.php?AppId=x&Signature=y`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(500);
    expect((await control('GET', '/chaos')).injected).toEqual({ 'ink:POST:500-store': 1 });
    expect((await control('DELETE', '/chaos')).total).toBe(1);
    expect((await control('GET', '/chaos')).active).toBe(false);
    await control('POST', '/chaos', { seed: 1, rate: 1, services: ['bc'] });
    await control('POST', '/reset', { seed: 'demo', now: NOW, frozen: true });
    expect((await control('GET', '/chaos')).active).toBe(false);
    expect((await bc('/accounts')).status).toBe(200);
  });
});
