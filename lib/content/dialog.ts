/**
 * The link dialog over an admin page, loaded the first time the merchant opens it: its form,
 * checks and Preact stay out of the content script that every admin page runs (see
 * entrypoints/link-dialog.ts). The options page shows it with its statically imported mount
 * function instead (lib/link-dialog.ts).
 */
import {
  DIALOG_KEY,
  DIALOG_MODULE,
  type LinkDialogProps,
  type MountDialog,
  type SaveResult,
  showLinkDialog,
} from '../link-dialog';
import { loadOnDemand, present } from './on-demand';

export const DIALOG_LOAD_ERROR =
  'The link dialog could not be opened: the extension may have been updated. Reload the page and try again.';

/** The dialog's mount function: already loaded on this page, or loaded now from the extension. */
function loadLinkDialog(): Promise<MountDialog> {
  return loadOnDemand<MountDialog>(DIALOG_MODULE, DIALOG_KEY, DIALOG_LOAD_ERROR);
}

export interface OpenDialog {
  /** Take the dialog down, or, while it is still loading, make sure it never appears. */
  close(): void;
}

/**
 * Open the dialog for an item, loading it first if need be. `onError` hears, in words, that it
 * could not be loaded; the dialog's own onClose hears how it was closed.
 */
export function openLinkDialog(doc: Document, props: LinkDialogProps, onError: (message: string) => void): OpenDialog {
  let closed = false;
  let takeDown: (() => void) | null = null;
  // Always after openLinkDialog has returned, so the caller holds the handle first.
  const fail = (message: string) => void Promise.resolve().then(() => closed || onError(message));
  const show = (mount: MountDialog) => {
    if (closed) return;
    try {
      takeDown = showLinkDialog(doc, mount, props);
    } catch (err) {
      fail(err instanceof Error && err.message ? err.message : DIALOG_LOAD_ERROR);
    }
  };
  // Once loaded on the page, it opens in the same task as the click.
  const mount = present<MountDialog>(DIALOG_KEY);
  if (mount) show(mount);
  else loadLinkDialog().then(show, (err: Error) => fail(err.message));
  return {
    close() {
      closed = true;
      takeDown?.();
      takeDown = null;
    },
  };
}

/** What the page says once the dialog has saved links. */
export function savedNotice(result: SaveResult): string {
  const n = result.completes;
  const orders = `${n} waiting order${n === 1 ? '' : 's'}`;
  if (result.saved > 1)
    return n > 0 ? `${result.saved} links saved. These links complete ${orders}.` : `${result.saved} links saved.`;
  return n > 0 ? `Link saved. This link completes ${orders}.` : 'Link saved.';
}
