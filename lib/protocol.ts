/**
 * The typed call content scripts, the popup and the options page ask the worker with. The
 * requests are defined once in lib/requests.ts (zod schemas, types inferred), the answers in
 * lib/views.ts; both are imported here as types only, so zod stays out of the content script.
 */
import { browser } from 'wxt/browser';
import type { Request } from './requests';
import type { Reply, Responses } from './views';

export type { Request, RequestOf, RequestType } from './requests';
export type {
  ChangedNotice,
  ImportPreview,
  ItemInfo,
  OrderChip,
  OrderListEntry,
  OrderView,
  Reply,
  Responses,
  ServiceState,
  SettingsView,
  StatusView,
} from './views';

export class CallError extends Error {}

/** Ask the background; throws CallError with a message fit to show the merchant. */
export async function call<T extends Request>(req: T): Promise<Responses[T['type']]> {
  let reply: Reply<Responses[T['type']]> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(req)) as Reply<Responses[T['type']]> | undefined;
  } catch (err) {
    throw new CallError(
      /context invalidated/i.test(String(err))
        ? 'The extension was updated or reloaded: reload this page.'
        : 'The extension did not answer. Reload this page, or the extension, and try again.',
    );
  }
  if (!reply || typeof reply !== 'object') throw new CallError('The extension did not answer. Try again.');
  if (!reply.ok) throw new CallError(reply.error);
  return reply.data;
}
