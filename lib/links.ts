/**
 * Links from Big Cartel products/options to Inkthreadable products, and how a line item
 * resolves to one. Options have no SKU in Big Cartel, so a link is keyed by product id + option
 * id; a product-level link (option id null) covers every option without a link of its own.
 */
import type { LineItem, Link, Placements } from './types';

export const PLACEMENTS = ['front', 'back', 'left', 'right', 'neck'] as const;

export function linkKey(productId: string, optionId: string | null): string {
  return `${productId}|${optionId ?? '*'}`;
}

/**
 * An option name compared without case, spaces or punctuation ("Black / L" = "black/l"). A product
 * without options has one option that the products API names `Default` while its order items say
 * `""`: both are the same name (the empty key).
 */
export function optionNameKey(name: string): string {
  const key = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return key === DEFAULT_OPTION_KEY ? '' : key;
}
const DEFAULT_OPTION_KEY = 'default';

/** Whether an option name is that of a product without options (`""` or `Default`). */
export function isDefaultOptionName(name: string): boolean {
  return optionNameKey(name) === '';
}

/** "Moth Logo Hoodie / Black / L"; the product alone for a product without options. */
export function optionLabel(productName: string, optionName: string): string {
  return isDefaultOptionName(optionName) ? productName : `${productName} / ${optionName}`;
}

/**
 * Whether an option's own link was made for the option an item was bought as. Option ids do not
 * change when a merchant renames an option in Big Cartel ("Black / L" -> "Black / XL"), but the
 * Inkthreadable code linked to it was chosen for the old name; so the link applies only to items
 * bought under the name it was made for. A link without a recorded option name (an old import)
 * applies by id alone.
 */
export function linkFitsItem(link: Pick<Link, 'optionId' | 'optionName'>, optionName: string): boolean {
  if (link.optionId === null || !link.optionName.trim()) return true;
  // `Default` (how Products names a product's only option) fits the item's `""` and back.
  return optionNameKey(link.optionName) === optionNameKey(optionName);
}

/** Option links by product and option name, for items whose option relationship is gone. */
const byName = new WeakMap<ReadonlyMap<string, Link>, { size: number; index: Map<string, Link | null> }>();

function ownLinkByName(links: ReadonlyMap<string, Link>, productId: string, optionName: string): Link | null {
  let cached = byName.get(links);
  if (!cached || cached.size !== links.size) {
    const index = new Map<string, Link | null>();
    for (const l of links.values()) {
      // A link recorded without a name (an old import) is found by id only.
      if (l.optionId === null || !l.optionName.trim()) continue;
      const k = `${l.productId}|${optionNameKey(l.optionName)}`;
      // Two options of one product with the same name: neither can be told apart, so neither is used.
      index.set(k, index.has(k) ? null : l);
    }
    cached = { size: links.size, index };
    byName.set(links, cached);
  }
  return cached.index.get(`${productId}|${optionNameKey(optionName)}`) ?? null;
}

/**
 * The link that applies to an item: its option's own link, else its product's.
 * - When the option's own link was made for another option name (the option was renamed
 *   since), no link applies: the item waits for the merchant rather than being sent with a code
 *   chosen for something else, and the product's link does not stand in for the option's own.
 * - When Big Cartel no longer names the item's option (the option was deleted: the relationship
 *   is null) but the item still says which option was bought, the link made for an option of
 *   that name applies; the product's link only when no option link was made for that name.
 */
export function resolveLink(item: LineItem, links: ReadonlyMap<string, Link>): Link | null {
  if (!item.productId) return null;
  if (item.optionId) {
    const own = links.get(linkKey(item.productId, item.optionId));
    if (own) return linkFitsItem(own, item.optionName) ? own : null;
  } else {
    // The option is no longer named (deleted) or the reply carried no option id: the link made
    // for the name bought applies (`""` finds the `Default` option of a product without options).
    const own = ownLinkByName(links, item.productId, item.optionName);
    if (own) return own;
  }
  return links.get(linkKey(item.productId, null)) ?? null;
}

const PN_SHAPE = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/;

/** Normalise a typed product code, or say what is wrong with it. */
export function checkProductCode(raw: string): { ok: true; pn: string } | { ok: false; message: string } {
  const pn = raw.trim().toUpperCase();
  if (!pn) return { ok: false, message: 'Enter the Inkthreadable product code, e.g. JH001-JBK-L.' };
  if (pn.length > 40 || !PN_SHAPE.test(pn)) {
    return {
      ok: false,
      message: `"${raw.trim()}" does not look like an Inkthreadable product code (letters and digits in parts separated by dashes, e.g. JH001-JBK-L).`,
    };
  }
  return { ok: true, pn };
}

/** Design and mockup files must be https URLs (Inkthreadable downloads them). */
export function checkDesignUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: `"${value}" is not a web address. Use a full https:// link to the design file.` };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, message: `Design files must be https:// links; "${value}" is not.` };
  }
  if (!url.hostname || url.username || url.password) {
    return { ok: false, message: `"${value}" is not a usable https:// link.` };
  }
  return { ok: true, url: url.href };
}

const PLACEMENT_NAME = /^[a-z][a-z0-9_ -]{0,29}$/;

/** Validate a placements map (placement -> https URL); empty values are dropped. */
export function checkPlacements(
  raw: Record<string, string>,
  what: 'design' | 'mockup' = 'design',
): { ok: true; value: Placements } | { ok: false; message: string } {
  const value: Placements = {};
  for (const [name, url] of Object.entries(raw)) {
    const placement = name.trim().toLowerCase();
    if (!url.trim()) continue;
    if (!PLACEMENT_NAME.test(placement)) {
      return { ok: false, message: `"${name}" is not a placement name (e.g. front, back, left, right, neck).` };
    }
    const checked = checkDesignUrl(url);
    if (!checked.ok) return { ok: false, message: `${cap(placement)} ${what}: ${checked.message}` };
    value[placement] = checked.url;
  }
  return { ok: true, value };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

import type { LinkInput } from './requests';

export type { LinkInput };

/** Whether two links send the same thing (names aside). */
function sameLink(a: Link, b: Link): boolean {
  return (
    a.pn === b.pn &&
    a.neverFulfil === b.neverFulfil &&
    JSON.stringify(a.designs) === JSON.stringify(b.designs) &&
    JSON.stringify(a.mockups) === JSON.stringify(b.mockups)
  );
}

/**
 * What changes from one version of a link to the next, in words: `changed` for values that
 * differ, `removed` for what the new version no longer has (a code, design or mockup files).
 */
export function linkDiff(before: Link, after: Link): { changed: string[]; removed: string[] } {
  const changed: string[] = [];
  const removed: string[] = [];
  if (before.neverFulfil !== after.neverFulfil)
    changed.push(after.neverFulfil ? 'Never fulfil: no → yes' : 'Never fulfil: yes → no');
  if (before.pn !== after.pn) {
    if (!after.pn) removed.push(`code ${before.pn}`);
    else changed.push(before.pn ? `Code: ${before.pn} → ${after.pn}` : `Code: ${after.pn}`);
  }
  for (const [what, a, b] of [
    ['design', before.designs, after.designs],
    ['mockup', before.mockups, after.mockups],
  ] as const) {
    for (const [placement, url] of Object.entries(a)) {
      if (!(placement in b)) removed.push(`${placement} ${what} (${url})`);
      else if (b[placement] !== url) changed.push(`${cap(placement)} ${what}: ${url} → ${b[placement]}`);
    }
    for (const [placement, url] of Object.entries(b))
      if (!(placement in a)) changed.push(`${cap(placement)} ${what}: ${url}`);
  }
  return { changed, removed };
}

/** Build a valid Link from what the merchant typed, or explain the first problem. */
export function makeLink(input: LinkInput, now: Date): { ok: true; link: Link } | { ok: false; message: string } {
  if (!input.productId.trim())
    return { ok: false, message: 'This item has no Big Cartel product (it was deleted), so it cannot be linked.' };
  const who = {
    key: linkKey(input.productId, input.optionId),
    productId: input.productId,
    optionId: input.optionId,
    productName: input.productName,
    optionName: input.optionName,
    updatedAt: now.toISOString(),
  };
  if (input.neverFulfil) return { ok: true, link: { ...who, pn: '', designs: {}, mockups: {}, neverFulfil: true } };
  const pn = checkProductCode(input.pn);
  if (!pn.ok) return pn;
  const designs = checkPlacements(input.designs, 'design');
  if (!designs.ok) return designs;
  if (Object.keys(designs.value).length === 0) {
    return { ok: false, message: 'Add at least one design file (an https:// link), e.g. the front design.' };
  }
  const mockups = checkPlacements(input.mockups ?? {}, 'mockup');
  if (!mockups.ok) return mockups;
  return { ok: true, link: { ...who, pn: pn.pn, designs: designs.value, mockups: mockups.value, neverFulfil: false } };
}

/** Sizes as they appear in option names and as the last part of Inkthreadable codes. */
const SIZES = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '2XL', 'XXXL', '3XL', '4XL', '5XL'];
const SIZE_WORDS: Record<string, string> = {
  'extra small': 'XS',
  small: 'S',
  medium: 'M',
  large: 'L',
  'extra large': 'XL',
};

/** The size an option name carries ("Black / L" -> "L", "Large" -> "L"), or null. */
export function sizeOf(optionName: string): string | null {
  const parts = optionName
    .split(/[/,|\-–—]/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const part of parts.reverse()) {
    const upper = part.toUpperCase();
    if (SIZES.includes(upper)) return upper;
    const word = SIZE_WORDS[part.toLowerCase()];
    if (word) return word;
  }
  return null;
}

/** Everything in an option name but its size ("Black / L" -> "black"). */
function restOf(optionName: string): string {
  return optionName
    .split(/[/,|\-–—]/)
    .map((p) => p.trim())
    .filter((p) => p && !SIZES.includes(p.toUpperCase()) && !SIZE_WORDS[p.toLowerCase()])
    .join('/')
    .toLowerCase();
}

/**
 * Suggest codes for the product's other sizes: the code's last part is the size, swapped
 * ("JH001-JBK-L" for "Black / L" gives "JH001-JBK-M" for "Black / M"). Only options that differ
 * from the linked one by size alone, and only when the code ends with the linked option's size.
 */
export function siblingSuggestions(
  linked: { optionName: string; pn: string },
  options: readonly { id: string; name: string }[],
): { optionId: string; optionName: string; pn: string }[] {
  const size = sizeOf(linked.optionName);
  if (!size) return [];
  const parts = linked.pn.split('-');
  if (parts.length < 2 || parts[parts.length - 1]!.toUpperCase() !== size) return [];
  const rest = restOf(linked.optionName);
  const out: { optionId: string; optionName: string; pn: string }[] = [];
  for (const option of options) {
    const otherSize = sizeOf(option.name);
    if (!otherSize || otherSize === size || restOf(option.name) !== rest) continue;
    out.push({ optionId: option.id, optionName: option.name, pn: [...parts.slice(0, -1), otherSize].join('-') });
  }
  return out;
}

/** What an import would do to the stored links: computed before anything is written. */
export interface ImportPlan {
  added: Link[];
  changed: { before: Link; after: Link }[];
  unchanged: number;
}

export function planImport(links: readonly Link[], existing: ReadonlyMap<string, Link>): ImportPlan {
  const plan: ImportPlan = { added: [], changed: [], unchanged: 0 };
  for (const after of links) {
    const before = existing.get(after.key);
    if (!before) plan.added.push(after);
    else if (sameLink(before, after)) plan.unchanged++;
    else plan.changed.push({ before, after });
  }
  return plan;
}
