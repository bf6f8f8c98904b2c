import { useState } from 'preact/hooks';
import { exportLinks as linksFile, importLinks, importPreview, linkInput, type LinkFileFormat } from '@/lib/linkfile';
import { call, type ImportPreview } from '@/lib/protocol';
import { downloadText } from '../shared/download';
import { errorMessage, formatCount, plural } from '../shared/format';
import type { Pending } from './ImportPreviewPanel';
import type { LinkInput } from '@/lib/links';
import { type Busy, CSV_TEMPLATE_HEADER, importFormat, MAX_IMPORT_CHARS, type Notice } from './linkList';

type LastImport = { at: string; replaced: number; added: number } | null;

/** What the export, import and restore handlers share with the links page. */
export interface TransferContext {
  busy: Busy;
  setBusy(busy: Busy): void;
  setNotice(notice: Notice): void;
  /** focus the element matching this selector after the next render */
  focus(selector: string): void;
  loadLinks(): Promise<void>;
}

interface ImportState {
  pending: Pending;
  setPending(pending: Pending): void;
  loadLastImport(): Promise<void>;
}

async function exportLinks({ busy, setBusy, setNotice }: TransferContext): Promise<void> {
  if (busy) return;
  setBusy('export');
  setNotice(null);
  try {
    const links = await call({ type: 'listLinks' });
    const { filename, text } = linksFile(links, new Date());
    downloadText(filename, text, 'application/json');
    setNotice({ kind: 'ok', text: `Exported ${plural(links.length, 'link')} to ${filename}.` });
  } catch (err) {
    setNotice({ kind: 'error', text: `Export failed: ${errorMessage(err)}` });
  } finally {
    setBusy(null);
  }
}

function downloadTemplate(): void {
  downloadText('inkthreadable-links-template.csv', `${CSV_TEMPLATE_HEADER.join(',')}\r\n`, 'text/csv');
}

/** Why a file cannot be imported before it is read, or null. */
function refusal(file: File, format: LinkFileFormat | null): string | null {
  if (!format) return `Nothing was imported: "${file.name}" is not a .json or .csv file.`;
  if (file.size > MAX_IMPORT_CHARS) {
    return `Nothing was imported: ${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB; files up to ${MAX_IMPORT_CHARS / 1_000_000} MB can be imported.`;
  }
  return null;
}

/**
 * The links a file holds, merged over the stored ones (a field the file lacks keeps the stored
 * value), and what importing them would do.
 */
async function readLinksFile(
  text: string,
  format: LinkFileFormat,
): Promise<{ links: LinkInput[]; preview: ImportPreview }> {
  const stored = await call({ type: 'listLinks' });
  const byKey = new Map(stored.map((l) => [l.key, l]));
  const read = importLinks(text, format, new Date(), byKey);
  if (!read.ok) throw new Error(read.message);
  return { links: read.links.map(linkInput), preview: importPreview(read.links, byKey) };
}

/** Read the chosen file and preview what importing it would do; nothing is written yet. */
async function previewImport(ctx: TransferContext, state: ImportState, input: HTMLInputElement): Promise<void> {
  const { busy, setBusy, setNotice } = ctx;
  const file = input.files?.[0];
  if (!file || busy) return;
  setNotice(null);
  const format = importFormat(file.name);
  try {
    const refused = refusal(file, format);
    if (refused || !format) {
      setNotice({ kind: 'error', text: refused ?? '' });
      return;
    }
    setBusy('import');
    const text = await file.text();
    if (text.length > MAX_IMPORT_CHARS) {
      setNotice({ kind: 'error', text: `Nothing was imported: ${file.name} is too large to import at once.` });
      return;
    }
    // First what it would do; nothing is written before the merchant confirms.
    const { links, preview } = await readLinksFile(text, format);
    if (preview.added + preview.changed === 0) {
      setNotice({
        kind: 'ok',
        text: `Nothing to import from ${file.name}: its ${plural(preview.unchanged, 'link')} are the same as yours.`,
      });
      return;
    }
    state.setPending({ file: file.name, links, preview });
    ctx.focus('#import-preview-heading');
  } catch (err) {
    setNotice({ kind: 'error', text: `Nothing was imported from ${file.name}. ${errorMessage(err)}` });
  } finally {
    setBusy(null);
    input.value = '';
  }
}

async function confirmImport(ctx: TransferContext, state: ImportState): Promise<void> {
  const { busy, setBusy, setNotice } = ctx;
  const { pending, setPending } = state;
  if (!pending || busy) return;
  setBusy('import');
  try {
    const r = await call({ type: 'importLinks', links: pending.links });
    setNotice({
      kind: 'ok',
      text: `Imported ${pending.file}: ${formatCount(r.added)} added, ${formatCount(r.changed)} changed, ${formatCount(r.unchanged)} unchanged.`,
    });
    setPending(null);
    ctx.focus('#links-import-restore');
    await Promise.all([ctx.loadLinks(), state.loadLastImport()]);
  } catch (err) {
    setPending(null);
    setNotice({ kind: 'error', text: `Nothing was imported from ${pending.file}. ${errorMessage(err)}` });
  } finally {
    setBusy(null);
  }
}

async function restoreImport(ctx: TransferContext, state: ImportState): Promise<void> {
  const { busy, setBusy, setNotice } = ctx;
  if (busy) return;
  setBusy('restore');
  try {
    const r = await call({ type: 'restoreImport' });
    setNotice({
      kind: 'ok',
      text: `Restored the links as they were before the import: ${plural(r.restored, 'link')} put back, ${plural(r.removed, 'link')} it added removed.`,
    });
    ctx.focus('#links-search');
    await Promise.all([ctx.loadLinks(), state.loadLastImport()]);
  } catch (err) {
    setNotice({ kind: 'error', text: `Not restored: ${errorMessage(err)}` });
  } finally {
    setBusy(null);
  }
}

/** Export, the CSV template, import (preview, then confirm or cancel) and restoring the last import. */
export function useLinkTransfer(ctx: TransferContext) {
  const [pending, setPending] = useState<Pending>(null);
  const [lastImport, setLastImport] = useState<LastImport>(null);
  const loadLastImport = async () => {
    try {
      setLastImport(await call({ type: 'getLastImport' }));
    } catch {
      setLastImport(null);
    }
  };
  const state: ImportState = { pending, setPending, loadLastImport };
  return {
    pending,
    lastImport,
    loadLastImport,
    onExport: () => void exportLinks(ctx),
    onTemplate: downloadTemplate,
    onImport: (input: HTMLInputElement) => void previewImport(ctx, state, input),
    onConfirmImport: () => void confirmImport(ctx, state),
    onCancelImport: () => {
      if (!pending) return;
      ctx.setNotice({ kind: 'ok', text: `Nothing was imported from ${pending.file}.` });
      setPending(null);
      ctx.focus('#links-search');
    },
    onRestore: () => void restoreImport(ctx, state),
  };
}
