/**
 * The DOM side of component tests: a stand-in background answering `call()` through the real
 * runtime.onMessage transport, queries by role and accessible name (as the merchant's assistive
 * technology would find things), and mounting. Shared by the popup, options and catalogue tests.
 */
import { render, type ComponentChild } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Request, Responses } from '@/lib/protocol';

export type Handlers = {
  [K in Request['type']]?: (req: Extract<Request, { type: K }>) => Responses[K] | Promise<Responses[K]>;
};

/** Handlers typed loosely, for tests whose canned replies are partial objects. */
export type LooseHandlers = Partial<Record<Request['type'], (req: any) => unknown>>;

export function fakeBackground(handlers: Handlers): Request[];
export function fakeBackground(handlers: LooseHandlers): Request[];
export function fakeBackground(handlers: Handlers | LooseHandlers): Request[] {
  const calls: Request[] = [];
  fakeBrowser.runtime.onMessage.addListener(((
    msg: Request | { type: 'ink:changed' },
    _sender: unknown,
    sendResponse: (r: unknown) => void,
  ) => {
    if (msg.type === 'ink:changed') return undefined;
    calls.push(msg);
    const h = handlers[msg.type] as ((r: Request) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!h) throw new Error(`no canned reply for ${msg.type}`);
        return h(msg);
      })
      .then(
        (data) => sendResponse({ ok: true, data }),
        (err: Error) => sendResponse({ ok: false, error: err.message }),
      );
    return true;
  }) as never);
  return calls;
}

export const never = <T,>() => new Promise<T>(() => undefined);

export function textOf(el: Element | null): string {
  if (!el) return '';
  const clone = el.cloneNode(true) as Element;
  for (const n of clone.querySelectorAll('[aria-hidden="true"], select, input, textarea')) n.remove();
  return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function accName(el: Element): string {
  const by = el.getAttribute('aria-labelledby');
  if (by)
    return by
      .split(/\s+/)
      .map((id) => textOf(document.getElementById(id)))
      .join(' ')
      .trim();
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  if (el.matches('input, select, textarea')) {
    const lab = (el.id && document.querySelector(`label[for="${el.id}"]`)) || el.closest('label');
    if (lab) return textOf(lab);
    return el.getAttribute('title') ?? '';
  }
  if (el.matches('fieldset')) return textOf(el.querySelector('legend'));
  if (el.matches('table')) return textOf(el.querySelector('caption'));
  return textOf(el);
}

const IMPLICIT: Record<string, string> = {
  button: 'button, input[type=button], input[type=submit]',
  link: 'a[href]',
  checkbox: 'input[type=checkbox]',
  radio: 'input[type=radio]',
  textbox: 'input:not([type]), input[type=text], input[type=url], input[type=email], textarea',
  searchbox: 'input[type=search]',
  spinbutton: 'input[type=number]',
  combobox: 'select',
  list: 'ul, ol',
  listitem: 'li',
  heading: 'h1, h2, h3, h4',
  table: 'table',
  group: 'fieldset',
  status: 'output',
  progressbar: 'progress',
  form: 'form[aria-label], form[aria-labelledby]',
  region: 'section[aria-label], section[aria-labelledby]',
  navigation: 'nav',
};

export function allByRole(role: string, name?: string | RegExp, root: ParentNode = document): Element[] {
  const sel = [`[role="${role}"]`, IMPLICIT[role]].filter(Boolean).join(', ');
  return [...root.querySelectorAll(sel)].filter((el) => {
    const explicit = el.getAttribute('role');
    if (explicit && explicit !== role) return false;
    if (name === undefined) return true;
    const n = accName(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
}

export function getByRole<T extends Element = HTMLElement>(role: string, name?: string | RegExp, root?: ParentNode): T {
  const found = allByRole(role, name, root);
  if (found.length !== 1) {
    const names = allByRole(role, undefined, root).map(accName);
    throw new Error(
      `expected one ${role} named ${String(name)}, found ${found.length}; ${role}s: ${JSON.stringify(names)}`,
    );
  }
  return found[0] as T;
}

export function queryByRole(role: string, name?: string | RegExp, root?: ParentNode): Element | null {
  return allByRole(role, name, root)[0] ?? null;
}

export function getByText(text: string | RegExp, root: ParentNode = document): HTMLElement {
  const els = [...root.querySelectorAll<HTMLElement>('body *')].filter((el) => {
    const t = textOf(el);
    const hit = typeof text === 'string' ? t === text : text.test(t);
    // the innermost element holding the text
    return hit && ![...el.children].some((c) => (typeof text === 'string' ? textOf(c) === text : text.test(textOf(c))));
  });
  if (!els.length) throw new Error(`no element with text ${String(text)} in: ${textOf(document.body).slice(0, 2000)}`);
  return els[0]!;
}

/**
 * Retry `fn` until it stops throwing. The bound is generous because the suite runs on loaded
 * two-core machines where one render-and-IndexedDB round trip can take seconds; it only matters
 * when the expectation never holds, and then the last error is rethrown unchanged.
 */
export async function waitFor<T>(fn: () => T, timeout = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if (Date.now() - start > timeout) throw err;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const tick = () => new Promise((r) => setTimeout(r, 30));

export function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

const mounted: HTMLElement[] = [];

export function mount(ui: ComponentChild): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  render(ui, container);
  mounted.push(container);
  return container;
}

/** Unmount everything mount() rendered (call from afterEach). */
export function unmountAll(): void {
  for (const c of mounted.splice(0)) {
    render(null, c);
    c.remove();
  }
}
