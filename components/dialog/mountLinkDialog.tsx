import { render } from 'preact';
import type { MountDialog } from '@/lib/link-dialog';
import { mark } from '@/lib/marks';
import DIALOG_CSS from './dialog.css?inline';
import { LinkDialog } from './LinkDialog';

/**
 * The link dialog, drawn with Preact into a dialog host (the options page's, or the admin
 * page's), with its stylesheet beside it in the host's shadow root.
 */
export const mountLinkDialog: MountDialog = (root, props) => {
  const style = root.ownerDocument.createElement('style');
  style.textContent = DIALOG_CSS;
  root.before(style);
  render(<LinkDialog {...props} />, root);
  // Drawn: the benchmark reads the time from here (the dialog's shadow root is closed to it).
  mark('ink:dialog:open');
  return () => {
    render(null, root);
    style.remove();
  };
};
