/**
 * Checks every message that reaches the background: its shape (zod) and who sent it. Content
 * scripts may only ask about orders and links; settings, credentials and imports come only from
 * the extension's own pages. Messages from other extensions and pages are refused.
 */
import { z } from 'zod';
import type { Request } from './protocol';

const id = z.string().min(1).max(100);
const method = z.enum(['regular', 'recorded', 'courier']);
const placements = z.record(z.string().max(30), z.string().max(2048));

const linkInput = z.object({
  productId: id,
  optionId: id.nullable(),
  productName: z.string().max(500),
  optionName: z.string().max(500),
  pn: z.string().max(60),
  designs: placements,
  mockups: placements.optional(),
  neverFulfil: z.boolean(),
});

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('getOrder'), orderId: id }),
  z.object({ type: z.literal('getOrderChips'), orderIds: z.array(id).max(1000) }),
  z.object({
    type: z.literal('listOrders'),
    view: z.enum(['needsAction', 'recentSent']),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(500),
  }),
  z.object({ type: z.literal('saveLink'), link: linkInput }),
  z.object({ type: z.literal('saveLinks'), links: z.array(linkInput).min(1).max(100) }),
  z.object({ type: z.literal('deleteLink'), key: z.string().min(1).max(250) }),
  z.object({ type: z.literal('listLinks') }),
  z.object({ type: z.literal('getProductOptions'), productId: id }),
  z.object({ type: z.literal('getProductPage'), productId: id }),
  z.object({ type: z.literal('getCatalogue') }),
  z.object({ type: z.literal('refreshCatalogue'), force: z.boolean() }),
  z.object({ type: z.literal('send'), orderId: id }),
  z.object({ type: z.literal('completeWithout'), orderId: id }),
  z.object({ type: z.literal('setOrderShipping'), orderId: id, method: method.nullable() }),
  z.object({ type: z.literal('syncNow') }),
  z.object({ type: z.literal('pageVisit'), origin: z.string().max(100), orderId: id.nullable() }),
  z.object({ type: z.literal('getStatus') }),
  z.object({ type: z.literal('getSettings') }),
  z.object({ type: z.literal('saveSettings'), settings: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('saveShipping'),
    shipping: z.object({ default: method, overrides: z.record(z.string().regex(/^[A-Z]{2}$/), method) }),
  }),
  z.object({
    type: z.literal('saveCredentials'),
    bigcartel: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('basic'), subdomain: z.string().max(100), password: z.string().max(500).optional() }),
        z.object({ kind: z.literal('token'), token: z.string().max(2000).optional() }),
      ])
      .nullable()
      .optional(),
    inkthreadable: z
      .object({ appId: z.string().max(100), secretKey: z.string().max(500).optional() })
      .nullable()
      .optional(),
  }),
  z.object({ type: z.literal('testConnection') }),
  z.object({ type: z.literal('exportLinks') }),
  z.object({ type: z.literal('importLinks'), text: z.string().max(20_000_000), format: z.enum(['json', 'csv']) }),
]);

/** Requests a content script on the Big Cartel admin may make. */
const CONTENT_SCRIPT_TYPES = new Set<Request['type']>([
  'getOrder',
  'getOrderChips',
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

const ADMIN_ORIGINS = ['https://my.bigcartel.com', 'https://app.bigcartel.com'];

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
}

export type Checked = { ok: true; request: Request; from: 'extension-page' | 'content-script' } | { ok: false; error: string };

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
  if (ADMIN_ORIGINS.includes(origin) && CONTENT_SCRIPT_TYPES.has(request.type)) {
    return { ok: true, request, from: 'content-script' };
  }
  return { ok: false, error: `"${request.type}" is not available from this page.` };
}
