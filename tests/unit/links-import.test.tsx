/**
 * Links imports merge, show what they will do first, and can be undone:
 * - a file without a column (a JSON key) keeps the stored link's value for it: mockups, the
 *   designs of placements it has no column for, never fulfil, names;
 * - the options page previews what will be added, changed and removed, and writes nothing until
 *   the merchant chooses Import (Cancel writes nothing);
 * - the links an import replaced are kept, and one click restores them (and takes away those it
 *   added). The options page talks to the real handlers here, on fake-indexeddb.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Options } from '@/components/options/Options';
import { handle, UserError } from '@/lib/worker/handlers';
import { CSV_HEADER, exportLinks, importLinks } from '@/lib/linkfile';
import { linkDiff, planImport } from '@/lib/links';
import type { Request } from '@/lib/protocol';
import { DEFAULT_SETTINGS } from '@/lib/worker/settings';
import { fakeBackground, getByRole, getByText, mount, queryByRole, textOf, unmountAll, waitFor } from './helpers/dom';
import { link, world, type TestWorld } from './helpers/services';
import { importFile, previewFile } from './helpers/linkfile';

afterEach(() => unmountAll());

const now = new Date('2026-12-06T10:00:00.000Z');
const hoodie = link('330011', '1180021', 'JH001-JBK-L', {
  productName: 'Moth Logo Hoodie',
  optionName: 'Black / L',
  designs: { front: 'https://cdn.example.com/front.png', back: 'https://cdn.example.com/back.png' },
  mockups: { front: 'https://cdn.example.com/mock.png' },
});
const sticker = link('330013', null, '', { productName: 'Sticker Pack', designs: {}, neverFulfil: true });
const stored = new Map([hoodie, sticker].map((l) => [l.key, l]));
const csv = (header: string[], ...rows: string[][]) => [header, ...rows].map((r) => r.join(',')).join('\r\n');

describe('a links file merges over the stored links', () => {
  it('a CSV without mockup or back design columns keeps them; a new code and front design replace theirs', () => {
    const text = csv(
      ['Big Cartel product id', 'Option id', 'Inkthreadable code', 'Front design'],
      ['330011', '1180021', 'JH001-JBK-XL', 'https://cdn.example.com/new.png'],
    );
    const r = importLinks(text, 'csv', now, stored);
    expect(r.ok && r.links).toEqual([
      {
        ...hoodie,
        pn: 'JH001-JBK-XL',
        designs: { front: 'https://cdn.example.com/new.png', back: 'https://cdn.example.com/back.png' },
        updatedAt: now.toISOString(),
      },
    ]);
  });

  it("a CSV's empty design cell removes that placement; no Never fulfil column keeps never fulfil", () => {
    const text = csv(
      ['Big Cartel product id', 'Option id', 'Back design'],
      ['330011', '1180021', ''],
      ['330013', '', ''],
    );
    const r = importLinks(text, 'csv', now, stored);
    if (!r.ok) throw new Error(r.message);
    expect(r.links[0]).toMatchObject({
      pn: 'JH001-JBK-L',
      designs: { front: 'https://cdn.example.com/front.png' },
      mockups: hoodie.mockups,
      productName: 'Moth Logo Hoodie',
      optionName: 'Black / L',
    });
    expect(r.links[1]).toMatchObject({ neverFulfil: true, productName: 'Sticker Pack' });
    const plan = planImport(r.links, stored);
    expect(plan).toMatchObject({ added: [], unchanged: 1 });
    expect(linkDiff(plan.changed[0]!.before, plan.changed[0]!.after)).toEqual({
      changed: [],
      removed: ['back design (https://cdn.example.com/back.png)'],
    });
  });

  it("a JSON link without designs or mockups keeps them; with designs, they are the link's whole set", () => {
    const file = (row: Record<string, unknown>) =>
      JSON.stringify({ format: 'inkthreadable-bigcartel-links', version: 1, links: [row] });
    const kept = importLinks(
      file({ productId: '330011', optionId: '1180021', pn: 'JH001-JBK-M' }),
      'json',
      now,
      stored,
    );
    expect(kept.ok && kept.links[0]).toMatchObject({
      pn: 'JH001-JBK-M',
      designs: hoodie.designs,
      mockups: hoodie.mockups,
      optionName: 'Black / L',
    });
    const replaced = importLinks(
      file({ productId: '330011', optionId: '1180021', designs: { front: 'https://cdn.example.com/only.png' } }),
      'json',
      now,
      stored,
    );
    expect(replaced.ok && replaced.links[0]).toMatchObject({
      pn: 'JH001-JBK-L',
      designs: { front: 'https://cdn.example.com/only.png' },
      mockups: hoodie.mockups,
    });
  });

  it('an export imported again changes nothing', () => {
    const r = importLinks(exportLinks([hoodie, sticker], now).text, 'json', now, stored);
    if (!r.ok) throw new Error(r.message);
    expect(planImport(r.links, stored)).toEqual({ added: [], changed: [], unchanged: 2 });
  });

  it('a new link still needs everything a link needs: a row without a code column is refused', () => {
    const text = csv(['Big Cartel product id', 'Front design'], ['999', 'https://cdn.example.com/f.png']);
    expect(importLinks(text, 'csv', now, stored)).toEqual({
      ok: false,
      message: 'Row 2: Enter the Inkthreadable product code, e.g. JH001-JBK-L.',
    });
  });
});

async function seeded(): Promise<TestWorld> {
  const w = await world();
  for (const l of stored.values()) await w.db.put('links', l);
  return w;
}
const all = async (w: TestWorld) => (await w.db.getAll('links')).sort((a, b) => (a.key < b.key ? -1 : 1));
const file = csv(
  [...CSV_HEADER.slice(0, 5), 'Front design'],
  ['330011', '1180021', 'Moth Logo Hoodie', 'Black / L', 'JH001-JBK-XL', 'https://cdn.example.com/new.png'],
  ['330012', '', 'Moth Tee', '', 'GD001-WHT-M', 'https://cdn.example.com/tee.png'],
);

describe('the worker: preview, import, restore', () => {
  it('a preview writes nothing; the import writes what it showed; a restore puts every replaced link back and removes the added', async () => {
    const w = await seeded();
    const before = await all(w);
    const preview = await previewFile(w.ctx, file, 'csv');
    expect(preview).toMatchObject({ added: 1, changed: 1, unchanged: 0, removing: 0 });
    expect(preview.entries.map((e) => [e.kind, e.after.key])).toEqual([
      ['added', '330012|*'],
      ['changed', '330011|1180021'],
    ]);
    expect(await all(w)).toEqual(before);
    expect(await handle(w.ctx, { type: 'getLastImport' })).toBeNull();

    expect(await importFile(w.ctx, file, 'csv')).toEqual({
      added: 1,
      changed: 1,
      unchanged: 0,
    });
    const after = await all(w);
    expect(after.map((l) => l.key)).toEqual(['330011|1180021', '330012|*', '330013|*']);
    expect(after[0]).toMatchObject({
      pn: 'JH001-JBK-XL',
      designs: { front: 'https://cdn.example.com/new.png', back: hoodie.designs.back },
      mockups: hoodie.mockups,
    });
    expect(await handle(w.ctx, { type: 'getLastImport' })).toEqual({
      at: w.clock.now().toISOString(),
      replaced: 1,
      added: 1,
    });

    expect(await handle(w.ctx, { type: 'restoreImport' })).toEqual({ restored: 1, removed: 1 });
    expect(await all(w)).toEqual(before);
    expect(await handle(w.ctx, { type: 'getLastImport' })).toBeNull();
    await expect(handle(w.ctx, { type: 'restoreImport' })).rejects.toThrow(UserError);
  });

  it('an import that changes nothing keeps the last import restorable', async () => {
    const w = await seeded();
    await importFile(w.ctx, file, 'csv');
    expect(await importFile(w.ctx, file, 'csv')).toEqual({
      added: 0,
      changed: 0,
      unchanged: 2,
    });
    expect(await handle(w.ctx, { type: 'getLastImport' })).toMatchObject({ replaced: 1, added: 1 });
  });
});

describe('the options page: preview, confirm or cancel, restore', () => {
  /** The options page on the real handlers; settings and status canned (not under test here). */
  function page(w: TestWorld): Request[] {
    const real = (req: Request) => handle(w.ctx, req);
    return fakeBackground({
      getSettings: () => ({ settings: DEFAULT_SETTINGS, bigcartel: null, inkthreadable: null }),
      getStatus: () => handle(w.ctx, { type: 'getStatus' }),
      listLinks: real,
      importLinks: real,
      getLastImport: real,
      restoreImport: real,
    } as never);
  }
  function choose(f: File) {
    const input = document.getElementById('links-import') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [f], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  const removing = csv(
    ['Big Cartel product id', 'Option id', 'Inkthreadable code', 'Back design'],
    ['330011', '1180021', 'JH001-JBK-XL', ''],
  );

  it('shows what will be added, changed and removed; Cancel writes nothing', async () => {
    const w = await seeded();
    const before = await all(w);
    const calls = page(w);
    mount(<Options />);
    await waitFor(() => getByRole('table', 'Links'));
    choose(new File([removing], 'links.csv'));
    const preview = await waitFor(() => getByRole('group', 'Import links.csv?'));
    expect(textOf(preview)).toContain('0 added, 1 changed (1 link losing a code, design or mockup), 0 unchanged.');
    expect(textOf(preview)).toContain('Moth Logo Hoodie / Black / L');
    expect(textOf(preview)).toContain('Code: JH001-JBK-L → JH001-JBK-XL');
    expect(textOf(preview)).toContain('Removed: back design (https://cdn.example.com/back.png)');
    getByRole('button', 'Cancel', preview).click();
    await waitFor(() => getByText('Nothing was imported from links.csv.'));
    expect(queryByRole('group', 'Import links.csv?')).toBeNull();
    expect(calls.some((c) => c.type === 'importLinks')).toBe(false);
    expect(await all(w)).toEqual(before);
  });

  it('Import writes what the preview showed; one click restores the links it replaced', async () => {
    const w = await seeded();
    const before = await all(w);
    page(w);
    mount(<Options />);
    await waitFor(() => getByRole('table', 'Links'));
    choose(new File([removing], 'links.csv'));
    const preview = await waitFor(() => getByRole('group', 'Import links.csv?'));
    getByRole('button', 'Import 1 link', preview).click();
    await waitFor(() => getByText('Imported links.csv: 0 added, 1 changed, 0 unchanged.'));
    expect(await w.db.get('links', hoodie.key)).toMatchObject({
      pn: 'JH001-JBK-XL',
      designs: { front: hoodie.designs.front },
      mockups: hoodie.mockups,
    });
    await waitFor(() => expect(textOf(getByRole('table', 'Links'))).toContain('JH001-JBK-XL'));
    const restore = await waitFor(() => getByRole('button', 'Restore the links as they were before it'));
    restore.click();
    await waitFor(() =>
      getByText('Restored the links as they were before the import: 1 link put back, 0 links it added removed.'),
    );
    expect(await all(w)).toEqual(before);
    await waitFor(() => expect(textOf(getByRole('table', 'Links'))).toContain('JH001-JBK-L'));
    expect(queryByRole('button', 'Restore the links as they were before it')).toBeNull();
  });
});
