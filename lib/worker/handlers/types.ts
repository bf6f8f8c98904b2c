/**
 * The shape of the handler map: one handler per request type, taking the request of that type
 * (as lib/requests.ts's zod schema checked it) and answering what lib/views.ts says it answers.
 * A missing handler, or one answering the wrong thing, fails the typecheck.
 */
import type { EngineContext } from '../engine';
import type { RequestOf, RequestType, Responses } from '../../protocol';

/** Each request type's request, as a mapped type (so that a handler and its request stay paired). */
export type RequestMap = { [K in RequestType]: RequestOf<K> };

export type HandlerMap = { [K in RequestType]: (ctx: EngineContext, req: RequestMap[K]) => Promise<Responses[K]> };

/** The handlers of some request types (one area's). */
export type Handlers<K extends RequestType> = Pick<HandlerMap, K>;
