/** Keyboard focus inside the link dialog: what can take it, and Tab wrapping around. */
const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

export function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !(el as HTMLButtonElement).disabled);
}

/** Tab from the last control goes to the first, Shift+Tab from the first to the last; from outside, back in. */
export function wrapTab(root: HTMLElement, e: KeyboardEvent): void {
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
}
