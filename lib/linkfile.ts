/**
 * Links as files, read and written by the options page: export to versioned JSON; import from
 * that JSON or from CSV. An import is validated whole before anything is sent to the worker: a bad
 * file changes nothing and names the row and the reason (the worker checks every link again, with
 * its zod schema and makeLink, before it writes). No zod here: it stays out of the page's bundle. An import merges: a field the file does not have (a JSON key, a CSV column) keeps
 * the existing link's value (its designs, mockups, never fulfil, names); a CSV's design columns
 * replace only their own placements.
 */
import { linkDiff, linkKey, makeLink, planImport, type LinkInput } from './links';
import type { Link } from './types';
import type { ImportPreview, ImportPreviewEntry } from './views';

/** The links file formats. */
export type LinkFileFormat = 'json' | 'csv';

export const LINKS_FILE_FORMAT = 'inkthreadable-bigcartel-links';
export const LINKS_FILE_VERSION = 1;
export const MAX_IMPORT_ROWS = 50_000;

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON row's optional text field ('' when absent). */
function textField(row: Record<string, unknown>, key: string): Checked<string> {
  const v = row[key];
  if (v === undefined) return { ok: true, value: '' };
  return typeof v === 'string' ? { ok: true, value: v } : { ok: false, message: `${key} must be text` };
}

/** A JSON row's optional placements ({} when absent). */
function placementsField(row: Record<string, unknown>, key: string): Checked<Record<string, string>> {
  const v = row[key];
  if (v === undefined) return { ok: true, value: {} };
  const value: Record<string, string> = {};
  const bad = { ok: false, message: `${key} must name each placement's file as text` } as const;
  if (!isRecord(v)) return bad;
  for (const [placement, url] of Object.entries(v)) {
    if (typeof url !== 'string') return bad;
    value[placement] = url;
  }
  return { ok: true, value };
}

/** One JSON link, as the file says it (missing fields empty; `has` says which were there). */
function jsonRow(raw: unknown): Checked<LinkInput> {
  if (!isRecord(raw)) return { ok: false, message: 'entry is not a link' };
  const { productId, optionId, neverFulfil } = raw;
  if (typeof productId !== 'string' && typeof productId !== 'number')
    return { ok: false, message: 'productId must be text or a number' };
  if (optionId !== undefined && optionId !== null && typeof optionId !== 'string' && typeof optionId !== 'number')
    return { ok: false, message: 'optionId must be text, a number or null' };
  if (neverFulfil !== undefined && typeof neverFulfil !== 'boolean')
    return { ok: false, message: 'neverFulfil must be true or false' };
  const texts = (['productName', 'optionName', 'pn'] as const).map((k) => textField(raw, k));
  const files = (['designs', 'mockups'] as const).map((k) => placementsField(raw, k));
  for (const f of [...texts, ...files]) if (!f.ok) return f;
  const [productName, optionName, pn] = texts.map((t) => (t.ok ? t.value : ''));
  const [designs, mockups] = files.map((f) => (f.ok ? f.value : {}));
  return {
    ok: true,
    value: {
      productId: String(productId),
      optionId: optionId === undefined || optionId === null || optionId === '' ? null : String(optionId),
      productName: productName ?? '',
      optionName: optionName ?? '',
      pn: pn ?? '',
      designs: designs ?? {},
      mockups: mockups ?? {},
      neverFulfil: neverFulfil ?? false,
    },
  };
}

export function exportLinks(links: readonly Link[], now: Date): { filename: string; text: string } {
  const sorted = [...links].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = JSON.stringify(
    {
      format: LINKS_FILE_FORMAT,
      version: LINKS_FILE_VERSION,
      exportedAt: now.toISOString(),
      links: sorted.map((l) => ({
        productId: l.productId,
        optionId: l.optionId,
        productName: l.productName,
        optionName: l.optionName,
        pn: l.pn,
        designs: l.designs,
        mockups: l.mockups,
        neverFulfil: l.neverFulfil,
      })),
    },
    null,
    2,
  );
  return { filename: `inkthreadable-links-${now.toISOString().slice(0, 10)}.json`, text };
}

export type ImportResult = { ok: true; links: Link[] } | { ok: false; message: string };

/** The fields a file row may leave out (then the existing link's value is kept). */
type Field = 'productName' | 'optionName' | 'pn' | 'designs' | 'mockups' | 'neverFulfil';
const FIELDS: readonly Field[] = ['productName', 'optionName', 'pn', 'designs', 'mockups', 'neverFulfil'];

/** One row of a file: what it says, which fields it has, and whether its designs are the whole set. */
interface Row {
  input: LinkInput;
  has: ReadonlySet<Field>;
  /** 'replace': the row's designs are the link's (JSON); 'placements': only its columns' placements change (CSV) */
  designs: 'replace' | 'placements';
}

/** The link a row makes, over the existing link: every field the row lacks is the existing one's. */
function merged(row: Row, prev: Link | undefined): LinkInput {
  const { input, has } = row;
  const base: LinkInput = prev
    ? {
        ...input,
        productName: prev.productName,
        optionName: prev.optionName,
        pn: prev.pn,
        designs: { ...prev.designs },
        mockups: { ...prev.mockups },
        neverFulfil: prev.neverFulfil,
      }
    : { ...input, mockups: input.mockups ?? {} };
  for (const f of FIELDS) {
    if (!has.has(f) || f === 'designs') continue;
    (base as unknown as Record<string, unknown>)[f] = input[f] ?? (f === 'mockups' ? {} : input[f]);
  }
  if (has.has('designs'))
    base.designs = row.designs === 'replace' || !prev ? { ...input.designs } : { ...base.designs, ...input.designs };
  return base;
}

export function importLinks(
  text: string,
  format: LinkFileFormat,
  now: Date,
  existing: ReadonlyMap<string, Link> = new Map(),
): ImportResult {
  const rows = format === 'json' ? jsonRows(text) : csvRows(text);
  if (!rows.ok) return rows;
  if (rows.rows.length === 0) return { ok: false, message: 'The file holds no links.' };
  if (rows.rows.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      message: `The file holds ${rows.rows.length} links; at most ${MAX_IMPORT_ROWS} can be imported at once.`,
    };
  }
  const seen = new Map<string, number>();
  const links: Link[] = [];
  for (const [i, row] of rows.rows.entries()) {
    const rowName = `${format === 'csv' ? 'Row' : 'Link'} ${i + rows.firstRow}`;
    const input = merged(row, existing.get(linkKey(row.input.productId, row.input.optionId)));
    const big = tooLong(input);
    if (big) return { ok: false, message: `${rowName}: ${big}` };
    const made = makeLink(input, now);
    if (!made.ok) return { ok: false, message: `${rowName}: ${made.message}` };
    const dup = seen.get(made.link.key);
    if (dup !== undefined) {
      return {
        ok: false,
        message: `${rowName}: the same product and option as ${format === 'csv' ? 'row' : 'link'} ${dup}.`,
      };
    }
    seen.set(made.link.key, i + rows.firstRow);
    links.push(made.link);
  }
  return { ok: true, links };
}

/** The limits one saveLink message has (lib/worker/messages.ts): an import cannot store more than the UI can. */
const LIMITS = { id: 100, name: 500, pn: 60, url: 2048 };

function tooLong(input: LinkInput): string | null {
  const checks: [string, string, number][] = [
    ['product id', input.productId, LIMITS.id],
    ['option id', input.optionId ?? '', LIMITS.id],
    ['product name', input.productName, LIMITS.name],
    ['option name', input.optionName, LIMITS.name],
    ['Inkthreadable code', input.pn, LIMITS.pn],
    ...Object.entries(input.designs).map(([p, url]): [string, string, number] => [
      `${p.slice(0, 30)} design URL`,
      url,
      LIMITS.url,
    ]),
    ...Object.entries(input.mockups ?? {}).map(([p, url]): [string, string, number] => [
      `${p.slice(0, 30)} mockup URL`,
      url,
      LIMITS.url,
    ]),
  ];
  for (const [what, value, max] of checks) {
    if (value.length > max) return `The ${what} is longer than ${max} characters.`;
  }
  return null;
}

type Rows = { ok: true; rows: Row[]; firstRow: number } | { ok: false; message: string };

function jsonRows(text: string): Rows {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The file is not valid JSON.' };
  }
  if (
    !isRecord(data) ||
    data.format !== LINKS_FILE_FORMAT ||
    typeof data.version !== 'number' ||
    !Array.isArray(data.links)
  )
    return { ok: false, message: 'This is not a links file exported by this extension.' };
  if (data.version !== LINKS_FILE_VERSION) {
    return {
      ok: false,
      message: `The file is version ${data.version}; this extension reads version ${LINKS_FILE_VERSION}. Update the extension, or export the links again.`,
    };
  }
  const rows: Row[] = [];
  for (const [i, raw] of data.links.entries()) {
    const row = jsonRow(raw);
    if (!row.ok) return { ok: false, message: `Link ${i + 1}: ${row.message}.` };
    const keys: Record<string, unknown> = isRecord(raw) ? raw : {};
    rows.push({ input: row.value, has: new Set(FIELDS.filter((f) => keys[f] !== undefined)), designs: 'replace' });
  }
  return { ok: true, rows, firstRow: 1 };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; message: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') return { ok: false, message: `Line ${line}: a quote in the middle of a field.` };
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) return { ok: false, message: 'The file ends inside a quoted field.' };
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { ok: true, rows: rows.filter((r) => r.some((f) => f.trim() !== '')) };
}

const CSV_COLUMNS: Record<string, keyof LinkInput | 'never'> = {
  'big cartel product id': 'productId',
  'product id': 'productId',
  'option id': 'optionId',
  'product name': 'productName',
  'option name': 'optionName',
  'inkthreadable code': 'pn',
  'product code': 'pn',
  'never fulfil': 'never',
};

export const CSV_HEADER = [
  'Big Cartel product id',
  'Option id',
  'Product name',
  'Option name',
  'Inkthreadable code',
  'Front design',
  'Back design',
  'Never fulfil',
];

function csvRows(text: string): Rows {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [header, ...body] = parsed.rows;
  if (!header) return { ok: false, message: 'The CSV file is empty.' };
  const cols = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<string, number>> = {};
  const designCols: { placement: string; col: number }[] = [];
  cols.forEach((name, col) => {
    const known = CSV_COLUMNS[name];
    if (known) index[known] = col;
    const design = /^(.+?) design(?: url)?$/.exec(name);
    if (design) designCols.push({ placement: design[1]!.trim(), col });
  });
  if (index.productId === undefined)
    return { ok: false, message: 'The CSV file has no "Big Cartel product id" column.' };
  const has = new Set<Field>();
  if (index.productName !== undefined) has.add('productName');
  if (index.optionName !== undefined) has.add('optionName');
  if (index.pn !== undefined) has.add('pn');
  if (index.never !== undefined) has.add('neverFulfil');
  if (designCols.length) has.add('designs');
  const rows: Row[] = [];
  for (const [i, r] of body.entries()) {
    const get = (k: keyof LinkInput | 'never') => (index[k] === undefined ? '' : (r[index[k]!] ?? '').trim());
    const never = get('never').toLowerCase();
    if (never && !['yes', 'no', 'true', 'false', '1', '0', 'y', 'n'].includes(never)) {
      return { ok: false, message: `Row ${i + 2}: "Never fulfil" must be yes or no, not "${never.slice(0, 20)}".` };
    }
    const designs: Record<string, string> = {};
    for (const d of designCols) designs[d.placement] = (r[d.col] ?? '').trim();
    rows.push({
      input: {
        productId: get('productId'),
        optionId: get('optionId') || null,
        productName: get('productName'),
        optionName: get('optionName'),
        pn: get('pn'),
        designs,
        neverFulfil: ['yes', 'true', '1', 'y'].includes(never),
      },
      has,
      designs: 'placements',
    });
  }
  return { ok: true, rows, firstRow: 2 };
}

/** What the options page sends the worker for a link read from a file (the worker makes the link again). */
export function linkInput(link: Link): LinkInput {
  const { productId, optionId, productName, optionName, pn, designs, mockups, neverFulfil } = link;
  return { productId, optionId, productName, optionName, pn, designs, mockups, neverFulfil };
}

/** The preview lists this many links at most (its counts cover them all). */
const IMPORT_PREVIEW_ENTRIES = 200;

/** What importing `links` over the stored links would do, before anything is sent or written. */
export function importPreview(links: readonly Link[], stored: ReadonlyMap<string, Link>): ImportPreview {
  const plan = planImport(links, stored);
  const entries: ImportPreviewEntry[] = [
    ...plan.added.map((after) => ({ kind: 'added' as const, after })),
    ...plan.changed.map(({ before, after }) => ({ kind: 'changed' as const, before, after })),
  ];
  return {
    added: plan.added.length,
    changed: plan.changed.length,
    unchanged: plan.unchanged,
    removing: plan.changed.filter(({ before, after }) => linkDiff(before, after).removed.length > 0).length,
    entries: entries.slice(0, IMPORT_PREVIEW_ENTRIES),
  };
}
