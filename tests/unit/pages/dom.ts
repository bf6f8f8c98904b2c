/**
 * Test helpers for the admin-page reader: build documents from HTML strings (the test's own
 * fixtures, never the module under test) and attach shadow roots by script, the way a web
 * component would at run time.
 */
import type { LineItem } from '@/lib/types';

/**
 * Parses an HTML page. `<template shadowrootmode="open">` (declarative shadow DOM, which
 * happy-dom's parser leaves as a template) becomes a real open shadow root of its parent,
 * recursively, as Chromium's parser would do.
 */
export function page(html: string): Document {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  attachDeclarativeShadows(doc, doc);
  return doc;
}

function attachDeclarativeShadows(root: ParentNode, doc: Document): void {
  for (const t of Array.from(root.querySelectorAll('template[shadowrootmode]'))) {
    const host = t.parentElement;
    const mode = t.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open';
    if (!host || host.shadowRoot) continue;
    const sr = host.attachShadow({ mode });
    const content = doc.importNode((t as HTMLTemplateElement).content, true);
    sr.append(content);
    t.remove();
    attachDeclarativeShadows(sr, doc);
  }
}

/** Appends parsed HTML to an element or shadow root (test fixtures only). */
export function fill(target: ParentNode & Node, html: string): void {
  const doc = target.ownerDocument ?? (target as unknown as Document);
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const n of Array.from(parsed.body.childNodes)) target.appendChild(doc.importNode(n, true));
  attachDeclarativeShadows(target, doc);
}

let seq = 0;
export function item(productName: string, optionName = '', quantity = 1, id?: string): LineItem {
  seq += 1;
  return {
    id: id ?? `li-${seq}`,
    productId: `p-${seq}`,
    optionId: optionName ? `o-${seq}` : null,
    productName,
    optionName,
    quantity,
    price: 10,
    imageUrl: null,
  };
}

/** The `data-t` tag of an element (tests mark expected rows and names with it), or its text. */
export function tag(el: Element | null | undefined): string | null {
  if (!el) return null;
  return el.getAttribute('data-t') ?? `<${el.localName}>${(el.textContent ?? '').trim().slice(0, 40)}`;
}

/** item id -> "rowTag/nameTag", plus the ids left unplaced. */
export function where(result: { placed: { item: LineItem; row: Element; nameEl: Element }[]; unplaced: LineItem[] }): {
  at: Record<string, string>;
  unplaced: string[];
} {
  const at: Record<string, string> = {};
  for (const p of result.placed) at[p.item.id] = `${tag(p.row)}/${tag(p.nameEl)}`;
  return { at, unplaced: result.unplaced.map((i) => i.id) };
}
