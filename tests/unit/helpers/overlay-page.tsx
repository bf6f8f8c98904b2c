/**
 * What the overlay's page tests share: a stand-in background answering through
 * fakeBrowser.runtime.onMessage (the real transport of `call()`), order views, the sandbox's admin
 * page layouts, a runner on happy-dom's document, and queries into the overlay's shadow roots.
 */
import { afterEach, beforeEach } from 'vitest';
import { renderOrderPage } from '../../../sandbox/admin.mjs';
import type { ItemInfo, OrderView, Request } from '@/lib/protocol';
import { createChangeHub, createRunner, type Runner } from '@/lib/content/runner';
import { FEATURES } from '@/lib/content/main';
import { fakeBackground as answerMessages } from './dom';
import { mountLinkDialog } from '@/components/dialog/mountLinkDialog';
import { DIALOG_KEY, type MountDialog } from '@/lib/link-dialog';

export const HOSTILE = '<img src=x onerror=alert(1)>';
export const ORIGIN = 'https://my.bigcartel.com';
export const ORDER_URL = `${ORIGIN}/orders/MOTH-100234`;

// ---- a stand-in background ----------------------------------------------------------------------

export type Handler = (req: any) => unknown;
export interface Background {
  calls: Request[];
  of(type: Request['type']): any[];
  handlers: Partial<Record<Request['type'], Handler>>;
}

/** The shared stand-in background (helpers/dom.tsx), with its requests filtered by type. */
export function fakeBackground(handlers: Partial<Record<Request['type'], Handler>>): Background {
  const calls = answerMessages(handlers);
  return { calls, of: (type) => calls.filter((c) => c.type === type), handlers };
}

// ---- data -----------------------------------------------------------------------------------------

export function info(
  id: string,
  productName: string,
  optionName: string,
  quantity: number,
  disposition: ItemInfo['disposition'],
  pn = '',
): ItemInfo {
  return {
    id,
    productId: `p-${id}`,
    optionId: optionName ? `o-${id}` : null,
    productName,
    optionName,
    quantity,
    price: 10,
    disposition,
    link:
      disposition === 'linked' || disposition === 'never'
        ? {
            key: `p-${id}|o-${id}`,
            pn,
            designs: pn ? { front: 'https://cdn.example.com/f.png' } : {},
            mockups: {},
            neverFulfil: disposition === 'never',
            optionId: optionName ? `o-${id}` : null,
          }
        : null,
  };
}

export const ITEMS: ItemInfo[] = [
  info('li-1', 'Moth Logo Hoodie', 'Black / L', 2, 'unlinked'),
  info('li-2', 'Moth Tee', 'White / M', 1, 'linked', 'JH002-WHT-M'),
  info('li-3', 'Sticker Pack', '', 3, 'never'),
  info('li-4', HOSTILE, '', 1, 'unlinked'),
];

export function view(over: Partial<OrderView> = {}): OrderView {
  return {
    id: 'MOTH-100234',
    customerName: 'Ada Lovelace',
    createdAt: '2024-05-01T10:00:00Z',
    state: 'needs-linking',
    label: '2 of 4 items to link',
    needsAction: true,
    toLink: 2,
    items: ITEMS,
    shipping: { method: 'regular', source: 'country' },
    ink: null,
    message: '',
    completedWithout: false,
    paymentComplete: true,
    autoSendPending: false,
    ...over,
  };
}

export function adminPage(items: ItemInfo[], layout = 'table', id = 'MOTH-100234'): string {
  return renderOrderPage(
    {
      id,
      customerName: 'Ada Lovelace',
      items: items.map((i) => ({
        id: i.id,
        productName: i.productName,
        optionName: i.optionName,
        quantity: i.quantity,
        price: i.price,
      })),
    },
    { layout },
  );
}

// ---- the page ------------------------------------------------------------------------------------

export function loadPage(html: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  for (const s of Array.from(parsed.querySelectorAll('script'))) s.remove();
  document.title = parsed.title;
  document.body.replaceWith(document.importNode(parsed.body, true));
}

export let runner: Runner | null = null;
export let logged: unknown[][] = [];

export function start(url = ORDER_URL): { runner: Runner; hub: ReturnType<typeof createChangeHub> } {
  const hub = createChangeHub();
  runner = createRunner({ features: FEATURES, doc: document, win: window, hub, log: (...a) => logged.push(a) });
  runner.navigate(new URL(url));
  return { runner, hub };
}

/**
 * Whether the link dialog's module counts as loaded on the page. The browser loads it from the
 * extension on the first open (the e2e suites do that); here the real dialog is handed over the
 * way the module does (or another mount function), or, with `false`, the load fails as it does
 * after an extension update.
 */
export function dialogModuleLoaded(loaded: boolean | MountDialog): void {
  const g = globalThis as Record<symbol, unknown>;
  if (loaded) g[DIALOG_KEY] = loaded === true ? mountLinkDialog : loaded;
  else delete g[DIALOG_KEY];
}

/** Register the clean-up every overlay page test needs (marks cleared, runner stopped, page emptied). */
export function useOverlayPage(): void {
  beforeEach(() => {
    logged = [];
    performance.clearMarks();
    dialogModuleLoaded(true);
  });

  afterEach(() => {
    runner?.stop();
    runner = null;
    document.body.replaceChildren();
  });
}

// ---- queries ------------------------------------------------------------------------------------

export function hostsOf(kind: string, root: ParentNode = document): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(`[data-ink-overlay="${kind}"]`));
}
export function itemHost(itemId: string, root: ParentNode = document): HTMLElement | undefined {
  return hostsOf('item', root).find((h) => h.shadowRoot?.querySelector(`[data-ink-item="${itemId}"]`));
}
export function markName(host: HTMLElement): string | null {
  return host.shadowRoot!.querySelector('[role="img"]')!.getAttribute('aria-label');
}
export function buttonText(host: HTMLElement): string {
  return host.shadowRoot!.querySelector('button')!.textContent!;
}
export function panel(): ShadowRoot {
  const p = hostsOf('panel')[0];
  if (!p) throw new Error('no panel');
  return p.shadowRoot!;
}
export function dialog(): ShadowRoot | null {
  return hostsOf('dialog')[0]?.shadowRoot ?? null;
}
export function buttonIn(root: ParentNode, name: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).filter((b) => b.textContent!.trim() === name);
  if (found.length !== 1) throw new Error(`expected one button "${name}", found ${found.length}`);
  return found[0]!;
}
export function fieldIn(root: ShadowRoot, label: string): HTMLInputElement {
  const lab = Array.from(root.querySelectorAll('label')).find((l) => l.textContent!.trim() === label);
  const input = lab?.getAttribute('for') ? root.getElementById(lab.getAttribute('for')!) : lab?.querySelector('input');
  if (!input) throw new Error(`no field "${label}"`);
  return input as HTMLInputElement;
}
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
/** Our shadow roots, for checks that must cover everything we rendered. */
export function ourShadowRoots(): ShadowRoot[] {
  return Array.from(document.querySelectorAll('[data-ink-overlay]'))
    .map((h) => h.shadowRoot!)
    .filter(Boolean);
}
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
