/**
 * Every answer of either service updates that service's state, not only Test connection: the
 * clients the engine uses are watched, and each result (a refusal of the credentials, no answer,
 * an unreadable reply, a success) is written to the stored status the popup, the order panel and
 * the options page read. A change of state redraws the badge (a refused credential counts).
 */
import type { InkClient, InkResult } from '../inkthreadable';
import { INK_CHECK_CREDENTIALS } from '../inkthreadable/client';
import type { BcClient, BcResult } from '../bigcartel/client';
import type { Db } from './db';
import type { ServiceState } from '../views';
import { getStatusMeta, setServiceState } from './sync-meta';

type Service = 'bigcartel' | 'inkthreadable';

/** What a call was, for reading its answer: a refused list means the account refuses us. */
type InkCall = 'list' | 'create' | 'order' | 'cancel';

const INK_CALLS: Record<string, InkCall> = {
  listOrders: 'list',
  listAllOrders: 'list',
  countOrders: 'list',
  createOrder: 'create',
  createOrderJson: 'create',
  getOrder: 'order',
  cancelOrder: 'cancel',
};

const BC_CALLS = new Set([
  'getAccount',
  'listOrdersPage',
  'getOrder',
  'getProduct',
  'listProductsPage',
  'listProducts',
  'createShipment',
]);

/** Words in a refusal that name the credentials (the live service answers "Invalid signature"). */
const CREDENTIAL_WORDS = /signature|app ?id|secret|credential|unauthori[sz]ed|forbidden|not allowed/i;

const INK_CONNECTED: ServiceState = { state: 'ok', message: 'Connected' };

/** The state an Inkthreadable answer says the service is in; null when it says nothing about it. */
export function inkAnswerState(res: InkResult<unknown>, call: InkCall): ServiceState | null {
  if (res.kind === 'ok') return INK_CONNECTED;
  if (res.kind === 'ambiguous') {
    return {
      state: 'error',
      message: `${res.message}. Orders not sent yet wait, and the extension tries again by itself.`,
    };
  }
  // A refusal naming the credentials (the live service answers "Invalid signature" after the key
  // was changed) is counted as refused credentials. Any other refused list or count is shown as
  // a problem; a refused order or cancel is about that order (shown on it).
  const aboutCredentials = res.status === 401 || res.status === 403 || CREDENTIAL_WORDS.test(res.message);
  if (aboutCredentials) {
    if (res.message.startsWith(INK_CHECK_CREDENTIALS)) return { state: 'auth', message: `${res.message}.` };
    return {
      state: 'auth',
      message: `Refused the extension's requests: Inkthreadable answered "${res.message}". Copy the App ID and Secret key again from your Inkthreadable account's API Settings page into Settings.`,
    };
  }
  if (call !== 'list') return null;
  return {
    state: 'error',
    message: `Refused to list orders: Inkthreadable answered "${res.message}". Orders not sent yet wait; if this lasts, check the App ID and Secret key in Settings.`,
  };
}

/** The state a Big Cartel answer says the service is in; null when it says nothing about it. */
function bcAnswerState(res: BcResult<unknown>): ServiceState | null {
  if (res.kind === 'ok') return { state: 'ok', message: 'Connected' };
  if (res.kind === 'auth') return { state: 'auth', message: res.message };
  if (res.kind === 'unavailable') return { state: 'error', message: res.message };
  return null; // a 404 or a refused write is about that one thing, shown where it was asked for
}

/**
 * Writes the state a service answered with, when it differs from the stored one; returns whether
 * it changed. A success does not overwrite a success (Big Cartel's "Connected to <store>" stays).
 */
async function noteService(db: Db, service: Service, next: ServiceState): Promise<boolean> {
  const cur = (await getStatusMeta(db))[service];
  if (next.state === 'ok' && cur.state === 'ok' && !/not checked/i.test(cur.message)) return false;
  if (cur.state === next.state && cur.message === next.message) return false;
  await setServiceState(db, service, next);
  return true;
}

/** Calls `fn` on `target`'s method `name`, then hands its answer to `seen`. */
function watch<T extends object>(
  target: T,
  methods: (name: string) => boolean,
  seen: (name: string, res: unknown) => Promise<void>,
): T {
  return new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof v !== 'function') return v;
      const bound = (v as (...a: unknown[]) => unknown).bind(t);
      if (typeof prop !== 'string' || !methods(prop)) return bound;
      return async (...args: unknown[]) => {
        const res = await bound(...args);
        await seen(prop, res).catch((err: unknown) =>
          console.error('Inkthreadable overlay: recording a service state failed', err),
        );
        return res;
      };
    },
  });
}

/** Where a watched client reports: the store, and the badge/pages to tell when the state changed. */
export interface HealthSink {
  db: Db;
  changed(orderIds: string[] | null): Promise<void>;
}

export function watchInk(client: InkClient, sink: HealthSink): InkClient {
  return watch(
    client,
    (name) => name in INK_CALLS,
    async (name, res) => {
      const next = inkAnswerState(res as InkResult<unknown>, INK_CALLS[name]!);
      if (next && (await noteService(sink.db, 'inkthreadable', next))) await sink.changed(null);
    },
  );
}

export function watchBc(client: BcClient, sink: HealthSink): BcClient {
  return watch(
    client,
    (name) => BC_CALLS.has(name),
    async (_name, res) => {
      const next = bcAnswerState(res as BcResult<unknown>);
      if (next && (await noteService(sink.db, 'bigcartel', next))) await sink.changed(null);
    },
  );
}
