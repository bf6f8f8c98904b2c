/**
 * How the content script reaches the link dialog, which it loads only when the merchant opens it
 * (see dialog.ts): the dialog's module, once evaluated in the content script's isolated world,
 * leaves its mount function under this key of that world's global object (never the page's).
 */
import type { LinkDialogProps } from '@/components/dialog/LinkDialog';

export type { LinkDialogProps, SaveResult } from '@/components/dialog/LinkDialog';

/** Draw the dialog into a host's container; returns what takes it down again. */
export type MountDialog = (root: HTMLElement, props: LinkDialogProps) => () => void;

/** The module's path in the extension (web-accessible to the admin pages only, by a per-session URL). */
export const DIALOG_MODULE = '/link-dialog.js' as const;

export const DIALOG_KEY = Symbol.for('inkthreadable.linkDialog');
