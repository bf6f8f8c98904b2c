/**
 * Order-number-looking strings in the page's text ("MOTH-100234": letters, a dash, digits), open
 * shadow roots included. The background says which of them it knows (one getOrderChips call);
 * page.ts then finds where the known ones are (findOrderRows / findKnownOrderId).
 */
import { deepElements } from '../bigcartel/page';

const ID_LIKE = /(?<![\p{L}\p{N}])\p{L}{2,}-\d{3,}(?![\p{L}\p{N}])/gu;
const NO_TEXT = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'select', 'option', 'title', 'head']);

export function orderIdCandidates(root: ParentNode, max = 500): string[] {
  const out = new Set<string>();
  const scan = (parent: ParentNode) => {
    for (const n of Array.from(parent.childNodes)) {
      if (n.nodeType !== 3) continue;
      const text = n.nodeValue ?? '';
      if (!text.includes('-')) continue;
      ID_LIKE.lastIndex = 0;
      for (let m = ID_LIKE.exec(text); m; m = ID_LIKE.exec(text)) {
        out.add(m[0]);
        out.add(m[0].toUpperCase());
        if (out.size >= max) return;
      }
    }
  };
  try {
    if (root.nodeType !== 1) scan(root);
    for (const el of deepElements(root)) {
      if (out.size >= max) break;
      if (NO_TEXT.has(el.localName)) continue;
      scan(el);
      const sr = el.shadowRoot;
      if (sr && sr.mode === 'open') scan(sr);
    }
  } catch {
    /* what we found so far */
  }
  return [...out].slice(0, max);
}
