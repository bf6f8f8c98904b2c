/** The links file: export, a preview of an import, the import itself, and undoing the last one. */
import { getMeta } from '../db';
import { loadLinks, type EngineContext } from '../engine';
import { exportLinks, importLinks, planImport, type ImportPlan } from '../linkfile';
import { linkDiff } from '../../links';
import type { ImportPreviewEntry } from '../../protocol';
import type { Link } from '../../types';
import { UserError } from './errors';
import { afterLinksChanged } from './links';
import type { Handlers } from './types';

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
async function planFile(ctx: EngineContext, text: string, format: 'json' | 'csv'): Promise<ImportPlan> {
  const existing = await loadLinks(ctx.db);
  const parsed = importLinks(text, format, ctx.now(), existing);
  if (!parsed.ok) throw new UserError(parsed.message);
  return planImport(parsed.links, existing);
}

export const linkFileHandlers: Handlers<
  'exportLinks' | 'previewImport' | 'importLinks' | 'getLastImport' | 'restoreImport'
> = {
  exportLinks: async (ctx) => exportLinks(await ctx.db.getAll('links'), ctx.now()),

  async previewImport(ctx, req) {
    const plan = await planFile(ctx, req.text, req.format);
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
    };
  },

  async importLinks(ctx, req) {
    const plan = await planFile(ctx, req.text, req.format);
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
    return { added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged };
  },

  async getLastImport(ctx) {
    const undo = await getMeta<ImportUndo>(ctx.db, IMPORT_UNDO_KEY);
    return undo ? { at: undo.at, replaced: undo.replaced.length, added: undo.added.length } : null;
  },

  async restoreImport(ctx) {
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
    return { restored: undo.replaced.length, removed: gone.filter(Boolean).length };
  },
};
