/**
 * The overlay's always-on JSX, without a virtual DOM: `<div>` builds a real element, and `render`
 * brings a container's live nodes in line with freshly built ones (a morph). What the merchant is
 * on keeps its identity across renders: a focused button stays focused, a live region stays the
 * same element (so screen readers announce its new text), the shipping select keeps its place.
 *
 * It ships in the content script of every admin page instead of Preact (4.5 KB gzipped): the
 * panels, marks, buttons and chips are plain functions of their props. Each element listens once
 * per event type and calls the handler of its latest render (`onClick` -> click), for events the
 * user made only (`isTrusted`: a script's `click()` or `dispatchEvent` calls nothing); `value` and
 * `checked` are properties (what the control shows now). Elements with an `id` or a
 * `data-ink-item` are matched by it, so a list that loses an entry keeps the others' elements.
 * Files opt in with the pragma: @jsxImportSource @/lib/content/ui/dom
 */
// biome-ignore lint/style/noRestrictedImports: type-only and erased by the build; borrows Preact's attribute types.
import type { JSX as PreactJSX } from 'preact';

export type Child = Node | string | number | bigint | boolean | null | undefined | readonly Child[];
type Component = (props: never) => Child;

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'path', 'g', 'circle', 'line', 'polyline', 'rect']);
/** The handlers each element was given, by event type: one listener reads them, so a render swaps them. */
const handlers = new WeakMap<Node, Record<string, (e: Event) => void>>();

function dispatch(e: Event): void {
  // Only the merchant drives the overlay: an event a script made (a page script's click() or
  // dispatchEvent, another extension's) calls no handler. The browser marks what the user did.
  if (!e.isTrusted) return;
  const el = e.currentTarget as Node;
  handlers.get(el)?.[e.type]?.call(el, e);
}

function append(parent: Node, child: Child): void {
  if (child == null || typeof child === 'boolean') return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c);
    return;
  }
  parent.appendChild(typeof child === 'object' ? (child as Node) : document.createTextNode(String(child)));
}

export function Fragment({ children }: { children?: Child }): DocumentFragment {
  const frag = document.createDocumentFragment();
  append(frag, children);
  return frag;
}

export function jsx(type: string | Component, props: Record<string, unknown>): Child {
  if (typeof type === 'function') return (type as (p: unknown) => Child)(props);
  const el = SVG_TAGS.has(type) ? document.createElementNS(SVG_NS, type) : document.createElement(type);
  append(el, props.children as Child);
  let on: Record<string, (e: Event) => void> | undefined;
  for (const name in props) {
    const v = props[name];
    if (name === 'children' || name === 'key' || v == null || v === false) continue;
    if (name.startsWith('on')) {
      const type = name.slice(2).toLowerCase();
      on ??= {};
      on[type] = v as (e: Event) => void;
      el.addEventListener(type, dispatch);
    } else if (name === 'value' || name === 'checked') {
      // After the children: a select's value names one of its options.
      (el as unknown as Record<string, unknown>)[name] = v;
    } else {
      el.setAttribute(name === 'className' ? 'class' : name, v === true ? '' : String(v));
    }
  }
  if (on) handlers.set(el, on);
  return el;
}
export { jsx as jsxs, jsx as jsxDEV };

// ---- render: morph the live nodes into the fresh ones ------------------------------------------

function keyOf(n: Node): string {
  return n.nodeType === 1 ? (n as Element).id || (n as Element).getAttribute('data-ink-item') || '' : '';
}

function same(a: Node, b: Node): boolean {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && keyOf(a) === keyOf(b);
}

function morphChildren(parent: Node, next: readonly Node[]): void {
  let cur = parent.firstChild;
  const keys = new Set(next.map(keyOf));
  for (const fresh of next) {
    // Entries that are gone go first, so that those after them stay put (moving a node would
    // take the focus from it).
    while (cur && keyOf(cur) && !keys.has(keyOf(cur))) {
      const gone = cur;
      cur = cur.nextSibling;
      parent.removeChild(gone);
    }
    let match: Node | null = cur && same(cur, fresh) ? cur : null;
    const key = keyOf(fresh);
    if (!match && key) {
      for (let s = cur?.nextSibling ?? null; s; s = s.nextSibling) {
        if (same(s, fresh)) {
          match = s;
          break;
        }
      }
    }
    if (!match) {
      parent.insertBefore(fresh, cur);
    } else {
      if (match === cur) cur = cur.nextSibling;
      else parent.insertBefore(match, cur);
      morph(match, fresh);
    }
  }
  while (cur) {
    const next = cur.nextSibling;
    parent.removeChild(cur);
    cur = next;
  }
}

function morph(live: Node, fresh: Node): void {
  if (live.nodeType !== 1) {
    if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
    return;
  }
  const l = live as Element;
  const f = fresh as Element;
  for (const { name } of Array.from(l.attributes)) if (!f.hasAttribute(name)) l.removeAttribute(name);
  for (const { name, value } of Array.from(f.attributes))
    if (l.getAttribute(name) !== value) l.setAttribute(name, value);
  const now = handlers.get(f);
  // Adding the same listener again does nothing: each element listens once per event type.
  for (const type in now) l.addEventListener(type, dispatch);
  if (now) handlers.set(l, now);
  else handlers.delete(l);
  morphChildren(l, Array.from(f.childNodes));
  const control = f as HTMLInputElement;
  if (control.localName === 'select' || control.localName === 'input') {
    const target = l as HTMLInputElement;
    if (target.value !== control.value) target.value = control.value;
    if (control.localName === 'input' && target.checked !== control.checked) target.checked = control.checked;
  }
}

/** Make the container show `child`, keeping every live node that still has a counterpart. */
export function render(container: Node, child: Child): void {
  const frag = document.createDocumentFragment();
  append(frag, child);
  morphChildren(container, Array.from(frag.childNodes));
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace JSX {
  export type Element = Node;
  export interface IntrinsicElements extends PreactJSX.IntrinsicElements {}
  export interface ElementChildrenAttribute {
    children: unknown;
  }
}
