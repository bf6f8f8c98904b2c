/**
 * Does an Inkthreadable order hold this Big Cartel order? One comparison, used twice: before
 * adopting an order that carries our external id (recipient postcode + product codes), and when
 * looking for an order Inkthreadable's own Big Cartel integration made (recipient name + postcode
 * + product codes).
 *
 * Inkthreadable's list replies have been seen without `shipping_address` or `items`: what the
 * reply does not show is `unknown`, never a match.
 */
import type { InkOrder } from '../inkthreadable';

/** What the Big Cartel order (as it would be, or was, sent) says. */
export interface Expected {
  name: string;
  postcode: string;
  /** the product codes sent (or to be sent) */
  pns: string[];
}

export type Match =
  | { kind: 'match' }
  | { kind: 'mismatch'; differences: string[] }
  | { kind: 'unknown'; missing: string };

const normPostcode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const normName = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const normPns = (pns: readonly string[]) => [...new Set(pns.map((p) => p.trim().toUpperCase()).filter(Boolean))].sort();

/** Expected facts from a create-order body (what was sent, or what would be). */
export function expectedFromBody(body: {
  shipping_address: { firstName: string; lastName: string; postcode: string };
  items: { pn: string }[];
}): Expected {
  const a = body.shipping_address;
  return {
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    postcode: a.postcode,
    pns: body.items.map((i) => i.pn),
  };
}

/**
 * Compare. `withName`: the recipient's name must match too (for an order the extension did not
 * create, where the postcode and codes alone could be another customer's).
 */
export function compareOrder(expected: Expected, ink: InkOrder, withName: boolean): Match {
  if (!ink.recipient) return { kind: 'unknown', missing: 'recipient' };
  if (ink.items.length === 0) return { kind: 'unknown', missing: 'items' };
  const differences: string[] = [];
  if (normPostcode(ink.recipient.postcode) !== normPostcode(expected.postcode)) {
    differences.push(`postcode ${ink.recipient.postcode || '(none)'} instead of ${expected.postcode || '(none)'}`);
  }
  if (withName && normName(ink.recipient.name) !== normName(expected.name)) {
    differences.push(`recipient ${ink.recipient.name || '(none)'} instead of ${expected.name || '(none)'}`);
  }
  const got = normPns(ink.items.map((i) => i.pn));
  const want = normPns(expected.pns);
  if (got.join(',') !== want.join(',')) {
    differences.push(`products ${got.join(', ') || '(none)'} instead of ${want.join(', ') || '(none)'}`);
  }
  return differences.length ? { kind: 'mismatch', differences } : { kind: 'match' };
}
