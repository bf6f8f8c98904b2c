/**
 * Links as files: export -> import gives the same links; a hostile or broken file changes nothing
 * (importLinks returns ok:false before anything could be written) and names the row and the reason.
 */
import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER,
  exportLinks,
  importLinks,
  LINKS_FILE_FORMAT,
  LINKS_FILE_VERSION,
  MAX_IMPORT_ROWS,
  parseCsv,
} from '@/lib/linkfile';
import { linkKey } from '@/lib/links';
import type { Link } from '@/lib/types';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const LATER = new Date('2026-12-01T08:00:00.000Z');

function link(over: Partial<Link> & Pick<Link, 'productId' | 'optionId'>): Link {
  return {
    key: linkKey(over.productId, over.optionId),
    productName: 'Moth Tee',
    optionName: 'Black / L',
    pn: 'JH001-JBK-L',
    designs: { front: 'https://cdn.example.com/moth/front.png' },
    mockups: {},
    neverFulfil: false,
    updatedAt: NOW.toISOString(),
    ...over,
  };
}

const LINKS: Link[] = [
  link({
    productId: '101',
    optionId: '1',
    designs: { front: 'https://cdn.example.com/a.png', back: 'https://cdn.example.com/b.png?v=2&x=%20' },
  }),
  link({
    productId: '101',
    optionId: '2',
    optionName: 'Black / M',
    pn: 'JH001-JBK-M',
    mockups: { front: 'https://cdn.example.com/mock.png' },
  }),
  link({ productId: '101', optionId: null, optionName: '', pn: 'JH001-JBK-S' }),
  link({
    productId: '202',
    optionId: null,
    productName: 'Sticker "Moth", large, ünïcødé ✂',
    optionName: '',
    pn: '',
    designs: {},
    neverFulfil: true,
  }),
  link({
    productId: '303',
    optionId: '9',
    productName: 'Bag,\nwith a newline',
    optionName: 'Natural',
    pn: 'BAG-01',
    designs: { left: 'https://cdn.example.com/l.png', neck: 'https://cdn.example.com/n.png' },
  }),
];

/** Links as the importer makes them: all but the time of the import. */
function comparable(links: readonly Link[]) {
  return [...links].map(({ updatedAt: _u, ...rest }) => rest).sort((a, b) => (a.key < b.key ? -1 : 1));
}

function ok(result: ReturnType<typeof importLinks>): Link[] {
  if (!result.ok) throw new Error(`import refused: ${result.message}`);
  return result.links;
}

function refused(result: ReturnType<typeof importLinks>): string {
  if (result.ok) throw new Error(`import accepted ${result.links.length} links`);
  return result.message;
}

function jsonFile(links: unknown[], over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: LINKS_FILE_FORMAT,
    version: LINKS_FILE_VERSION,
    exportedAt: NOW.toISOString(),
    links,
    ...over,
  });
}

/** A CSV in the template's columns (front and back designs only). */
function csvOf(links: readonly Link[]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = links.map((l) =>
    [
      l.productId,
      l.optionId ?? '',
      l.productName,
      l.optionName,
      l.pn,
      l.designs.front ?? '',
      l.designs.back ?? '',
      l.neverFulfil ? 'yes' : 'no',
    ]
      .map(q)
      .join(','),
  );
  return [CSV_HEADER.join(','), ...rows].join('\r\n');
}

function csvLine(cells: string[]): string {
  return cells.join(',');
}

describe('export then import', () => {
  it('gives back exactly the same links', () => {
    const file = exportLinks(LINKS, NOW);
    expect(file.filename).toBe('inkthreadable-links-2026-11-27.json');
    const back = ok(importLinks(file.text, 'json', LATER));
    expect(comparable(back)).toEqual(comparable(LINKS));
    expect(back.every((l) => l.updatedAt === LATER.toISOString())).toBe(true);
  });

  it('is stable: exporting what was imported gives the same file', () => {
    const first = exportLinks(LINKS, NOW);
    const second = exportLinks(ok(importLinks(first.text, 'json', LATER)), NOW);
    expect(second.text).toBe(first.text);
  });

  it('writes a versioned file', () => {
    const data = JSON.parse(exportLinks(LINKS, NOW).text) as Record<string, unknown>;
    expect(data.format).toBe(LINKS_FILE_FORMAT);
    expect(data.version).toBe(1);
    expect(data.exportedAt).toBe(NOW.toISOString());
    expect((data.links as unknown[]).length).toBe(LINKS.length);
  });

  it('round-trips through CSV in the template columns', () => {
    const simple = LINKS.filter(
      (l) => Object.keys(l.designs).every((p) => p === 'front' || p === 'back') && Object.keys(l.mockups).length === 0,
    );
    expect(simple.length).toBeGreaterThanOrEqual(3);
    const back = ok(importLinks(csvOf(simple), 'csv', LATER));
    expect(comparable(back)).toEqual(comparable(simple));
  });

  it('exports nothing as an empty list, which import refuses as empty', () => {
    const file = exportLinks([], NOW);
    expect(refused(importLinks(file.text, 'json', NOW))).toBe('The file holds no links.');
  });
});

describe('CSV reading', () => {
  it('reads quotes, doubled quotes, commas and newlines inside quotes, a BOM and CRLF', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","line 1\nline 2"\r\n\r\n';
    const parsed = parseCsv(text);
    expect(parsed).toEqual({
      ok: true,
      rows: [
        ['a', 'b', 'c'],
        ['x, y', 'say "hi"', 'line 1\nline 2'],
      ],
    });
  });

  it('accepts any letter case and extra columns, and yes/no spellings for never fulfil', () => {
    const text = [
      'BIG CARTEL PRODUCT ID,option id,Notes,Inkthreadable code,front design url,Never fulfil',
      '5,6,ignored,jh001-jbk-l,https://cdn.example.com/f.png,N',
      '7,,ignored,,,Yes',
    ].join('\n');
    const links = ok(importLinks(text, 'csv', NOW));
    expect(links.map((l) => [l.key, l.pn, l.designs, l.neverFulfil])).toEqual([
      ['5|6', 'JH001-JBK-L', { front: 'https://cdn.example.com/f.png' }, false],
      ['7|*', '', {}, true],
    ]);
  });
});

describe('hostile and broken files change nothing and say which row and why', () => {
  it('wrong version', () => {
    expect(refused(importLinks(jsonFile([], { version: 2 }), 'json', NOW))).toBe(
      'The file is version 2; this extension reads version 1. Update the extension, or export the links again.',
    );
    expect(refused(importLinks(jsonFile([], { version: '1' }), 'json', NOW))).toBe(
      'This is not a links file exported by this extension.',
    );
  });

  it('not JSON, or JSON of something else', () => {
    expect(refused(importLinks('{"format": "inkthreadable-bigcartel-links", ', 'json', NOW))).toBe(
      'The file is not valid JSON.',
    );
    expect(refused(importLinks('', 'json', NOW))).toBe('The file is not valid JSON.');
    expect(refused(importLinks('[1,2,3]', 'json', NOW))).toBe('This is not a links file exported by this extension.');
    expect(refused(importLinks(JSON.stringify({ format: 'something-else', version: 1, links: [] }), 'json', NOW))).toBe(
      'This is not a links file exported by this extension.',
    );
    expect(refused(importLinks(jsonFile([], { links: 'all of them' }), 'json', NOW))).toBe(
      'This is not a links file exported by this extension.',
    );
  });

  it('a design that is http://, javascript: or not a URL, naming the link', () => {
    const good = JSON.parse(exportLinks(LINKS, NOW).text) as { links: Record<string, unknown>[] };
    for (const [url, reason] of [
      ['http://cdn.example.com/front.png', /^Link 2: Front design: Design files must be https:\/\/ links/],
      ['javascript:alert(1)', /^Link 2: Front design: Design files must be https:\/\/ links/],
      ['data:image/png;base64,AAAA', /^Link 2: Front design: Design files must be https:\/\/ links/],
      ['https://user:pw@cdn.example.com/f.png', /^Link 2: Front design: .* is not a usable https:\/\/ link/],
      ['front.png', /^Link 2: Front design: "front.png" is not a web address/],
    ] as const) {
      const links = good.links.map((l, i) => (i === 1 ? { ...l, designs: { front: url } } : l));
      expect(refused(importLinks(jsonFile(links), 'json', NOW))).toMatch(reason);
    }
  });

  it('a bad URL in a CSV names the row as the merchant sees it in a spreadsheet', () => {
    const text = [
      CSV_HEADER.join(','),
      csvLine(['1', '2', 'Tee', 'S', 'JH001', 'https://ok.example.com/f.png', '', 'no']),
      csvLine(['1', '3', 'Tee', 'M', 'JH001', 'http://evil.example.com/f.png', '', 'no']),
    ].join('\n');
    expect(refused(importLinks(text, 'csv', NOW))).toMatch(
      /^Row 3: Front design: Design files must be https:\/\/ links/,
    );
  });

  it('a placement name that could be a prototype key', () => {
    const text = `{"format":"${LINKS_FILE_FORMAT}","version":1,"links":[{"productId":"1","optionId":null,"pn":"JH001","designs":{"__proto__":"https://cdn.example.com/f.png"}}]}`;
    // the key never becomes a placement: the link has no design left and is refused
    expect(refused(importLinks(text, 'json', NOW))).toBe(
      'Link 1: Add at least one design file (an https:// link), e.g. the front design.',
    );
    expect(({} as Record<string, unknown>).front).toBeUndefined();
  });

  it('duplicate keys (the same product and option twice)', () => {
    const rows = [
      { productId: '1', optionId: '2', pn: 'JH001', designs: { front: 'https://cdn.example.com/a.png' } },
      { productId: '1', optionId: null, pn: 'JH002', designs: { front: 'https://cdn.example.com/b.png' } },
      { productId: 1, optionId: 2, pn: 'JH003', designs: { front: 'https://cdn.example.com/c.png' } },
    ];
    expect(refused(importLinks(jsonFile(rows), 'json', NOW))).toBe('Link 3: the same product and option as link 1.');
    const csv = [
      CSV_HEADER.join(','),
      csvLine(['1', '', 'A', '', '', '', '', 'yes']),
      csvLine(['2', '', 'B', '', '', '', '', 'yes']),
      csvLine(['1', '', 'A again', '', '', '', '', 'yes']),
    ].join('\n');
    expect(refused(importLinks(csv, 'csv', NOW))).toBe('Row 4: the same product and option as row 2.');
  });

  it('broken CSV: an unterminated quote, a quote mid-field, a bad never-fulfil value, no id column', () => {
    const header = CSV_HEADER.join(',');
    expect(refused(importLinks(`${header}\n1,2,"Tee,S,JH001,https://a.example.com/f.png,,no\n`, 'csv', NOW))).toBe(
      'The file ends inside a quoted field.',
    );
    expect(refused(importLinks(`${header}\n1,2,Te"e,S,JH001,https://a.example.com/f.png,,no\n`, 'csv', NOW))).toBe(
      'Line 2: a quote in the middle of a field.',
    );
    expect(
      refused(importLinks(`${header}\n1,2,Tee,S,JH001,https://a.example.com/f.png,,sometimes\n`, 'csv', NOW)),
    ).toBe('Row 2: "Never fulfil" must be yes or no, not "sometimes".');
    expect(refused(importLinks('Name,Code\nTee,JH001\n', 'csv', NOW))).toBe(
      'The CSV file has no "Big Cartel product id" column.',
    );
    expect(refused(importLinks('', 'csv', NOW))).toBe('The CSV file is empty.');
    expect(refused(importLinks(`${header}\n`, 'csv', NOW))).toBe('The file holds no links.');
  });

  it('a row without a product id, without a code, or without a design', () => {
    const header = CSV_HEADER.join(',');
    expect(refused(importLinks(`${header}\n,2,Tee,S,JH001,https://a.example.com/f.png,,no\n`, 'csv', NOW))).toMatch(
      /^Row 2: .*cannot be linked/,
    );
    expect(refused(importLinks(`${header}\n1,2,Tee,S,,https://a.example.com/f.png,,no\n`, 'csv', NOW))).toMatch(
      /^Row 2: Enter the Inkthreadable product code/,
    );
    expect(refused(importLinks(`${header}\n1,2,Tee,S,JH001,,,no\n`, 'csv', NOW))).toMatch(
      /^Row 2: Add at least one design file/,
    );
    expect(refused(importLinks(jsonFile([{ optionId: '2', pn: 'JH001' }]), 'json', NOW))).toMatch(/^Link 1: productId/);
  });

  it('accepts 10,000 rows, in JSON and in CSV, in reasonable time', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      link({
        productId: String(1 + Math.floor(i / 5)),
        optionId: String(i),
        pn: `JH001-C${i % 50}-L`,
        designs: { front: `https://cdn.example.com/${i}/f.png` },
      }),
    );
    const started = performance.now();
    const fromJson = ok(importLinks(exportLinks(many, NOW).text, 'json', NOW));
    const fromCsv = ok(importLinks(csvOf(many), 'csv', NOW));
    expect(fromJson).toHaveLength(10_000);
    expect(fromCsv).toHaveLength(10_000);
    expect(comparable(fromCsv)).toEqual(comparable(many));
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses more rows than the maximum, saying how many', () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `${i + 1},,,,,,,yes`);
    const message = refused(importLinks([CSV_HEADER.join(','), ...rows].join('\n'), 'csv', NOW));
    expect(message).toBe(
      `The file holds ${MAX_IMPORT_ROWS + 1} links; at most ${MAX_IMPORT_ROWS} can be imported at once.`,
    );
    const json = jsonFile(
      Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => ({ productId: String(i + 1), neverFulfil: true })),
    );
    expect(refused(importLinks(json, 'json', NOW))).toBe(message);
  });

  it('a 10 MB file: valid rows are read, junk and oversized fields are refused by row', { timeout: 60_000 }, () => {
    // ~10 MB of valid links (long but legal design URLs)
    const pad = 'x'.repeat(900);
    const big = Array.from({ length: 10_000 }, (_, i) =>
      link({ productId: String(i + 1), optionId: null, designs: { front: `https://cdn.example.com/${pad}/${i}.png` } }),
    );
    const text = csvOf(big);
    expect(text.length).toBeGreaterThan(9_000_000);
    expect(ok(importLinks(text, 'csv', NOW))).toHaveLength(10_000);

    // 10 MB of junk
    const junk = 'ÿ\u0000<script>'.repeat(1_000_000);
    expect(refused(importLinks(junk, 'json', NOW))).toBe('The file is not valid JSON.');
    expect(refused(importLinks(junk, 'csv', NOW))).toBe('The CSV file has no "Big Cartel product id" column.');

    // one 10 MB field
    const huge = [
      CSV_HEADER.join(','),
      csvLine(['1', '2', 'Tee', 'S', 'JH001', 'https://ok.example.com/f.png', '', 'no']),
      csvLine(['1', '3', 'T'.repeat(10_000_000), 'M', 'JH001', 'https://ok.example.com/f.png', '', 'no']),
    ].join('\n');
    expect(refused(importLinks(huge, 'csv', NOW))).toBe('Row 3: The product name is longer than 500 characters.');
    const hugeUrl = jsonFile([
      {
        productId: '1',
        optionId: '2',
        pn: 'JH001',
        designs: { front: `https://cdn.example.com/${'a'.repeat(10_000_000)}.png` },
      },
    ]);
    expect(refused(importLinks(hugeUrl, 'json', NOW))).toBe(
      'Link 1: The front design URL is longer than 2048 characters.',
    );
  });
});
