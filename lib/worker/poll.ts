/**
 * The periodic poll: its alarm, and what one firing of it does. A firing that finds a sync pass
 * still running (a long first import, a manual Sync now) leaves that pass alone: it starts no
 * second pass and sends nothing beside it; the running pass sends and redraws when it ends.
 */
import { browser } from 'wxt/browser';
import type { Db } from './db';
import type { EngineContext } from './engine';
import { reviewAttention } from './attention';
import { afterSync } from './catalogue';
import { processDueSends, sendReady } from './sends';
import { loadSettings } from './settings';
import { runSync } from './sync';
import { clearMarks, mark } from '../marks';

export const POLL_ALARM = 'bigcartel-poll';

/** Performance marks around each regular poll, read by the benchmark (the last poll's only). */
const POLL_MARKS = { start: 'ink:poll:start', end: 'ink:poll:end' } as const;

export async function ensureAlarm(): Promise<void> {
  const settings = await loadSettings();
  const existing = await browser.alarms.get(POLL_ALARM);
  if (!existing || existing.periodInMinutes !== settings.pollMinutes) {
    await browser.alarms.create(POLL_ALARM, {
      periodInMinutes: settings.pollMinutes,
      delayInMinutes: Math.min(1, settings.pollMinutes),
    });
  }
}

/** What one firing did: `busy` when a sync pass was already running and was left alone. */
export type PollOutcome = 'ran' | 'skipped' | 'busy';

/** One firing of the poll alarm, between the benchmark's marks. */
export async function tick(ctx: EngineContext, updateBadge: (db: Db) => Promise<void>): Promise<PollOutcome> {
  clearMarks(POLL_MARKS.start, POLL_MARKS.end);
  mark(POLL_MARKS.start);
  try {
    return await poll(ctx, updateBadge);
  } finally {
    mark(POLL_MARKS.end);
  }
}

export async function poll(ctx: EngineContext, updateBadge: (db: Db) => Promise<void>): Promise<PollOutcome> {
  const synced = await runSync(ctx, { manual: false });
  if (synced.busy) return 'busy';
  // Big Cartel skipped (backing off, refused password): orders already stored and ready still go
  // to Inkthreadable, and sends whose time has come are made (a pass that ran did both).
  if (!synced.ran) {
    await sendReady(ctx);
    await processDueSends(ctx);
  }
  // The product catalogue, when due (at most every few hours: see lib/worker/catalogue.ts).
  await afterSync(ctx, { manual: false, ordersRead: synced.read });
  // Orders overdue or unpaid, refusals: notified once per episode. The badge is redrawn every
  // poll, since an order becomes overdue by the clock alone.
  await reviewAttention(ctx);
  await updateBadge(ctx.db);
  return synced.ran ? 'ran' : 'skipped';
}
