import { mountLinkDialog } from '@/components/dialog/mountLinkDialog';
import { DIALOG_KEY } from '@/lib/link-dialog';

/**
 * The link dialog, loaded by the admin pages' content script only when the merchant opens it, so
 * that its form and Preact do not ship with every admin page. Imported from the content script,
 * it runs in the content script's isolated world and hands over its mount function there.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<symbol, unknown>)[DIALOG_KEY] = mountLinkDialog;
});
