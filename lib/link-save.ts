/** The link dialog's save, the same on an admin page and on the options page: the worker writes. */
import type { LinkInput } from './links';
import type { SaveResult } from './link-dialog';
import { call } from './protocol';

/** The dialog's save: one link, or the item's and its other sizes' in one write. */
export async function saveLinks(inputs: LinkInput[]): Promise<SaveResult> {
  if (inputs.length === 1) {
    const r = await call({ type: 'saveLink', link: inputs[0]! });
    return { saved: 1, completes: r.completes };
  }
  const r = await call({ type: 'saveLinks', links: inputs });
  return { saved: r.saved, completes: r.completes };
}
