import { render } from 'preact';
import type { MountDialog } from '@/lib/overlay/dialog-api';
import { LinkDialog } from './LinkDialog';

/** The link dialog, drawn with Preact into a dialog host (the options page's, or the admin page's). */
export const mountLinkDialog: MountDialog = (root, props) => {
  render(<LinkDialog {...props} />, root);
  return () => render(null, root);
};
