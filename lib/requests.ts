/**
 * Every request a content script or an extension page may send the worker, defined once: the zod
 * schemas the worker checks each message with (lib/worker/messages.ts), and the TypeScript types
 * inferred from them. Content scripts and pages import the types only (`import type`), so zod
 * stays out of their bundles.
 */
import { SHIPPING_METHODS } from './types';
import { record, z } from './zod';

/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max));
const id = z.string().check(z.minLength(1), z.maxLength(100));
const method = z.enum(SHIPPING_METHODS);
const placements = record(text(30), text(2048));

const linkInputSchema = z.object({
  productId: id,
  optionId: z.nullable(id),
  productName: text(500),
  optionName: text(500),
  pn: text(60),
  designs: placements,
  mockups: z.optional(placements),
  neverFulfil: z.boolean(),
});

/** The links one import may hold (lib/linkfile.ts MAX_IMPORT_ROWS). */
const importedLinks = z.array(linkInputSchema).check(z.minLength(1), z.maxLength(50_000));

/**
 * One schema per request type, each with its `type` literal. A request is checked against the
 * schema of its own type only, as a discriminated union would, without zod's class for one.
 */
const REQUESTS = [
  z.object({ type: z.literal('getOrder'), orderId: id }),
  z.object({ type: z.literal('getOrderChips'), orderIds: z.array(id).check(z.maxLength(1000)) }),
  z.object({ type: z.literal('reportTerms'), orderId: id }),
  z.object({
    type: z.literal('listOrders'),
    view: z.enum(['needsAction', 'recentSent']),
    offset: z.number().check(z.int(), z.minimum(0)),
    limit: z.number().check(z.int(), z.minimum(1), z.maximum(500)),
  }),
  z.object({ type: z.literal('saveLink'), link: linkInputSchema }),
  z.object({ type: z.literal('saveLinks'), links: z.array(linkInputSchema).check(z.minLength(1), z.maxLength(100)) }),
  z.object({ type: z.literal('deleteLink'), key: z.string().check(z.minLength(1), z.maxLength(250)) }),
  z.object({ type: z.literal('listLinks') }),
  z.object({ type: z.literal('getProductOptions'), productId: id }),
  z.object({ type: z.literal('getProductPage'), productId: id }),
  z.object({ type: z.literal('getCatalogue') }),
  z.object({ type: z.literal('refreshCatalogue'), force: z.boolean() }),
  z.object({ type: z.literal('send'), orderId: id }),
  z.object({ type: z.literal('completeWithout'), orderId: id }),
  z.object({ type: z.literal('setOrderShipping'), orderId: id, method: z.nullable(method) }),
  z.object({ type: z.literal('syncNow') }),
  z.object({ type: z.literal('pageVisit'), origin: text(100), orderId: z.nullable(id) }),
  z.object({ type: z.literal('getStatus') }),
  z.object({ type: z.literal('getSettings') }),
  // Any object: its values are checked against the settings' schema when saved (named in the error).
  z.object({ type: z.literal('saveSettings'), settings: record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('saveShipping'),
    shipping: z.object({ default: method, overrides: record(z.string().check(z.regex(/^[A-Z]{2}$/)), method) }),
  }),
  z.object({
    type: z.literal('saveCredentials'),
    bigcartel: z.optional(
      z.nullable(
        z.union([
          z.object({ kind: z.literal('basic'), subdomain: text(100), password: z.optional(text(500)) }),
          z.object({ kind: z.literal('token'), token: z.optional(text(2000)) }),
        ]),
      ),
    ),
    inkthreadable: z.optional(z.nullable(z.object({ appId: text(100), secretKey: z.optional(text(500)) }))),
  }),
  z.object({ type: z.literal('testConnection') }),
  // The links of a file the options page read (lib/linkfile.ts), merged over the stored ones.
  z.object({ type: z.literal('importLinks'), links: importedLinks }),
  z.object({ type: z.literal('getLastImport') }),
  z.object({ type: z.literal('restoreImport') }),
] as const;

export type Request = z.infer<(typeof REQUESTS)[number]>;

const BY_TYPE = new Map<unknown, (typeof REQUESTS)[number]>(REQUESTS.map((s) => [s.shape.type.def.values[0], s]));

/** The request `raw` is, checked against the schema of its type; null when it is not one. */
export function parseRequest(raw: unknown): Request | null {
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const parsed = isObject ? BY_TYPE.get((raw as { type?: unknown }).type)?.safeParse(raw) : undefined;
  return parsed?.success ? parsed.data : null;
}
export type RequestType = Request['type'];
/** The request of one type. */
export type RequestOf<K extends RequestType> = Extract<Request, { type: K }>;
/** What the merchant types to link an item (checked again by makeLink before it is stored). */
export type LinkInput = z.infer<typeof linkInputSchema>;
