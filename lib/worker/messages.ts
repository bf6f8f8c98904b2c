/**
 * Checks every message that reaches the background: its shape (zod) and who sent it. Content
 * scripts may only ask about orders and links; settings, credentials and imports come only from
 * the extension's own pages. Messages from other extensions and pages are refused.
 */
import { z } from '../zod';
import type { Request } from '../protocol';
import { isAdminOrigin } from '../hosts';

/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max));
const id = z.string().check(z.minLength(1), z.maxLength(100));
const method = z.enum(['regular', 'recorded', 'courier']);
const placements = z.record(text(30), text(2048));

const linkInput = z.object({
  productId: id,
  optionId: z.nullable(id),
  productName: text(500),
  optionName: text(500),
  pn: text(60),
  designs: placements,
  mockups: z.optional(placements),
  neverFulfil: z.boolean(),
});

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('getOrder'), orderId: id }),
  z.object({ type: z.literal('getOrderChips'), orderIds: z.array(id).check(z.maxLength(1000)) }),
  z.object({ type: z.literal('reportTerms'), orderId: id }),
  z.object({
    type: z.literal('listOrders'),
    view: z.enum(['needsAction', 'recentSent']),
    offset: z.number().check(z.int(), z.minimum(0)),
    limit: z.number().check(z.int(), z.minimum(1), z.maximum(500)),
  }),
  z.object({ type: z.literal('saveLink'), link: linkInput }),
  z.object({ type: z.literal('saveLinks'), links: z.array(linkInput).check(z.minLength(1), z.maxLength(100)) }),
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
  z.object({ type: z.literal('saveSettings'), settings: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('saveShipping'),
    shipping: z.object({ default: method, overrides: z.record(z.string().check(z.regex(/^[A-Z]{2}$/)), method) }),
  }),
  z.object({
    type: z.literal('saveCredentials'),
    bigcartel: z.optional(
      z.nullable(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('basic'), subdomain: text(100), password: z.optional(text(500)) }),
          z.object({ kind: z.literal('token'), token: z.optional(text(2000)) }),
        ]),
      ),
    ),
    inkthreadable: z.optional(z.nullable(z.object({ appId: text(100), secretKey: z.optional(text(500)) }))),
  }),
  z.object({ type: z.literal('testConnection') }),
  z.object({ type: z.literal('exportLinks') }),
  z.object({ type: z.literal('importLinks'), text: text(20_000_000), format: z.enum(['json', 'csv']) }),
  z.object({ type: z.literal('previewImport'), text: text(20_000_000), format: z.enum(['json', 'csv']) }),
  z.object({ type: z.literal('getLastImport') }),
  z.object({ type: z.literal('restoreImport') }),
]);

/** Requests a content script on the Big Cartel admin may make. */
const CONTENT_SCRIPT_TYPES = new Set<Request['type']>([
  'getOrder',
  'getOrderChips',
  'reportTerms',
  'saveLink',
  'saveLinks',
  'getProductOptions',
  'getProductPage',
  'send',
  'completeWithout',
  'setOrderShipping',
  'syncNow',
  'pageVisit',
]);

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
}

export type Checked =
  | { ok: true; request: Request; from: 'extension-page' | 'content-script' }
  | { ok: false; error: string };

export function checkMessage(raw: unknown, sender: SenderInfo, extensionId: string, extensionOrigin: string): Checked {
  if (sender.id !== extensionId) return { ok: false, error: 'Messages from other extensions are not accepted.' };
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    const type = typeof raw === 'object' && raw && 'type' in raw ? String((raw as { type: unknown }).type) : 'unknown';
    return { ok: false, error: `Malformed "${type.slice(0, 40)}" message refused.` };
  }
  const request = parsed.data as Request;
  const url = sender.url ?? '';
  let origin = '';
  try {
    origin = new URL(url).origin;
  } catch {
    /* no url */
  }
  const fromExtensionPage = url.startsWith(extensionOrigin);
  if (fromExtensionPage) return { ok: true, request, from: 'extension-page' };
  if (isAdminOrigin(origin) && CONTENT_SCRIPT_TYPES.has(request.type)) {
    // A page says where it is; only the page the message came from can be that place.
    if (request.type === 'pageVisit' && request.origin !== origin)
      return { ok: false, error: 'A page may only report its own address.' };
    return { ok: true, request, from: 'content-script' };
  }
  return { ok: false, error: `"${request.type}" is not available from this page.` };
}
