/**
 * The link dialog as both its hosts see it: the admin pages' content script, which loads the
 * dialog's module the first time the merchant opens it (lib/content/dialog.ts), and the options
 * page, which imports it. Once evaluated in the content script's isolated world, the module
 * (entrypoints/link-dialog.ts) leaves its mount function under DIALOG_KEY of that world's global
 * object (never the page's). What both save with is in lib/link-save.ts (kept apart so that the
 * dialog's module, which imports this one, does not carry the messaging runtime).
 */
import type { ItemInfo } from './protocol';
import type { LinkInput } from './links';
import { createShadowHost } from './theme/host';

export interface SaveResult {
  saved: number;
  completes: number;
}

export interface LinkDialogProps {
  item: ItemInfo;
  /** The product's options, to offer its other sizes; omitted: none offered. */
  loadOptions?: (productId: string) => Promise<{ id: string; name: string }[]>;
  /** Save the links (the item's first); rejects with a message fit to show. */
  save(inputs: LinkInput[]): Promise<SaveResult>;
  /** Closed: with what was saved, or null when cancelled. */
  onClose(result: SaveResult | null): void;
}

/** Draw the dialog into a host's container; returns what takes it down again. */
export type MountDialog = (root: HTMLElement, props: LinkDialogProps) => () => void;

/** The module's path in the extension (web-accessible to the admin pages only, by a per-session URL). */
export const DIALOG_MODULE = '/link-dialog.js' as const;

export const DIALOG_KEY = Symbol.for('inkthreadable.linkDialog');

/** Show the dialog over the page in a host of its own; returns what takes it down. */
export function showLinkDialog(doc: Document, mount: MountDialog, props: LinkDialogProps): () => void {
  const host = createShadowHost(doc, 'dialog');
  (doc.body ?? doc.documentElement).appendChild(host.el);
  let unmount: () => void;
  try {
    unmount = mount(host.root, props);
  } catch (err) {
    host.destroy();
    throw err;
  }
  return () => {
    try {
      unmount();
    } finally {
      host.destroy();
    }
  };
}
