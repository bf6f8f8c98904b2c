/** Orders: their views and lists, sending, completing without unlinked items, the shipping method. */
import type { OrderRecord } from '../db';
import { listEntry, recompute, type EngineContext } from '../engine';
import { orderViews } from '../view-store';
import { sendOrder } from '../outbox';
import { reportTerms } from '../../bigcartel/report';
import type { OrderView, RequestOf, Responses } from '../../protocol';
import { UserError } from './errors';
import type { Handlers } from './types';

export async function getOrderView(ctx: EngineContext, orderId: string): Promise<OrderView | null> {
  const rec = await ctx.db.get('orders', orderId);
  return rec ? (await orderViews(ctx, [rec]))[0]! : null;
}

/** The orders needing action, newest first: one cursor over the index, then the page's outbox records in one go. */
async function needsAction(ctx: EngineContext, req: RequestOf<'listOrders'>): Promise<Responses['listOrders']> {
  const range = IDBKeyRange.bound([1, ''], [1, '\uffff']);
  const total = await ctx.db.countFromIndex('orders', 'byNeedsAction', range);
  const tx = ctx.db.transaction(['orders', 'outbox']);
  const recs: OrderRecord[] = [];
  let c = await tx.objectStore('orders').index('byNeedsAction').openCursor(range, 'prev');
  if (c && req.offset > 0) c = await c.advance(req.offset);
  for (; c && recs.length < req.limit; c = await c.continue()) recs.push(c.value);
  const outbox = tx.objectStore('outbox');
  const sends = await Promise.all(recs.map((r) => outbox.get(r.id)));
  const settings = await ctx.settings();
  return { total, entries: recs.map((r, i) => listEntry(r, sends[i], settings)) };
}

/** The orders sent, most recently sent first. */
async function recentSent(ctx: EngineContext, req: RequestOf<'listOrders'>): Promise<Responses['listOrders']> {
  const sent = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent');
  sent.sort((a, b) => (a.attemptAt < b.attemptAt ? 1 : -1));
  const page = sent.slice(req.offset, req.offset + req.limit);
  const entries = [];
  const settings = await ctx.settings();
  for (const ob of page) {
    const rec = await ctx.db.get('orders', ob.orderId);
    if (rec) entries.push(listEntry(rec, ob, settings));
  }
  return { total: sent.length, entries };
}

async function knownOrder(ctx: EngineContext, orderId: string, missing: string): Promise<OrderRecord> {
  const rec = await ctx.db.get('orders', orderId);
  if (!rec) throw new UserError(missing);
  return rec;
}

export const orderHandlers: Handlers<
  'getOrder' | 'getOrderChips' | 'reportTerms' | 'listOrders' | 'send' | 'completeWithout' | 'setOrderShipping'
> = {
  getOrder: (ctx, req) => getOrderView(ctx, req.orderId),

  async getOrderChips(ctx, req) {
    const recs = await Promise.all(req.orderIds.map((id) => ctx.db.get('orders', id)));
    return recs.filter((r): r is OrderRecord => !!r).map((r) => ({ id: r.id, state: r.state, toLink: r.toLink }));
  },

  async reportTerms(ctx, req) {
    const rec = await ctx.db.get('orders', req.orderId);
    return rec ? reportTerms(rec.order) : null;
  },

  listOrders: (ctx, req) => (req.view === 'needsAction' ? needsAction(ctx, req) : recentSent(ctx, req)),

  async send(ctx, req) {
    const rec = await knownOrder(ctx, req.orderId, `Order ${req.orderId} is not known yet: sync first.`);
    if (rec.holdAutoSend) {
      await ctx.db.put('orders', { ...rec, holdAutoSend: false });
      await recompute(ctx, [rec.id]);
    }
    const outcome = await sendOrder(ctx, req.orderId, { manual: true });
    if (outcome.kind === 'skipped') throw new UserError(outcome.message);
    return getOrderView(ctx, req.orderId);
  },

  async completeWithout(ctx, req) {
    const rec = await knownOrder(ctx, req.orderId, `Order ${req.orderId} is not known yet: sync first.`);
    if (rec.state !== 'needs-linking')
      throw new UserError('Only an order with items to link can be completed without them.');
    await ctx.db.put('orders', { ...rec, completedWithout: true, holdAutoSend: false });
    await recompute(ctx, [rec.id]);
    const after = await ctx.db.get('orders', rec.id);
    if (after?.state === 'ready') {
      const outcome = await sendOrder(ctx, rec.id, { manual: true });
      if (outcome.kind === 'skipped') throw new UserError(outcome.message);
    }
    await ctx.changed([rec.id]);
    return getOrderView(ctx, req.orderId);
  },

  async setOrderShipping(ctx, req) {
    const rec = await knownOrder(ctx, req.orderId, `Order ${req.orderId} is not known yet.`);
    const ob = await ctx.db.get('outbox', req.orderId);
    if (ob && ob.status !== 'failed')
      throw new UserError('Inkthreadable cannot change the shipping method of an order already sent.');
    await ctx.db.put('orders', { ...rec, shippingChoice: req.method });
    await recompute(ctx, [rec.id]);
    await ctx.changed([rec.id]);
    return getOrderView(ctx, req.orderId);
  },
};
