/**
 * Importing links, and undoing the last import. The options page reads
 * the file (lib/linkfile.ts) and sends the links it holds, merged over the stored ones (it shows the preview itself); each was
 * checked by its zod schema (lib/requests.ts) and is made again here with makeLink, so a link the
 * page let through by mistake is refused with the reason and nothing is written.
 */
import { getMeta } from '../db';
import { loadLinks, type EngineContext } from '../engine';
import { makeLink, planImport, type ImportPlan, type LinkInput } from '../../links';
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

/** The links an import sends, made (and refused, naming the link) and compared with the stored ones. */
async function planLinks(ctx: EngineContext, inputs: readonly LinkInput[]): Promise<ImportPlan> {
  const now = ctx.now();
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const [i, input] of inputs.entries()) {
    const made = makeLink(input, now);
    if (!made.ok) throw new UserError(`Link ${i + 1}: ${made.message}`);
    if (seen.has(made.link.key)) throw new UserError(`Link ${i + 1}: the same product and option as another link.`);
    seen.add(made.link.key);
    links.push(made.link);
  }
  return planImport(links, await loadLinks(ctx.db));
}

export const linkFileHandlers: Handlers<'importLinks' | 'getLastImport' | 'restoreImport'> = {
  async importLinks(ctx, req) {
    const plan = await planLinks(ctx, req.links);
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
