/**
 * Draft state of an order, derived (never counted) from the order, the links and the outbox;
 * and the exact Inkthreadable body for it, checked item by item before anything is sent.
 */
import { resolveLink } from '../links';
import { countryName, shippingWait, type ShippingDefaults } from '../shipping';
import type { BcOrder, DraftState, ItemDisposition, LineItem, Link, OutboxRecord, ShippingMethod } from '../types';
import type { InkCreateOrderBody } from '../inkthreadable';

export interface OrderFacts {
  order: BcOrder;
  completedWithout: boolean;
  history: boolean;
  holdAutoSend: boolean;
  /** the merchant's shipping method for this order, if chosen */
  shippingChoice?: ShippingMethod | null;
}

export interface ItemView {
  item: LineItem;
  disposition: ItemDisposition;
  link: Link | null;
}

export function itemViews(order: BcOrder, links: ReadonlyMap<string, Link>, completedWithout: boolean): ItemView[] {
  return order.items.map((item) => {
    const link = resolveLink(item, links);
    let disposition: ItemDisposition;
    if (link?.neverFulfil) disposition = 'never';
    else if (link?.pn) disposition = 'linked';
    else if (completedWithout) disposition = 'excluded';
    else disposition = 'unlinked';
    return { item, disposition, link };
  });
}

export interface Derived {
  state: DraftState;
  needsAction: 0 | 1;
  toLink: number;
}

/**
 * The one place an order's state comes from. `shipping`: the store's shipping defaults; a ready
 * order whose per-country method cannot be chosen (its country unknown) waits for the merchant.
 */
export function deriveState(
  facts: OrderFacts,
  links: ReadonlyMap<string, Link>,
  outbox: OutboxRecord | undefined,
  autoSend: boolean,
  shipping?: ShippingDefaults,
): Derived {
  const views = itemViews(facts.order, links, facts.completedWithout);
  const toLink = views.filter((v) => v.disposition === 'unlinked').length;
  let state: DraftState;
  if (outbox) state = outbox.status;
  else if (facts.history) state = 'history';
  else if (toLink > 0) state = 'needs-linking';
  else if (views.some((v) => v.disposition === 'linked')) state = 'ready';
  else state = 'nothing-to-fulfil';
  const waitsForMerchant =
    state === 'ready' &&
    (!autoSend ||
      facts.holdAutoSend ||
      !paymentComplete(facts.order) ||
      (!!shipping && shippingWait(shipping, facts.order, facts.shippingChoice ?? null) !== ''));
  // A send left unconfirmed for the merchant, or a duplicate Inkthreadable could not cancel.
  const outboxNeedsMerchant =
    !!outbox &&
    ((outbox.status === 'sending' && !!outbox.needsMerchant) ||
      (outbox.status === 'sent' && !!outbox.duplicates?.length));
  const needsAction =
    state === 'needs-linking' || state === 'failed' || waitsForMerchant || outboxNeedsMerchant ? 1 : 0;
  return { state, needsAction, toLink };
}

/** Big Cartel orders are sent once paid; a missing payment status is taken as paid. */
export function paymentComplete(order: BcOrder): boolean {
  return order.paymentStatus === '' || order.paymentStatus === 'completed';
}

export type BuildResult =
  | { ok: true; body: InkCreateOrderBody; json: string; sentItems: Record<string, number> }
  | { ok: false; message: string };

/**
 * Build the create-order body. Refuses (with the reason) when an item is still unlinked, when
 * nothing is linked, when the address lacks what Inkthreadable needs, or when the quantities in
 * the serialised body plus those excluded do not add up to the order's, item by item.
 */
export function buildInkOrder(
  facts: OrderFacts,
  links: ReadonlyMap<string, Link>,
  method: ShippingMethod,
  brandName: string,
): BuildResult {
  const { order } = facts;
  if (order.items.length === 0) return { ok: false, message: 'Big Cartel lists no items on this order.' };
  const views = itemViews(order, links, facts.completedWithout);
  const unlinked = views.filter((v) => v.disposition === 'unlinked');
  if (unlinked.length > 0) {
    return { ok: false, message: `${unlinked.length} item${unlinked.length === 1 ? ' is' : 's are'} not linked yet.` };
  }
  const linked = views.filter((v) => v.disposition === 'linked');
  if (linked.length === 0) return { ok: false, message: 'No item on this order is fulfilled by Inkthreadable.' };

  const a = order.address;
  const country = a.countryName || (a.countryCode ? countryName(a.countryCode) : '');
  const missing: string[] = [];
  if (!a.firstName && !a.lastName) missing.push('customer name');
  if (!a.address1) missing.push('street address');
  if (!a.city) missing.push('town or city');
  if (!country) missing.push('country');
  if (missing.length) {
    return {
      ok: false,
      message: `The shipping address has no ${missing.join(', ')}. Correct it in Big Cartel, then retry.`,
    };
  }

  const body: InkCreateOrderBody = {
    external_id: order.id,
    brandName,
    comment: `Big Cartel order ${order.id}`,
    shipping_address: {
      firstName: a.firstName,
      lastName: a.lastName,
      company: a.company,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      county: a.state,
      postcode: a.zip,
      country,
      phone1: a.phone,
    },
    shipping: { shippingMethod: method },
    items: linked.map(({ item, link }) => {
      const line: InkCreateOrderBody['items'][number] = {
        pn: link!.pn,
        quantity: item.quantity,
        retailPrice: item.price,
        description: item.optionName ? `${item.productName} / ${item.optionName}` : item.productName,
        designs: { ...link!.designs },
      };
      if (Object.keys(link!.mockups).length) line.mockups = { ...link!.mockups };
      return line;
    }),
  };
  const json = JSON.stringify(body);
  const sentItems: Record<string, number> = {};
  linked.forEach(({ item }) => {
    sentItems[item.id] = (sentItems[item.id] ?? 0) + item.quantity;
  });
  const check = checkQuantities(order, views, json);
  if (!check.ok) return check;
  return { ok: true, body, json, sentItems };
}

/**
 * The last gate before a POST: read the serialised body back and check that, item by item, the
 * quantity sent plus the quantity excluded (never fulfil, completed without) is exactly the
 * order's quantity, and that nothing else is in the body.
 */
export function checkQuantities(
  _order: BcOrder,
  views: readonly ItemView[],
  json: string,
): { ok: true } | { ok: false; message: string } {
  let parsed: { items?: { pn?: unknown; quantity?: unknown; description?: unknown }[] };
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, message: 'The order could not be prepared (internal error); nothing was sent.' };
  }
  const sentLines = parsed.items ?? [];
  const linked = views.filter((v) => v.disposition === 'linked');
  if (sentLines.length !== linked.length) {
    return { ok: false, message: 'The prepared order does not hold every linked item; nothing was sent.' };
  }
  let orderTotal = 0;
  let accounted = 0;
  let li = 0;
  for (const view of views) {
    const q = view.item.quantity;
    orderTotal += q;
    if (!Number.isInteger(q) || q < 1) {
      return { ok: false, message: `"${view.item.productName}" has quantity ${q}, which cannot be sent.` };
    }
    if (view.disposition === 'linked') {
      const line = sentLines[li++];
      if (!line || line.quantity !== q || line.pn !== view.link?.pn) {
        return {
          ok: false,
          message: `The quantity of "${view.item.productName}" in the prepared order does not match Big Cartel; nothing was sent.`,
        };
      }
      accounted += q;
    } else if (view.disposition === 'never' || view.disposition === 'excluded') {
      accounted += q;
    } else {
      return { ok: false, message: `"${view.item.productName}" is not linked; nothing was sent.` };
    }
  }
  if (accounted !== orderTotal) {
    return { ok: false, message: 'The quantities to send do not add up to the order; nothing was sent.' };
  }
  return { ok: true };
}

/** A one-line description of an order's state, as the merchant reads it. */
export function stateLabel(state: DraftState, toLink: number, itemCount: number): string {
  switch (state) {
    case 'needs-linking':
      return `${toLink} of ${itemCount} item${itemCount === 1 ? '' : 's'} to link`;
    case 'ready':
      return 'Ready to send';
    case 'sending':
      return 'Sending to Inkthreadable';
    case 'sent':
      return 'Sent to Inkthreadable';
    case 'failed':
      return 'Not sent: Inkthreadable refused it';
    case 'nothing-to-fulfil':
      return 'Nothing for Inkthreadable to fulfil';
    case 'history':
      return 'Fulfilled before the extension was connected';
  }
}
