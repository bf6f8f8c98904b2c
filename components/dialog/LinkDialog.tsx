import { Component, createRef } from 'preact';
import type { ItemInfo } from '@/lib/protocol';
import { checkProductCode, type LinkInput, optionLabel, siblingSuggestions, sizeOf } from '@/lib/links';
import type { LinkDialogProps, SaveResult } from '@/lib/link-dialog';
import { Actions, CodeAndDesigns, DeletedProduct, OtherSizes, Scope } from './DialogFields';
import { checkForm, type DialogControl, EXTRA_PLACEMENTS, initialModel, linkInputs, type Model } from './dialogModel';
import { focusables, wrapTab } from './focusTrap';

/** "Moth Logo Hoodie / Black / L" */
function itemTitle(item: Pick<ItemInfo, 'productName' | 'optionName'>): string {
  return optionLabel(item.productName, item.optionName);
}

/** The link dialog: product code, designs, never fulfil, and the product's other sizes. */
export class LinkDialog extends Component<LinkDialogProps> implements DialogControl {
  readonly m: Model;
  private nextKey = 0;
  private closed = false;
  /** Set by the merchant's own click on Save link or Enter in the form, for the submit it causes. */
  private armed = false;
  private readonly dialogRef = createRef<HTMLDivElement>();
  private readonly firstRef = createRef<HTMLInputElement>();

  constructor(props: LinkDialogProps) {
    super(props);
    this.m = initialModel(props.item, () => this.nextKey++);
  }

  set(patch: Partial<Model>): void {
    Object.assign(this.m, patch);
    this.maybeLoadOptions();
    this.forceUpdate();
  }

  setError(field: string, message: string): void {
    if ((this.m.errors[field] ?? '') === message) return;
    this.set({ errors: { ...this.m.errors, [field]: message } });
  }

  /** Sizes are offered when the option names a size and the code ends with it ("Black / L", JH001-JBK-L). */
  private sizable(): boolean {
    const { item, loadOptions } = this.props;
    return (
      !!(item.productId && item.optionId && loadOptions && sizeOf(item.optionName)) && this.m.only && !this.m.never
    );
  }

  private suggestions(): { optionId: string; optionName: string; pn: string }[] {
    const { item } = this.props;
    const code = checkProductCode(this.m.pn);
    if (!this.sizable() || !code.ok || !this.m.options) return [];
    return siblingSuggestions(
      { optionName: item.optionName, pn: code.pn },
      this.m.options.filter((o) => o.id !== item.optionId),
    );
  }

  /** The product's options are read once, when a valid code ending in the size is first typed. */
  private maybeLoadOptions(): void {
    const { item, loadOptions } = this.props;
    const code = checkProductCode(this.m.pn);
    if (!this.sizable() || !code.ok || this.m.options || this.m.loading || !loadOptions || !item.productId) return;
    if (code.pn.split('-').pop() !== sizeOf(item.optionName)) return;
    this.m.loading = true;
    loadOptions(item.productId).then(
      (options) => this.set({ options, loading: false }),
      () => this.set({ options: [], loading: false }),
    );
  }

  override componentDidMount(): void {
    const root = this.dialogRef.current;
    if (!root) return;
    (this.firstRef.current ?? focusables(root)[0])?.focus();
    root.ownerDocument.addEventListener('focusin', this.onFocusIn, true);
  }

  override componentWillUnmount(): void {
    this.closed = true;
    this.dialogRef.current?.ownerDocument.removeEventListener('focusin', this.onFocusIn, true);
  }

  /** Focus that leaves for the page comes back to the dialog. */
  private readonly onFocusIn = (e: FocusEvent): void => {
    const root = this.dialogRef.current;
    if (this.closed || !root) return;
    const host = (root.getRootNode() as ShadowRoot).host ?? root;
    const path = e.composedPath();
    if (!path.includes(host) && !path.includes(root)) focusables(root)[0]?.focus();
  };

  private close(result: SaveResult | null): void {
    if (this.closed) return;
    this.closed = true;
    this.props.onClose(result);
  }

  /**
   * Only the merchant drives the dialog: an event a script made (a page script's click() or
   * dispatchEvent, another extension's) stops here, before any handler inside sees it.
   */
  private readonly gate = (e: Event): void => {
    if (!e.isTrusted) e.stopImmediatePropagation();
  };

  /** A press on the backdrop itself would move the focus out of the dialog to the page's body. */
  private readonly keepFocus = (e: MouseEvent): void => {
    if (e.target === e.currentTarget) e.preventDefault();
  };

  /**
   * A form's submit event is the browser's own even when a script asked for it (requestSubmit,
   * a script's click() on the submit button): the link is saved only for a submit that follows
   * the merchant's own click on Save link or Enter in the form, in the same task.
   */
  private arm(): void {
    this.armed = true;
    setTimeout(() => (this.armed = false), 0);
  }

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    // The admin's keyboard shortcuts must not fire while typing here.
    e.stopPropagation();
    const root = this.dialogRef.current;
    if (!root) return;
    if (e.key === 'Enter') this.arm();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close(null);
      return;
    }
    if (e.key === 'Tab') wrapTab(root, e);
  };

  private addPlacement(): void {
    const used = new Set(this.m.extras.map((x) => x.placement));
    const placement = EXTRA_PLACEMENTS.find((p) => !used.has(p));
    if (!placement) return;
    const key = this.nextKey++;
    this.set({ extras: [...this.m.extras, { key, placement, url: '' }] });
    const root = this.dialogRef.current;
    setTimeout(() => root?.querySelector<HTMLInputElement>(`#ink-extra-${key}`)?.focus(), 0);
  }

  private readonly onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const armed = this.armed;
    this.armed = false;
    if (!e.isTrusted || !armed) return;
    const { item } = this.props;
    const m = this.m;
    if (m.saving || !item.productId) return;
    const { errors, pn, designs } = checkForm(m);
    this.set({ errors, saveError: '' });
    const firstBad = Object.keys(errors)[0];
    if (firstBad) {
      this.dialogRef.current?.querySelector<HTMLElement>(`#ink-${firstBad}`)?.focus();
      return;
    }
    const inputs: LinkInput[] = linkInputs(
      { ...item, productId: item.productId },
      m,
      { pn, designs },
      this.suggestions(),
    );
    this.set({ saving: true });
    try {
      this.close(await this.props.save(inputs));
    } catch (err) {
      this.set({
        saving: false,
        saveError: err instanceof Error && err.message ? err.message : 'The link could not be saved. Try again.',
      });
    }
  };

  render() {
    const { item } = this.props;
    const m = this.m;
    const used = new Set(m.extras.map((x) => x.placement));
    const free = EXTRA_PLACEMENTS.filter((p) => !used.has(p));
    const close = () => this.close(null);
    return (
      // The backdrop is no control: it dims the page, and on their way in it stops events a script
      // made and keeps the focus in the dialog when the merchant presses on the dimmed page.
      <div
        class="backdrop"
        onMouseDownCapture={this.keepFocus}
        onClickCapture={this.gate}
        onInputCapture={this.gate}
        onChangeCapture={this.gate}
        onKeyDownCapture={this.gate}
        onSubmitCapture={this.gate}
      >
        <div
          class="dialog"
          role="dialog"
          aria-modal="true"
          aria-labelledby="ink-dialog-title"
          ref={this.dialogRef}
          onKeyDown={this.onKeyDown}
          onKeyUp={(e) => e.stopPropagation()}
          onKeyPress={(e) => e.stopPropagation()}
        >
          <h2 id="ink-dialog-title">Link {itemTitle(item)}</h2>
          {!item.productId ? (
            <DeletedProduct onCancel={close} />
          ) : (
            <form onSubmit={this.onSubmit} noValidate>
              {m.never ? null : (
                <CodeAndDesigns
                  ctl={this}
                  free={free}
                  firstRef={this.firstRef}
                  onAddPlacement={() => this.addPlacement()}
                />
              )}
              <Scope ctl={this} item={item} />
              <OtherSizes ctl={this} suggestions={this.suggestions()} />
              <Actions saving={m.saving} saveError={m.saveError} onCancel={close} onArm={() => this.arm()} />
            </form>
          )}
        </div>
      </div>
    );
  }
}
