import { Component, createRef } from 'preact';
import type { ItemInfo } from '@/lib/protocol';
import {
  checkDesignUrl,
  checkProductCode,
  optionLabel,
  PLACEMENTS,
  siblingSuggestions,
  sizeOf,
  type LinkInput,
} from '@/lib/links';

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

/** "Moth Logo Hoodie / Black / L" */
export function itemTitle(item: Pick<ItemInfo, 'productName' | 'optionName'>): string {
  return optionLabel(item.productName, item.optionName);
}

const EXTRA_PLACEMENTS = PLACEMENTS.filter((p) => p !== 'front' && p !== 'back');
const NO_DESIGN = 'Add at least one design file (an https:// link), e.g. the front design.';
const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const urlError = (v: string) => {
  if (!v.trim()) return '';
  const r = checkDesignUrl(v);
  return r.ok ? '' : r.message;
};
const pnError = (v: string) => {
  const r = checkProductCode(v);
  return r.ok ? '' : r.message;
};
const valueOf = (e: Event) => (e.currentTarget as HTMLInputElement).value;
const checkedOf = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !(el as HTMLButtonElement).disabled);
}

interface Extra {
  key: number;
  placement: string;
  url: string;
}

/**
 * The form's values live in a plain object changed synchronously by the handlers (then a
 * re-render), so a click that follows a keystroke in the same task never reads stale values.
 */
interface Model {
  pn: string;
  urls: Record<string, string>;
  extras: Extra[];
  never: boolean;
  only: boolean;
  chosen: Set<string>;
  errors: Record<string, string>;
  options: { id: string; name: string }[] | null;
  loading: boolean;
  saving: boolean;
  saveError: string;
}

/** The link dialog: product code, designs, never fulfil, and the product's other sizes. */
export class LinkDialog extends Component<LinkDialogProps> {
  private m: Model;
  private nextKey = 0;
  private closed = false;
  /** Set by the merchant's own click on Save link or Enter in the form, for the submit it causes. */
  private armed = false;
  private readonly dialogRef = createRef<HTMLDivElement>();
  private readonly firstRef = createRef<HTMLInputElement>();

  constructor(props: LinkDialogProps) {
    super(props);
    const { item } = props;
    const link = item.link;
    const designs = link?.designs ?? {};
    this.m = {
      pn: link?.pn ?? '',
      urls: { front: designs.front ?? '', back: designs.back ?? '' },
      extras: Object.entries(designs)
        .filter(([p]) => p !== 'front' && p !== 'back')
        .map(([placement, url]) => ({ key: this.nextKey++, placement, url })),
      never: !!link?.neverFulfil,
      only: !!item.optionId && (link ? link.optionId !== null : true),
      chosen: new Set(),
      errors: {},
      options: null,
      loading: false,
      saving: false,
      saveError: '',
    };
  }

  private set(patch: Partial<Model>): void {
    Object.assign(this.m, patch);
    this.maybeLoadOptions();
    this.forceUpdate();
  }

  private setError(field: string, message: string): void {
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
    if (e.key !== 'Tab') return;
    const list = focusables(root);
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) return;
    const active = (root.getRootNode() as ShadowRoot).activeElement;
    const outside = !active || !root.contains(active);
    if (e.shiftKey ? outside || active === first : outside || active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
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
    const errors: Record<string, string> = {};
    const designs: Record<string, string> = {};
    let pn = '';
    if (!m.never) {
      const code = checkProductCode(m.pn);
      if (code.ok) pn = code.pn;
      else errors.pn = code.message;
      const fields: [string, string, string][] = [
        ['front', 'front', m.urls.front ?? ''],
        ['back', 'back', m.urls.back ?? ''],
        ...m.extras.map((x): [string, string, string] => [`extra-${x.key}`, x.placement, x.url]),
      ];
      let bad = false;
      for (const [field, placement, value] of fields) {
        if (!value.trim()) continue;
        const r = checkDesignUrl(value);
        if (r.ok) designs[placement] = r.url;
        else (errors[field] = r.message), (bad = true);
      }
      if (!bad && Object.keys(designs).length === 0) errors.front = NO_DESIGN;
    }
    this.set({ errors, saveError: '' });
    const firstBad = Object.keys(errors)[0];
    if (firstBad) {
      this.dialogRef.current?.querySelector<HTMLElement>(`#ink-${firstBad}`)?.focus();
      return;
    }
    const main: LinkInput = {
      productId: item.productId,
      optionId: m.only ? item.optionId : null,
      productName: item.productName,
      optionName: m.only ? item.optionName : '',
      pn,
      designs,
      mockups: m.never ? {} : { ...(item.link?.mockups ?? {}) },
      neverFulfil: m.never,
    };
    const siblings: LinkInput[] = this.suggestions()
      .filter((s) => m.chosen.has(s.optionId))
      .map((s) => ({ ...main, optionId: s.optionId, optionName: s.optionName, pn: s.pn, mockups: {} }));
    this.set({ saving: true });
    try {
      this.close(await this.props.save([main, ...siblings]));
    } catch (err) {
      this.set({
        saving: false,
        saveError: err instanceof Error && err.message ? err.message : 'The link could not be saved. Try again.',
      });
    }
  };

  private describe(field: string): string | undefined {
    return this.m.errors[field] ? `ink-${field}-error` : undefined;
  }

  private field(
    field: string,
    label: string,
    value: string,
    onValue: (v: string) => void,
    check: (v: string) => string,
    attrs: Record<string, unknown> = {},
  ) {
    const error = this.m.errors[field];
    return (
      <div class="field">
        <label for={`ink-${field}`}>{label}</label>
        <input
          id={`ink-${field}`}
          type="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="https://"
          {...attrs}
          value={value}
          aria-invalid={error ? 'true' : 'false'}
          aria-describedby={this.describe(field)}
          onInput={(e) => {
            const v = valueOf(e);
            onValue(v);
            if (this.m.errors[field]) this.setError(field, check(v));
            else this.set({});
          }}
          onBlur={(e) => {
            // Only when moving on to another field: an error shown on the way to a button
            // would move that button from under the pointer and swallow the click.
            const next = e.relatedTarget as Element | null;
            if (next && !next.matches('input[type="text"],input[type="url"]')) return;
            const v = valueOf(e);
            this.setError(field, v.trim() ? check(v) : '');
          }}
        />
        {error ? (
          <p class="error" id={`ink-${field}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  render() {
    const { item } = this.props;
    const m = this.m;
    const used = new Set(m.extras.map((x) => x.placement));
    const free = EXTRA_PLACEMENTS.filter((p) => !used.has(p));
    const suggestions = this.suggestions();
    const close = () => this.close(null);
    return (
      <div
        class="backdrop"
        onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}
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
            <>
              <p>
                This item's product was deleted in Big Cartel, so it cannot be linked. Use "Complete without unlinked
                items" on the order to send the rest.
              </p>
              <div class="actions">
                <button type="button" class="btn" onClick={close}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <form onSubmit={this.onSubmit} noValidate>
              {m.never ? null : (
                <>
                  {this.field('pn', 'Inkthreadable product code', m.pn, (pn) => (m.pn = pn), pnError, {
                    type: 'text',
                    placeholder: 'e.g. JH001-JBK-L',
                    autoCapitalize: 'characters',
                    ref: this.firstRef,
                  })}
                  {this.field('front', 'Front design URL', m.urls.front ?? '', (v) => (m.urls.front = v), urlError)}
                  {this.field('back', 'Back design URL', m.urls.back ?? '', (v) => (m.urls.back = v), urlError)}
                  {m.extras.map((x) => {
                    const f = `extra-${x.key}`;
                    return (
                      <div class="extra" key={x.key}>
                        <div class="field">
                          <label for={`ink-${f}-placement`}>Placement</label>
                          <select
                            id={`ink-${f}-placement`}
                            value={x.placement}
                            onChange={(e) => {
                              x.placement = valueOf(e);
                              this.set({ extras: [...m.extras] });
                            }}
                          >
                            {[x.placement, ...free].map((p) => (
                              <option value={p} key={p}>
                                {cap(p)}
                              </option>
                            ))}
                          </select>
                        </div>
                        {this.field(f, `${cap(x.placement)} design URL`, x.url, (v) => (x.url = v), urlError)}
                        <button
                          type="button"
                          class="btn btn-small"
                          onClick={() => {
                            const errors = { ...m.errors };
                            delete errors[f];
                            this.set({ extras: m.extras.filter((y) => y !== x), errors });
                          }}
                        >
                          Remove {x.placement} design
                        </button>
                      </div>
                    );
                  })}
                  {free.length > 0 ? (
                    <div>
                      <button type="button" class="btn btn-small" onClick={() => this.addPlacement()}>
                        Add placement
                      </button>
                    </div>
                  ) : null}
                </>
              )}
              <div>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={m.never}
                    aria-describedby="ink-never-hint"
                    onChange={(e) => this.set({ never: checkedOf(e) })}
                  />
                  <span>Never fulfil this product</span>
                </label>
                <p class="hint" id="ink-never-hint">
                  Orders holding it are sent without it, and it never waits to be linked.
                </p>
              </div>
              {item.optionId ? (
                <div>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={m.only}
                      aria-describedby="ink-only-hint"
                      onChange={(e) => this.set({ only: checkedOf(e) })}
                    />
                    <span>Only this option</span>
                  </label>
                  <p class="hint" id="ink-only-hint">
                    {m.only
                      ? `Applies to ${item.optionName || 'this option'} only.`
                      : `Applies to every option of ${item.productName} without a link of its own.`}
                  </p>
                </div>
              ) : null}
              {m.loading ? <p class="hint">Looking for this product's other sizes…</p> : null}
              {suggestions.length > 0 ? (
                <fieldset>
                  <legend>Also link the other sizes (same designs)</legend>
                  {suggestions.map((s) => (
                    <label class="check" key={s.optionId}>
                      <input
                        type="checkbox"
                        checked={m.chosen.has(s.optionId)}
                        onChange={(e) => {
                          const chosen = new Set(m.chosen);
                          if (checkedOf(e)) chosen.add(s.optionId);
                          else chosen.delete(s.optionId);
                          this.set({ chosen });
                        }}
                      />
                      <span>
                        {s.optionName} as {s.pn}
                      </span>
                    </label>
                  ))}
                </fieldset>
              ) : null}
              {m.saveError ? (
                <p class="alert" role="alert">
                  {m.saveError}
                </p>
              ) : null}
              <div class="actions">
                <button type="button" class="btn" onClick={close}>
                  Cancel
                </button>
                <button
                  type="submit"
                  class="btn btn-primary"
                  onClick={() => this.arm()}
                  aria-disabled={m.saving ? 'true' : undefined}
                  aria-busy={m.saving ? 'true' : undefined}
                >
                  {m.saving ? 'Saving…' : 'Save link'}
                </button>
              </div>
            </form>
          )}
        </div>
      </div>
    );
  }
}
