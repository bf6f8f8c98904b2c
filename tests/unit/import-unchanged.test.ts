/**
 * A bad links file changes nothing: through the background's handler, with links and orders
 * already stored, every kind of bad file is refused with a message naming the problem, and the
 * links, the orders' states and Inkthreadable are untouched.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@/lib/worker/handlers';
import { CSV_HEADER, exportLinks, LINKS_FILE_FORMAT } from '@/lib/linkfile';
import { runSync } from '@/lib/worker/sync';
import { importFile } from './helpers/linkfile';
import { bcOrder, item, world, productLink as link } from './helpers/services';

const tried: string[] = [];
afterAll(() => {
  const dir = process.env.RELIABILITY_OUT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    join(dir, 'figures.jsonl'),
    `${JSON.stringify({ suite: 'import-unchanged', inputs: { 'bad links files': tried.length } })}\n`,
  );
});

const now = new Date('2026-11-20T12:00:00.000Z');
const goodRows = Array.from({ length: 1000 }, (_, i) => link(`n${i}`, `NEW-${i}`));
const validJson = exportLinks(goodRows, now).text;
const csvRow = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
const validCsvRows = goodRows.map((l) =>
  csvRow([l.productId, '', l.productName, '', l.pn, l.designs.front!, '', 'no']),
);

const BAD: [string, string, 'json' | 'csv', RegExp][] = [
  ['wrong version', JSON.stringify({ format: LINKS_FILE_FORMAT, version: 2, links: [] }), 'json', /version 2/],
  ['another format', JSON.stringify({ format: 'something-else', version: 1, links: [] }), 'json', /./],
  ['not JSON', '{"format": "inkthreadable-bigcartel-links", "version": 1, "links": [', 'json', /./],
  ['JSON of something else', '[1,2,3]', 'json', /./],
  [
    'broken CSV: unterminated quote',
    [CSV_HEADER.join(','), ...validCsvRows.slice(0, 5), '330011,,"Hoodie,,JH001,https://x.example/a.png,,no'].join(
      '\n',
    ),
    'csv',
    /./,
  ],
  ['broken CSV: no header', validCsvRows.join('\n'), 'csv', /./],
  [
    'http design URL in row 500 of 1000',
    [
      CSV_HEADER.join(','),
      ...validCsvRows.slice(0, 499),
      csvRow(['330099', '', 'Bad', '', 'JH-BAD', 'http://cdn.example.com/bad.png', '', 'no']),
      ...validCsvRows.slice(500),
    ].join('\n'),
    'csv',
    /Row 501.*https:\/\//,
  ],
  [
    'javascript: mockup URL in JSON',
    validJson.replace('"https://cdn.example.com/NEW-700.png"', '"javascript:alert(1)"'),
    'json',
    /https:\/\//,
  ],
  [
    'not a URL at all',
    validJson.replace('"https://cdn.example.com/NEW-3.png"', '"cdn example com"'),
    'json',
    /https:\/\//,
  ],
  ['a duplicate row', validJson.replace('"productId": "n5"', '"productId": "n6"'), 'json', /same product and option/],
  ['10 MB of junk', 'x'.repeat(10 * 1024 * 1024), 'csv', /./],
  [
    '10 MB of junk as JSON',
    `{"format":"${LINKS_FILE_FORMAT}","version":1,"links":[${'{"productId":1},'.repeat(600_000)}{}]}`,
    'json',
    /./,
  ],
  ['empty', '', 'json', /./],
];

describe('a bad links file changes nothing', () => {
  it.each(BAD)(
    '%s',
    async (what, text, format, message) => {
      tried.push(what);
      const w = await world();
      const existing = [link('p1', 'OLD-1'), link('p2', 'OLD-2', { neverFulfil: true, pn: '', designs: {} })];
      for (const l of existing) await w.db.put('links', l);
      await runSync(w.ctx, { manual: true });
      w.clock.advance(60_000);
      w.bc.upsert(bcOrder('MOTH-1', [item('p1', null), item('n3', null)], w.clock.now().toISOString()));
      w.bc.upsert(bcOrder('MOTH-2', [item('n5', null)], w.clock.now().toISOString()));
      await runSync(w.ctx, { manual: true });
      const ordersBefore = await w.db.getAll('orders');
      const err = await importFile(w.ctx, text, format).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      const msg = (err as Error).message;
      expect(msg).toMatch(message);
      expect(msg.length).toBeLessThan(500);
      expect(await w.db.getAll('links')).toEqual(existing);
      expect(await w.db.getAll('orders')).toEqual(ordersBefore);
      expect(w.ink.requests.filter((r) => r.op === 'create')).toHaveLength(0);
    },
    60_000,
  );
});
