/**
 * Showing the link dialog in a host of its own (lib/link-dialog.ts), as the options page does with
 * the dialog it imports and the admin pages with the one they load: where the host goes, and that
 * closing takes down both the dialog and its host.
 */
import { describe, expect, it, vi } from 'vitest';
import { type LinkDialogProps, type MountDialog, showLinkDialog } from '@/lib/link-dialog';

const props: LinkDialogProps = {
  item: {
    id: '1',
    productId: 'p1',
    optionId: 'o1',
    productName: 'Moth Tee',
    optionName: 'Black / L',
    quantity: 1,
    price: 25,
    disposition: 'unlinked',
    link: null,
  },
  save: async () => ({ saved: 1, completes: 0 }),
  onClose: () => undefined,
};

describe('showLinkDialog', () => {
  it("puts the dialog's host at the end of the body and draws the dialog into it; closing removes both", () => {
    const doc = document.implementation.createHTMLDocument('options');
    doc.body.append(doc.createElement('main'));
    const unmount = vi.fn();
    const mount = vi.fn<MountDialog>((root) => {
      root.textContent = 'Link Moth Tee / Black / L';
      return unmount;
    });
    const close = showLinkDialog(doc, mount, props);
    const host = doc.body.lastElementChild as HTMLElement;
    expect(host.getAttribute('data-ink-overlay')).toBe('dialog');
    expect(mount).toHaveBeenCalledTimes(1);
    expect(mount.mock.calls[0]![1]).toBe(props);
    expect(host.shadowRoot!.textContent).toContain('Link Moth Tee / Black / L');
    close();
    expect(unmount).toHaveBeenCalledTimes(1);
    expect(host.isConnected).toBe(false);
    expect(doc.querySelector('[data-ink-overlay]')).toBeNull();
  });

  it('a page without a body gets the host under its root element', () => {
    const doc = document.implementation.createHTMLDocument('bare');
    doc.body.remove();
    const close = showLinkDialog(doc, () => () => undefined, props);
    expect(doc.documentElement.lastElementChild!.getAttribute('data-ink-overlay')).toBe('dialog');
    close();
    expect(doc.querySelector('[data-ink-overlay]')).toBeNull();
  });

  it('a dialog that fails to draw leaves no host behind, and says why', () => {
    const doc = document.implementation.createHTMLDocument('options');
    expect(() =>
      showLinkDialog(
        doc,
        () => {
          throw new Error('The link dialog could not be drawn.');
        },
        props,
      ),
    ).toThrow('The link dialog could not be drawn.');
    expect(doc.querySelector('[data-ink-overlay]')).toBeNull();
  });

  it('the host goes even when taking the dialog down fails', () => {
    const doc = document.implementation.createHTMLDocument('options');
    const close = showLinkDialog(
      doc,
      () => () => {
        throw new Error('unmount failed');
      },
      props,
    );
    expect(() => close()).toThrow('unmount failed');
    expect(doc.querySelector('[data-ink-overlay]')).toBeNull();
  });
});
