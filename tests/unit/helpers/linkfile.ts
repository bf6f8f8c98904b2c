/**
 * A links file imported the way the options page imports it (components/options/useLinkTransfer.ts):
 * read and merged over the stored links in the page (lib/linkfile.ts), then the links it holds sent
 * to the worker's importLinks handler. A file the page refuses throws UserError with its message,
 * as the handler's refusals do, and sends nothing.
 */
import { importLinks, importPreview, linkInput, type LinkFileFormat } from '@/lib/linkfile';
import type { EngineContext } from '@/lib/worker/engine';
import { handle, UserError } from '@/lib/worker/handlers';
import type { ImportPreview, ImportReport } from '@/lib/views';

async function readFile(ctx: EngineContext, text: string, format: LinkFileFormat) {
  const stored = new Map((await ctx.db.getAll('links')).map((l) => [l.key, l]));
  const read = importLinks(text, format, ctx.now(), stored);
  if (!read.ok) throw new UserError(read.message);
  return { links: read.links, stored };
}

export async function importFile(ctx: EngineContext, text: string, format: LinkFileFormat): Promise<ImportReport> {
  const { links } = await readFile(ctx, text, format);
  return handle(ctx, { type: 'importLinks', links: links.map(linkInput) });
}

export async function previewFile(ctx: EngineContext, text: string, format: LinkFileFormat): Promise<ImportPreview> {
  const { links, stored } = await readFile(ctx, text, format);
  return importPreview(links, stored);
}
