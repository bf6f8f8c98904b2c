/**
 * Another sender for this store: an order this browser went to send by itself was already at
 * Inkthreadable under its Big Cartel number, or came to be there twice at once. Another browser
 * (or another tool using the Big Cartel number) is sending this store's orders too; two senders
 * at the same moment can create an order twice, so the merchant is told to keep one.
 */
import { getMeta, setMeta, type Db } from './db';
import type { OtherSenderView } from '../views';

const KEY = 'otherSender';
/** How long the popup keeps saying so after the last sign (signs recur while both send). */
const OTHER_SENDER_SHOWN_MS = 3 * 24 * 3_600_000;

export function noteOtherSender(db: Db, orderId: string, now: Date): Promise<void> {
  return setMeta(db, KEY, { orderId, at: now.toISOString() } satisfies OtherSenderView);
}

/** The last sign of another sender, while it is recent enough to show. */
export async function readOtherSender(db: Db, now: Date): Promise<OtherSenderView | null> {
  const seen = await getMeta<OtherSenderView>(db, KEY);
  if (!seen || typeof seen.at !== 'string' || typeof seen.orderId !== 'string') return null;
  return now.getTime() - Date.parse(seen.at) < OTHER_SENDER_SHOWN_MS ? seen : null;
}
