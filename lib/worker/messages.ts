/**
 * Checks every message that reaches the background: its shape (zod) and who sent it. Content
 * scripts may only ask about orders and links; settings, credentials and imports come only from
 * the extension's own pages. Messages from other extensions and pages are refused.
 */
import { parseRequest, type Request } from '../requests';
import { isAdminOrigin } from '../hosts';

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
  const request = parseRequest(raw);
  if (!request) {
    // Only a string type is named back: anything else (an object whose toString throws) is not.
    const given = typeof raw === 'object' && raw && 'type' in raw ? (raw as { type: unknown }).type : undefined;
    const type = typeof given === 'string' ? given : 'unknown';
    return { ok: false, error: `Malformed "${type.slice(0, 40)}" message refused.` };
  }
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
