/**
 * What the background does for each message. Each handler takes the engine context and a
 * checked request, and returns plain data (never a credential).
 */
import { getMeta, setMeta, type OrderRecord } from './db';
import {
  CATALOGUE_FRESH_MS,
  catalogueMeta,
  catalogueView,
  productPageView,
  refreshCatalogue,
  afterSync,
  refreshLinkHealth,
} from './catalogue';
import { reportTerms } from '../bigcartel/report';
import { linksWritten, listEntry, loadLinks, orderView, recompute, viewLinksFor, type EngineContext } from './engine';
import { isAdminOrigin } from '../hosts';
import { linkDiff, makeLink, type LinkInput } from '../links';
import { exportLinks, importLinks, planImport, type ImportPlan } from './linkfile';
import { sendOrder, sendReady } from './outbox';
import { loadSettings, mask, readSettings, saveCredentials, saveSettings, type Credentials } from './settings';
import { orderAttention, reviewAttention } from './attention';
import { runSync } from './sync';
import { resetSync, setServiceState, type AccountMeta } from './sync-meta';
import { statusView } from './status';
import type { ImportPreviewEntry, OrderView, Request, Responses, ServiceState, SettingsView } from '../protocol';
import type { Link } from '../types';

export async function getOrderView(ctx: EngineContext, orderId: string): Promise<OrderView | null> {
  const rec = await ctx.db.get('orders', orderId);
  if (!rec) return null;
  const [links, outbox, settings, creds] = await Promise.all([
    viewLinksFor(ctx.db, rec.productIds),
    ctx.db.get('outbox', orderId),
    ctx.settings(),
    ctx.credentials(),
  ]);
  return { ...orderView(rec, links, outbox, settings), ...(await orderAttention(ctx.db, ctx.now(), creds, rec)) };
}

async function settingsView(ctx: EngineContext): Promise<SettingsView> {
  const [settings, creds, stored] = await Promise.all([ctx.settings(), ctx.credentials(), readSettings()]);
  const bc = creds.bigcartel;
  return {
    settings,
    ...(stored.unreadable ? { unreadable: true } : {}),
    bigcartel: !bc
      ? null
      : bc.kind === 'basic'
        ? { kind: 'basic', subdomain: bc.subdomain, passwordMasked: mask(bc.password) }
        : { kind: 'token', tokenMasked: mask(bc.token) },
    inkthreadable: creds.inkthreadable
      ? { appId: creds.inkthreadable.appId, secretKeyMasked: mask(creds.inkthreadable.secretKey) }
      : null,
  };
}

/** Save links and recompute the orders they touch; returns how many waiting orders became complete. */
async function saveLinks(
  ctx: EngineContext,
  inputs: readonly LinkInput[],
): Promise<{ links: Link[]; completes: number }> {
  const now = ctx.now();
  const links: Link[] = [];
  for (const input of inputs) {
    const made = makeLink(input, now);
    if (!made.ok)
      throw new UserError(
        inputs.length > 1 ? `${input.productName} ${input.optionName}: ${made.message}` : made.message,
      );
    links.push(made.link);
  }
  const tx = ctx.db.transaction('links', 'readwrite');
  await Promise.all([...links.map((l) => tx.store.put(l)), tx.done]);
  const completes = await afterLinksChanged(ctx, [...new Set(links.map((l) => l.productId))]);
  return { links, completes };
}

async function afterLinksChanged(ctx: EngineContext, productIds: readonly string[]): Promise<number> {
  linksWritten(ctx.db);
  await refreshLinkHealth(ctx.db, ctx.now());
  const ids = new Set<string>();
  const before = new Map<string, OrderRecord>();
  for (const pid of productIds) {
    for (const rec of await ctx.db.getAllFromIndex('orders', 'byProduct', pid)) {
      ids.add(rec.id);
      before.set(rec.id, rec);
    }
  }
  const changed = await recompute(ctx, [...ids]);
  const completes = changed.filter(
    (r) => before.get(r.id)?.state === 'needs-linking' && r.state !== 'needs-linking',
  ).length;
  await ctx.changed(changed.length ? changed.map((r) => r.id) : null);
  void sendReady(
    ctx,
    changed.map((r) => r.id),
  ).catch((err) => console.error('Sending after a link failed', err));
  return completes;
}

export class UserError extends Error {}

const SETTING_NAMES: Record<string, string> = {
  autoSend: 'send automatically',
  importSince: 'import orders since (a date, yyyy-mm-dd)',
  pollMinutes: 'how often to check Big Cartel (1 to 60 minutes)',
  notifications: 'notifications',
  markShipped: 'mark orders shipped in Big Cartel',
  unpaidHours: 'hours before an unpaid order counts (1 to 720)',
  brandName: 'brand name (up to 100 characters)',
  shipping: 'shipping defaults',
};

/** The first thing wrong with a settings change, in words (never the validator's raw report). */
function settingsProblem(err: unknown): string {
  const issues = (err as { issues?: { path?: PropertyKey[] }[] } | null)?.issues;
  const key = Array.isArray(issues) ? issues.map((i) => String(i.path?.[0] ?? '')).find((k) => k) : undefined;
  return key ? `check ${SETTING_NAMES[key] ?? key}` : 'check the values';
}

export async function handle<T extends Request>(ctx: EngineContext, req: T): Promise<Responses[T['type']]> {
  type R = Responses[T['type']];
  switch (req.type) {
    case 'getOrder':
      return (await getOrderView(ctx, req.orderId)) as R;
    case 'getOrderChips': {
      const recs = await Promise.all(req.orderIds.map((id) => ctx.db.get('orders', id)));
      return recs
        .filter((r): r is OrderRecord => !!r)
        .map((r) => ({ id: r.id, state: r.state, toLink: r.toLink })) as R;
    }
    case 'reportTerms': {
      const rec = await ctx.db.get('orders', req.orderId);
      return (rec ? reportTerms(rec.order) : null) as R;
    }
    case 'listOrders': {
      if (req.view === 'needsAction') {
        const range = IDBKeyRange.bound([1, ''], [1, '\uffff']);
        const total = await ctx.db.countFromIndex('orders', 'byNeedsAction', range);
        // Newest first: one cursor over the index, then the page's outbox records in one go.
        const tx = ctx.db.transaction(['orders', 'outbox']);
        const recs: OrderRecord[] = [];
        let c = await tx.objectStore('orders').index('byNeedsAction').openCursor(range, 'prev');
        if (c && req.offset > 0) c = await c.advance(req.offset);
        for (; c && recs.length < req.limit; c = await c.continue()) recs.push(c.value);
        const outbox = tx.objectStore('outbox');
        const sends = await Promise.all(recs.map((r) => outbox.get(r.id)));
        const settings = await ctx.settings();
        return { total, entries: recs.map((r, i) => listEntry(r, sends[i], settings)) } as R;
      }
      const sent = await ctx.db.getAllFromIndex('outbox', 'byStatus', 'sent');
      sent.sort((a, b) => (a.attemptAt < b.attemptAt ? 1 : -1));
      const page = sent.slice(req.offset, req.offset + req.limit);
      const entries = [];
      const settings = await ctx.settings();
      for (const ob of page) {
        const rec = await ctx.db.get('orders', ob.orderId);
        if (rec) entries.push(listEntry(rec, ob, settings));
      }
      return { total: sent.length, entries } as R;
    }
    case 'saveLink': {
      const { links, completes } = await saveLinks(ctx, [req.link]);
      return { link: links[0]!, completes } as R;
    }
    case 'saveLinks': {
      const { links, completes } = await saveLinks(ctx, req.links);
      return { saved: links.length, completes } as R;
    }
    case 'deleteLink': {
      const link = await ctx.db.get('links', req.key);
      if (!link) return { deleted: false } as R;
      await ctx.db.delete('links', req.key);
      await afterLinksChanged(ctx, [link.productId]);
      return { deleted: true } as R;
    }
    case 'listLinks':
      return (await ctx.db.getAll('links')) as R;
    case 'getProductOptions': {
      const product = await ctx.db.get('products', req.productId);
      if (product) return product.options.map((o) => ({ id: o.id, name: o.name })) as R;
      const creds = await ctx.credentials();
      const account = await getMeta<AccountMeta>(ctx.db, 'account');
      if (!creds.bigcartel || !account) return [] as unknown as R;
      const res = await ctx.bcClient(creds.bigcartel).getProduct(account.id, req.productId);
      if (res.kind !== 'ok') return [] as unknown as R;
      await ctx.db.put('products', { ...res.value, fetchedAt: ctx.now().toISOString() });
      await refreshLinkHealth(ctx.db, ctx.now());
      return res.value.options.map((o) => ({ id: o.id, name: o.name })) as R;
    }
    case 'getProductPage':
      return (await productPageView(ctx, req.productId)) as R;
    case 'getCatalogue':
      return (await catalogueView(ctx)) as R;
    case 'refreshCatalogue': {
      const meta = await catalogueMeta(ctx.db);
      const fresh =
        meta.refreshedAt && !meta.message && ctx.now().getTime() - Date.parse(meta.refreshedAt) < CATALOGUE_FRESH_MS;
      if (req.force || !fresh) {
        // A failed read is kept in the view's meta (shown there); a read that could not start is said when asked for.
        const res = await refreshCatalogue(ctx);
        if (req.force && !res.ran && !/already/.test(res.message)) throw new UserError(res.message);
      }
      return (await catalogueView(ctx)) as R;
    }
    case 'send': {
      const rec = await ctx.db.get('orders', req.orderId);
      if (!rec) throw new UserError(`Order ${req.orderId} is not known yet: sync first.`);
      if (rec.holdAutoSend) {
        await ctx.db.put('orders', { ...rec, holdAutoSend: false });
        await recompute(ctx, [rec.id]);
      }
      const outcome = await sendOrder(ctx, req.orderId, { manual: true });
      if (outcome.kind === 'skipped') throw new UserError(outcome.message);
      return (await getOrderView(ctx, req.orderId)) as R;
    }
    case 'completeWithout': {
      const rec = await ctx.db.get('orders', req.orderId);
      if (!rec) throw new UserError(`Order ${req.orderId} is not known yet: sync first.`);
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
      return (await getOrderView(ctx, req.orderId)) as R;
    }
    case 'setOrderShipping': {
      const rec = await ctx.db.get('orders', req.orderId);
      if (!rec) throw new UserError(`Order ${req.orderId} is not known yet.`);
      const ob = await ctx.db.get('outbox', req.orderId);
      if (ob && ob.status !== 'failed')
        throw new UserError('Inkthreadable cannot change the shipping method of an order already sent.');
      await ctx.db.put('orders', { ...rec, shippingChoice: req.method });
      await recompute(ctx, [rec.id]);
      await ctx.changed([rec.id]);
      return (await getOrderView(ctx, req.orderId)) as R;
    }
    case 'syncNow':
      await afterSync(ctx, { manual: true, ordersRead: (await runSync(ctx, { manual: true })).read });
      await reviewAttention(ctx, { force: true });
      return (await statusView(ctx)) as R;
    case 'pageVisit':
      // The origin is what the content script says: stored only when it is an admin host (it is
      // opened from the popup and notifications). Every admin page says so: write only on a change.
      if (!isAdminOrigin(req.origin)) throw new UserError('That page is not a Big Cartel admin page.');
      if ((await getMeta<string>(ctx.db, 'adminOrigin')) !== req.origin)
        await setMeta(ctx.db, 'adminOrigin', req.origin);
      return null as R;
    case 'getStatus':
      return (await statusView(ctx)) as R;
    case 'getSettings':
      return (await settingsView(ctx)) as R;
    case 'saveSettings': {
      const before = await loadSettings();
      try {
        await saveSettings(req.settings);
      } catch (err) {
        throw new UserError(`Those settings are not valid: ${settingsProblem(err)}. Nothing was saved.`);
      }
      const after = await loadSettings();
      if (before.autoSend !== after.autoSend) {
        await recompute(ctx, null);
        await ctx.changed(null);
        if (after.autoSend) void sendReady(ctx).catch((err) => console.error('Sending failed', err));
      }
      if (before.unpaidHours !== after.unpaidHours) await reviewAttention(ctx, { force: true });
      return (await settingsView(ctx)) as R;
    }
    case 'saveShipping': {
      const before = await ctx.settings();
      await saveSettings({ shipping: req.shipping });
      // Orders whose country is unknown wait only while per-country methods exist.
      const waited = Object.keys(before.shipping.overrides).length > 0;
      if (waited !== Object.keys(req.shipping.overrides).length > 0) {
        await recompute(ctx, null);
        if (waited && before.autoSend) void sendReady(ctx).catch((err) => console.error('Sending failed', err));
      }
      await ctx.changed(null);
      return (await settingsView(ctx)) as R;
    }
    case 'saveCredentials': {
      const cur = await ctx.credentials();
      const next: Credentials = { ...cur };
      if (req.bigcartel !== undefined) {
        const b = req.bigcartel;
        if (b === null) next.bigcartel = null;
        else if (b.kind === 'basic') {
          const password = b.password || (cur.bigcartel?.kind === 'basic' ? cur.bigcartel.password : '');
          if (!b.subdomain.trim() || !password)
            throw new UserError('Enter the store subdomain and the store password.');
          next.bigcartel = {
            kind: 'basic',
            subdomain: b.subdomain
              .trim()
              .toLowerCase()
              .replace(/\.bigcartel\.com$/, ''),
            password,
          };
        } else {
          const token = b.token || (cur.bigcartel?.kind === 'token' ? cur.bigcartel.token : '');
          if (!token) throw new UserError('Paste the API access token.');
          next.bigcartel = { kind: 'token', token: token.trim() };
        }
      }
      if (req.inkthreadable !== undefined) {
        const i = req.inkthreadable;
        if (i === null) next.inkthreadable = null;
        else {
          const secretKey = i.secretKey || cur.inkthreadable?.secretKey || '';
          if (!i.appId.trim() || !secretKey) throw new UserError('Enter the Inkthreadable App ID and Secret key.');
          next.inkthreadable = { appId: i.appId.trim(), secretKey: secretKey.trim() };
        }
      }
      const bcChanged = JSON.stringify(cur.bigcartel) !== JSON.stringify(next.bigcartel);
      await saveCredentials(next);
      if (bcChanged) {
        const status = await ctx.db.get('meta', 'status');
        await setServiceState(
          ctx.db,
          'bigcartel',
          next.bigcartel
            ? { state: 'ok', message: 'Saved: not checked yet' }
            : { state: 'unconfigured', message: 'Connect your Big Cartel store in Settings.' },
        );
        void status;
        const subdomainBefore = cur.bigcartel?.kind === 'basic' ? cur.bigcartel.subdomain : null;
        const subdomainAfter = next.bigcartel?.kind === 'basic' ? next.bigcartel.subdomain : null;
        if (subdomainBefore && subdomainAfter && subdomainBefore !== subdomainAfter) await resetSync(ctx.db);
      }
      if (JSON.stringify(cur.inkthreadable) !== JSON.stringify(next.inkthreadable)) {
        await setServiceState(
          ctx.db,
          'inkthreadable',
          next.inkthreadable
            ? { state: 'ok', message: 'Saved: not checked yet' }
            : { state: 'unconfigured', message: 'Connect your Inkthreadable account in Settings.' },
        );
      }
      await ctx.changed(null);
      return (await settingsView(ctx)) as R;
    }
    case 'testConnection': {
      const creds = await ctx.credentials();
      let bigcartel: ServiceState = { state: 'unconfigured', message: 'Enter your Big Cartel store details first.' };
      let inkthreadable: ServiceState = {
        state: 'unconfigured',
        message: 'Enter your Inkthreadable App ID and Secret key first.',
      };
      if (creds.bigcartel) {
        const res = await ctx.bcClient(creds.bigcartel).getAccount();
        bigcartel =
          res.kind === 'ok'
            ? { state: 'ok', message: `Connected to ${res.value.storeName || res.value.subdomain}` }
            : res.kind === 'auth'
              ? { state: 'auth', message: res.message }
              : { state: 'error', message: res.message };
        await setServiceState(ctx.db, 'bigcartel', bigcartel);
      }
      if (creds.inkthreadable) {
        const res = await ctx.inkClient(creds.inkthreadable).testConnection();
        inkthreadable =
          res.kind === 'ok'
            ? { state: 'ok', message: 'Connected' }
            : res.kind === 'rejected'
              ? { state: 'auth', message: res.message }
              : { state: 'error', message: res.message };
        await setServiceState(ctx.db, 'inkthreadable', inkthreadable);
      }
      await ctx.changed(null);
      return { bigcartel, inkthreadable } as R;
    }
    case 'exportLinks':
      return exportLinks(await ctx.db.getAll('links'), ctx.now()) as R;
    case 'previewImport': {
      const { plan } = await planFile(ctx, req.text, req.format);
      const entries: ImportPreviewEntry[] = [
        ...plan.added.map((after) => ({ kind: 'added' as const, after })),
        ...plan.changed.map(({ before, after }) => ({ kind: 'changed' as const, before, after })),
      ];
      return {
        added: plan.added.length,
        changed: plan.changed.length,
        unchanged: plan.unchanged,
        removing: plan.changed.filter(({ before, after }) => linkDiff(before, after).removed.length > 0).length,
        entries: entries.slice(0, IMPORT_PREVIEW_ENTRIES),
      } as R;
    }
    case 'importLinks': {
      const { plan } = await planFile(ctx, req.text, req.format);
      const toWrite = [...plan.added, ...plan.changed.map((c) => c.after)];
      if (toWrite.length) {
        // The links replaced are kept (with what the import added) so that one click restores them.
        const undo: ImportUndo = {
          at: ctx.now().toISOString(),
          replaced: plan.changed.map((c) => c.before),
          added: plan.added.map((l) => l.key),
        };
        const tx = ctx.db.transaction(['links', 'meta'], 'readwrite');
        const links = tx.objectStore('links');
        await Promise.all([
          ...toWrite.map((l) => links.put(l)),
          tx.objectStore('meta').put(undo, IMPORT_UNDO_KEY),
          tx.done,
        ]);
        await afterLinksChanged(ctx, [...new Set(toWrite.map((l) => l.productId))]);
      }
      return { added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged } as R;
    }
    case 'getLastImport': {
      const undo = await getMeta<ImportUndo>(ctx.db, IMPORT_UNDO_KEY);
      return (undo ? { at: undo.at, replaced: undo.replaced.length, added: undo.added.length } : null) as R;
    }
    case 'restoreImport': {
      const undo = await getMeta<ImportUndo>(ctx.db, IMPORT_UNDO_KEY);
      if (!undo) throw new UserError('There is no import to undo.');
      const tx = ctx.db.transaction(['links', 'meta'], 'readwrite');
      const links = tx.objectStore('links');
      const gone = await Promise.all(undo.added.map((key) => links.get(key)));
      await Promise.all([
        ...undo.added.map((key) => links.delete(key)),
        ...undo.replaced.map((l) => links.put(l)),
        tx.objectStore('meta').delete(IMPORT_UNDO_KEY),
        tx.done,
      ]);
      const productIds = [...undo.replaced.map((l) => l.productId), ...gone.flatMap((l) => (l ? [l.productId] : []))];
      await afterLinksChanged(ctx, [...new Set(productIds)]);
      return { restored: undo.replaced.length, removed: gone.filter(Boolean).length } as R;
    }
  }
}

/** The last import's undo record: the links it replaced, as they were, and the keys it added. */
interface ImportUndo {
  at: string;
  replaced: Link[];
  added: string[];
}
const IMPORT_UNDO_KEY = 'importUndo';
/** The preview lists this many links at most (its counts cover them all). */
export const IMPORT_PREVIEW_ENTRIES = 200;

/** A links file read and merged over the stored links: what it would add and change. */
async function planFile(ctx: EngineContext, text: string, format: 'json' | 'csv'): Promise<{ plan: ImportPlan }> {
  const existing = await loadLinks(ctx.db);
  const parsed = importLinks(text, format, ctx.now(), existing);
  if (!parsed.ok) throw new UserError(parsed.message);
  return { plan: planImport(parsed.links, existing) };
}
