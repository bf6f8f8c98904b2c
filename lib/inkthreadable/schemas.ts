/**
 * zod schemas for everything Inkthreadable sends back (liberal: every variant in the contract)
 * and for the create-order body we send (strict).
 */
import { record, z } from '../zod';
import { type InkOrderInfo, type Placements, SHIPPING_METHODS } from '../types';

/** The store methods, plus `collection` (not for stores, accepted for completeness). */
const INK_SHIPPING_METHODS = [...SHIPPING_METHODS, 'collection'] as const;
type InkShippingMethod = (typeof INK_SHIPPING_METHODS)[number];

// ---------------------------------------------------------------------------------------------
// Lenient scalars for replies

/** Runs `fn` on the value, including a missing one (zod 4 needs optional() for that). */
const lenient = <T>(fn: (v: unknown) => T) => z.pipe(z.optional(z.unknown()), z.transform(fn));

/** string or number -> string; anything else (null, missing, objects) -> "". */
export const toText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';

/** true, "true", "1", 1, "yes" -> true; everything else (false, "false", "", null, missing) -> false. */
const toBool = (v: unknown): boolean => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1;
  if (typeof v === 'string') return ['true', '1', 'yes'].includes(v.trim().toLowerCase());
  return false;
};

/** A non-negative integer given as a number or a numeric string; null otherwise. */
const toCount = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\s*\d+(\.0+)?\s*$/.test(v)) return Number(v);
  return null;
};

const text = lenient(toText);

/** A non-negative amount given as a number or a plain decimal string ("43.02"); null otherwise. */
const toMoney = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\s*\d+(\.\d{1,4})?\s*$/.test(v)) return Number(v);
  return null;
};

const currencyCode = (v: unknown): string | null =>
  typeof v === 'string' && /^\s*[A-Za-z]{3}\s*$/.test(v) ? v.trim().toUpperCase() : null;

const TOTAL_KEYS = ['total', 'grandTotal', 'grand_total', 'totalPrice', 'total_price', 'orderTotal', 'order_total'];

/**
 * What an order comes to, from its `summary` (seen: `{subtotal, shippingPrice, vat, total,
 * currency}` with decimal strings). Accepts a total under the names a reply plausibly uses, as a
 * number, a decimal string or `{amount|value, currency}`, with a three-letter currency beside it
 * or inside it. Anything else is null: nothing is shown rather than a wrong figure (a total is
 * never worked out from the parts, whose meaning is not known).
 */
export function readDue(v: unknown): { amount: number; currency: string } | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const s = v as Record<string, unknown>;
  const key = TOTAL_KEYS.find((k) => s[k] !== undefined && s[k] !== null);
  if (!key) return null;
  const t = s[key];
  let amount: number | null;
  let currency: string | null;
  if (t && typeof t === 'object' && !Array.isArray(t)) {
    const o = t as Record<string, unknown>;
    amount = toMoney(o.amount ?? o.value);
    currency = currencyCode(o.currency ?? o.currency_code ?? s.currency);
  } else {
    amount = toMoney(t);
    currency = currencyCode(s.currency ?? s.currencyCode ?? s.currency_code);
  }
  return amount !== null && currency ? { amount, currency } : null;
}

/** An id: non-empty string or a non-negative integer, as a string. */
const idSchema = z.union([
  z.string().check(z.trim(), z.minLength(1)),
  z.pipe(z.number().check(z.int(), z.nonnegative()), z.transform(String)),
]);

/**
 * Designs/mockups in a reply: `{front: url}` or `[{title: "front", src: url}]` (or missing,
 * null, `[]`). Unreadable entries are dropped: these are informational only.
 */
const replyPlacements = lenient((v): Placements => {
  const out: Placements = {};
  if (Array.isArray(v)) {
    for (const el of v) {
      if (el && typeof el === 'object') {
        const title = toText((el as Record<string, unknown>).title);
        const src = toText((el as Record<string, unknown>).src);
        if (title && src) out[title] = src;
      }
    }
  } else if (v && typeof v === 'object') {
    for (const [k, src] of Object.entries(v as Record<string, unknown>)) {
      if (typeof src === 'string' && src) out[k] = src;
    }
  }
  return out;
});

const replyItem = z.looseObject({
  pn: text,
  quantity: lenient((v) => toCount(v) ?? 0),
  designs: replyPlacements,
  mockups: replyPlacements,
});

const replyShipping = lenient((v) => {
  const o = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  return {
    shippingMethod: toText(o.shippingMethod),
    trackingNumber: toText(o.trackingNumber),
    // the live service spells it "shiped_at"; accept "shipped_at" too (first non-empty wins)
    shippedAt: toText(o.shiped_at) || toText(o.shipped_at),
  };
});

/** The order we hand back to callers. */
export type InkOrder = InkOrderInfo & {
  externalId: string;
  brand: string;
  /** [] when the reply lists no items (list replies have been seen without them) */
  items: { pn: string; quantity: number }[];
  /** null when the reply has no shipping_address (list replies have been seen without one) */
  recipient: { name: string; postcode: string } | null;
};

const replyRecipient = lenient((v): { name: string; postcode: string } | null => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const name = [toText(o.firstName), toText(o.lastName)].filter(Boolean).join(' ');
  const postcode = toText(o.postcode);
  return name || postcode ? { name, postcode } : null;
});

/** One order object as Inkthreadable sends it (unwrapped). */
export const inkOrderSchema = z.pipe(
  z.looseObject({
    id: idSchema,
    external_id: text,
    created_at: text,
    status: text,
    deleted: lenient(toBool),
    brand: text,
    brandName: text,
    shipping: replyShipping,
    shipping_address: replyRecipient,
    items: lenient((v) => (Array.isArray(v) ? v : [])),
    summary: lenient(readDue),
  }),
  z.transform((o): InkOrder => {
    const items: { pn: string; quantity: number }[] = [];
    for (const raw of o.items) {
      const r = replyItem.safeParse(raw);
      if (r.success) items.push({ pn: r.data.pn, quantity: r.data.quantity });
    }
    return {
      id: o.id,
      externalId: o.external_id,
      status: o.status,
      trackingNumber: o.shipping.trackingNumber,
      shippedAt: o.shipping.shippedAt,
      shippingMethod: o.shipping.shippingMethod,
      createdAt: o.created_at,
      deleted: o.deleted,
      due: o.summary,
      brand: o.brand || o.brandName,
      items,
      recipient: o.shipping_address,
    };
  }),
);

/** A list element: the order itself or `{"order": {...}}`. */
export const inkListElementSchema = z.union([
  z.pipe(
    z.looseObject({ order: inkOrderSchema }),
    z.transform((w) => w.order),
  ),
  inkOrderSchema,
]);

/**
 * A single-order reply: `{"order": {...}}`; a bare order object is accepted only when it
 * carries both `id` and `external_id` (so that an unrelated object is not mistaken for one).
 */
export const inkSingleOrderReplySchema = z.union([
  z.pipe(
    z.looseObject({ order: inkOrderSchema }),
    z.transform((w) => w.order),
  ),
  z.pipe(
    z.transform((v: unknown): unknown =>
      v && typeof v === 'object' && 'id' in v && 'external_id' in v ? v : undefined,
    ),
    inkOrderSchema,
  ),
]);

/**
 * A list reply: `{"orders": [...]}`. PHP encodes an array with gaps in its keys as an object
 * (`{"0": ..., "2": ...}`), so an object whose keys are all digits counts as the list too.
 */
export const inkListReplySchema = z.looseObject({
  orders: z.union([
    z.array(z.unknown()),
    z.pipe(
      record(z.string().check(z.regex(/^\d+$/)), z.unknown()),
      z.transform((rec) =>
        Object.keys(rec)
          .sort((a, b) => Number(a) - Number(b))
          .map((k) => rec[k]),
      ),
    ),
  ]),
});

export const inkCountReplySchema = z.looseObject({
  count: z.pipe(
    z.unknown(),
    z.transform((v, ctx) => {
      const n = toCount(v);
      if (n === null) {
        ctx.issues.push({ code: 'custom', message: 'count is not a non-negative integer', input: v });
        return z.NEVER;
      }
      return n;
    }),
  ),
});

/**
 * `{"error": ...}` with a truthy value. Returns the message, or null when the reply is not an
 * error. `{"error": null}` / `false` / `""` are not errors.
 */
export function readInkError(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const e = (value as Record<string, unknown>).error;
  if (e === undefined || e === null || e === false || e === '' || e === 0) return null;
  let msg = '';
  if (typeof e === 'string') msg = e;
  else if (Array.isArray(e)) msg = e.map(toText).filter(Boolean).join('; ');
  else if (typeof e === 'object') msg = toText((e as Record<string, unknown>).message);
  msg = msg.trim();
  if (msg.length > 500) msg = `${msg.slice(0, 500)}…`;
  return msg || 'Inkthreadable refused the request without saying why';
}

// ---------------------------------------------------------------------------------------------
// What we send: strict

/** A string with something other than spaces in it (validated, not transformed). */
const filled = (message: string) => z.string().check(z.refine((s) => s.trim().length > 0, message));

const httpsUrl = z.string().check(
  z.refine((s) => {
    try {
      return s.trim() === s && new URL(s).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an https:// address'),
);

const placementsOut = record(filled('a placement needs a name'), httpsUrl);

/**
 * Validation only (no transforms, no unknown keys): the caller's object is serialised as is, so
 * `JSON.stringify(body)` made elsewhere is byte-identical to what is sent.
 */
export const inkCreateOrderBodySchema = z.strictObject({
  external_id: filled('the order needs an external id'),
  brandName: z.string(),
  comment: z.string(),
  shipping_address: z.strictObject({
    firstName: z.string(),
    lastName: z.string(),
    company: z.string(),
    address1: filled('the shipping address needs a first line'),
    address2: z.string(),
    city: z.string(),
    county: z.string(),
    postcode: z.string(),
    country: filled('the shipping address needs a country'),
    phone1: z.string(),
  }),
  shipping: z.strictObject({
    shippingMethod: z.enum(INK_SHIPPING_METHODS),
  }),
  items: z
    .array(
      z.strictObject({
        pn: filled('every item needs an Inkthreadable product code'),
        quantity: z.number().check(z.int(), z.positive()),
        retailPrice: z.number().check(z.nonnegative()),
        description: z.string(),
        designs: z.optional(placementsOut),
        mockups: z.optional(placementsOut),
        label: z.optional(z.strictObject({ type: filled('a label needs a type'), name: z.string() })),
        title: z.optional(z.string()),
      }),
    )
    .check(z.minLength(1, 'the order has no items to send')),
});

/** The create-order body, exactly as the contract gives it. */
export interface InkCreateOrderBody {
  external_id: string;
  brandName: string;
  comment: string;
  shipping_address: {
    firstName: string;
    lastName: string;
    company: string;
    address1: string;
    address2: string;
    city: string;
    county: string;
    postcode: string;
    /** full English country name */
    country: string;
    phone1: string;
  };
  shipping: { shippingMethod: InkShippingMethod };
  items: {
    pn: string;
    quantity: number;
    retailPrice: number;
    description: string;
    designs?: Placements;
    mockups?: Placements;
    label?: { type: string; name: string };
    title?: string;
  }[];
}
