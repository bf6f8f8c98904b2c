/** Walking the admin page's DOM, open shadow roots included, skipping code and our own overlay. */

/** Never read, never return: code and inert markup. */
export const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript']);
/** Elements whose text the merchant does not see as page text. */
export const NO_TEXT_TAGS = new Set([
  'head',
  'title',
  'select',
  'datalist',
  'option',
  'optgroup',
  'textarea',
  'iframe',
  'object',
]);
/** Elements that make a container "hold something" even without text. */
export const MEDIA_TAGS = new Set(['img', 'picture', 'svg', 'video', 'canvas', 'input', 'button', 'select']);

export const isElement = (n: unknown): n is Element => !!n && typeof n === 'object' && (n as Node).nodeType === 1;

export function tagOf(el: Element): string {
  try {
    return (el.localName || el.tagName || '').toLowerCase();
  } catch {
    return '';
  }
}

function isOverlay(el: Element): boolean {
  try {
    return el.hasAttribute('data-ink-overlay');
  } catch {
    return true;
  }
}

/** Elements that may host a shadow root (DOM standard): custom elements and these. */
const SHADOW_HOSTS = new Set([
  'article',
  'aside',
  'blockquote',
  'body',
  'div',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'p',
  'section',
  'span',
]);

export function openShadow(el: Element, tag = tagOf(el)): ShadowRoot | null {
  if (!tag.includes('-') && !SHADOW_HOSTS.has(tag)) return null;
  try {
    const sr = el.shadowRoot;
    return sr && sr.mode !== 'closed' ? sr : null;
  } catch {
    return null;
  }
}

function childElements(n: ParentNode): Element[] {
  const out: Element[] = [];
  try {
    if (isElement(n)) {
      const sr = openShadow(n);
      if (sr) for (let c = sr.firstElementChild; c; c = c.nextElementSibling) out.push(c);
    }
    for (let c = n.firstElementChild; c; c = c.nextElementSibling) out.push(c);
  } catch {
    /* a hostile node: read what we could */
  }
  return out;
}

/**
 * Every element under `root` (and `root` itself when it is an element) in document order,
 * descending into open shadow roots (a host's shadow content comes before its light children).
 * Skips our own overlay hosts (`data-ink-overlay`) and script/style/template/noscript, with
 * everything inside them.
 */
export function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  try {
    const stack: Element[] = [];
    const skip = (el: Element) => SKIP_TAGS.has(tagOf(el)) || isOverlay(el);
    const pushKids = (n: ParentNode) => {
      const kids = childElements(n);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    };
    if (isElement(root)) {
      if (skip(root)) return out;
      out.push(root);
    }
    pushKids(root);
    while (stack.length > 0) {
      const el = stack.pop()!;
      if (skip(el)) continue;
      out.push(el);
      pushKids(el);
    }
  } catch {
    /* return what we have */
  }
  return out;
}
