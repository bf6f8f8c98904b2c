/** The link dialog's values and checks: what the merchant typed, what is wrong, and what to save. */
import type { ItemInfo } from '@/lib/protocol';
import { checkDesignUrl, checkProductCode, PLACEMENTS, type LinkInput } from '@/lib/links';

export const EXTRA_PLACEMENTS = PLACEMENTS.filter((p) => p !== 'front' && p !== 'back');
const NO_DESIGN = 'Add at least one design file (an https:// link), e.g. the front design.';

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const urlError = (v: string) => {
  if (!v.trim()) return '';
  const r = checkDesignUrl(v);
  return r.ok ? '' : r.message;
};
export const pnError = (v: string) => {
  const r = checkProductCode(v);
  return r.ok ? '' : r.message;
};
export const inputValue = (e: Event) => (e.currentTarget as HTMLInputElement).value;
export const checkedOf = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

export interface Extra {
  key: number;
  placement: string;
  url: string;
}

/**
 * The form's values live in a plain object changed synchronously by the handlers (then a
 * re-render), so a click that follows a keystroke in the same task never reads stale values.
 */
export interface Model {
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

/** What the dialog's parts change the model through. */
export interface DialogControl {
  readonly m: Model;
  set(patch: Partial<Model>): void;
  setError(field: string, message: string): void;
}

/** The values the dialog opens with: the item's link, if it has one. `newKey` numbers extra placements. */
export function initialModel(item: ItemInfo, newKey: () => number): Model {
  const link = item.link;
  const designs = link?.designs ?? {};
  return {
    pn: link?.pn ?? '',
    urls: { front: designs.front ?? '', back: designs.back ?? '' },
    extras: Object.entries(designs)
      .filter(([p]) => p !== 'front' && p !== 'back')
      .map(([placement, url]) => ({ key: newKey(), placement, url })),
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

/** The code and designs to save, and what is wrong by field ("pn", "front", "extra-3"...). */
export function checkForm(m: Model): { errors: Record<string, string>; pn: string; designs: Record<string, string> } {
  const errors: Record<string, string> = {};
  const designs: Record<string, string> = {};
  let pn = '';
  if (m.never) return { errors, pn, designs };
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
    else {
      errors[field] = r.message;
      bad = true;
    }
  }
  if (!bad && Object.keys(designs).length === 0) errors.front = NO_DESIGN;
  return { errors, pn, designs };
}

/** The links to save: the item's (or its product's) first, then the other sizes chosen. */
export function linkInputs(
  item: ItemInfo & { productId: string },
  m: Model,
  checked: { pn: string; designs: Record<string, string> },
  suggestions: { optionId: string; optionName: string; pn: string }[],
): LinkInput[] {
  const main: LinkInput = {
    productId: item.productId,
    optionId: m.only ? item.optionId : null,
    productName: item.productName,
    optionName: m.only ? item.optionName : '',
    pn: checked.pn,
    designs: checked.designs,
    mockups: m.never ? {} : { ...(item.link?.mockups ?? {}) },
    neverFulfil: m.never,
  };
  const siblings: LinkInput[] = suggestions
    .filter((s) => m.chosen.has(s.optionId))
    .map((s) => ({ ...main, optionId: s.optionId, optionName: s.optionName, pn: s.pn, mockups: {} }));
  return [main, ...siblings];
}
