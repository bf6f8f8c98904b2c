/**
 * What the background does for each message: a map from request type to handler, one file per
 * area. Each handler takes the engine context and a request its zod schema already checked
 * (lib/worker/messages.ts), and returns plain data (never a credential).
 */
import type { EngineContext } from '../engine';
import type { RequestType, Responses } from '../../protocol';
import { catalogueHandlers } from './catalogue';
import { connectionHandlers } from './connections';
import { linkFileHandlers } from './linkfile';
import { linkHandlers } from './links';
import { orderHandlers } from './orders';
import { settingsHandlers } from './settings';
import { statusHandlers } from './status';
import type { HandlerMap, RequestMap } from './types';

export { UserError } from './errors';
export { getOrderView } from './orders';

const HANDLERS: HandlerMap = {
  ...orderHandlers,
  ...linkHandlers,
  ...linkFileHandlers,
  ...catalogueHandlers,
  ...settingsHandlers,
  ...connectionHandlers,
  ...statusHandlers,
};

/** Answer one checked request. */
export function handle<K extends RequestType>(
  ctx: EngineContext,
  req: RequestMap[K] & { type: K },
): Promise<Responses[K]> {
  const handler: HandlerMap[K] = HANDLERS[req.type];
  return handler(ctx, req);
}
