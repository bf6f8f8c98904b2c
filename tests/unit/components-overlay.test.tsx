/**
 * Component tests of the overlay's UI (happy-dom; the link dialog is Preact, the rest DOM JSX):
 * what the merchant sees and can do, asserted through roles, accessible names and text, as a
 * screen reader or a click would find them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import type { ItemInfo, OrderChip as Chip, OrderView } from '@/lib/protocol';
import type { ItemDisposition } from '@/lib/types';
import { MARK_NAMES, StatusMark } from '@/lib/content/ui/StatusMark';
import { mountItemControls } from '@/lib/content/ui/ItemControls';
import { OrderChip, chipText } from '@/lib/content/ui/OrderChip';
import { INK_ORDERS_URL, OrderPanel, type OrderPanelProps } from '@/lib/content/ui/OrderPanel';
import { LinkDialog } from '@/components/dialog/LinkDialog';
import type { LinkDialogProps } from '@/lib/link-dialog';

const HOSTILE = '<img src=x onerror=alert(1)>';

// ---- helpers --------------------------------------------------------------------------------

let containers: HTMLElement[] = [];
afterEach(() => {
  for (const c of containers) {
    render(null, c);
    c.remove();
  }
  containers = [];
});

/**
 * Renders into a fresh element inside an open shadow root, the way the overlay does: the always-on
 * parts are DOM already (lib/content/ui/dom), the link dialog is Preact.
 */
function mount(vnode: preact.ComponentChild | Node): HTMLElement {
  const host = document.createElement('ink-test-host');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const c = document.createElement('div');
  root.appendChild(c);
  containers.push(host);
  if (vnode instanceof Node) c.appendChild(vnode);
  else render(vnode, c);
  return c;
}

async function flush(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}

/** The accessible name, for the cases the overlay uses. */
function nameOf(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  const by = el.getAttribute('aria-labelledby');
  if (by)
    return by
      .split(/\s+/)
      .map(
        (id) =>
          root.getElementById?.(id)?.textContent ?? (root as ShadowRoot).querySelector(`#${id}`)?.textContent ?? '',
      )
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  if (el.id) {
    const lab = (root as ParentNode).querySelector(`label[for="${el.id}"]`);
    if (lab) return (lab.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
  const wrap = el.closest('label');
  if (wrap) return (wrap.textContent ?? '').replace(/\s+/g, ' ').trim();
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button',
  link: 'a[href]',
  checkbox: 'input[type="checkbox"]',
  textbox: 'input[type="text"], input[type="url"], input:not([type])',
  combobox: 'select',
  dialog: '[role="dialog"]',
  region: '[role="region"], section[aria-label]',
  img: '[role="img"]',
  alert: '[role="alert"]',
  status: '[role="status"]',
  heading: 'h1, h2, h3',
};

function allByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(ROLE_SELECTORS[role]!)).filter((el) => {
    if (name === undefined) return true;
    const n = nameOf(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
}

function byRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const found = allByRole(root, role, name);
  if (found.length !== 1)
    throw new Error(
      `expected one ${role} named ${String(name)}, found ${found.length}: ${allByRole(root, role).map(nameOf).join(' | ')}`,
    );
  return found[0]!;
}

function activeIn(el: Element): Element | null {
  return (el.getRootNode() as ShadowRoot).activeElement;
}

function type(input: HTMLElement, value: string): void {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function key(target: Element, k: string, opts: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...opts });
  target.dispatchEvent(e);
  return e;
}

function itemInfo(over: Partial<ItemInfo> = {}): ItemInfo {
  return {
    id: 'li-1',
    productId: '330011',
    optionId: '440011',
    productName: 'Moth Logo Hoodie',
    optionName: 'Black / L',
    quantity: 2,
    price: 35,
    disposition: 'unlinked',
    link: null,
    ...over,
  };
}

function linkOf(pn: string, over: Partial<NonNullable<ItemInfo['link']>> = {}): NonNullable<ItemInfo['link']> {
  return {
    key: '330011|440011',
    pn,
    designs: { front: 'https://cdn.example.com/front.png' },
    mockups: {},
    neverFulfil: false,
    optionId: '440011',
    ...over,
  };
}

function orderView(over: Partial<OrderView> = {}): OrderView {
  return {
    id: 'MOTH-100234',
    customerName: 'Ada Lovelace',
    createdAt: '2024-05-01T10:00:00Z',
    state: 'needs-linking',
    label: '1 of 2 items to link',
    needsAction: true,
    toLink: 1,
    items: [
      itemInfo(),
      itemInfo({
        id: 'li-2',
        productId: '330012',
        optionId: null,
        productName: 'Moth Tee',
        optionName: '',
        disposition: 'linked',
        link: linkOf('JH001-JBK-M'),
      }),
    ],
    shipping: { method: 'regular', source: 'country' },
    ink: null,
    message: '',
    completedWithout: false,
    paymentComplete: true,
    autoSendPending: false,
    ...over,
  };
}

function panelProps(over: Partial<OrderPanelProps> = {}): OrderPanelProps {
  return {
    orderId: 'MOTH-100234',
    view: orderView(),
    loadError: '',
    unplaced: [],
    busy: null,
    error: '',
    notice: '',
    onSend: vi.fn(),
    onComplete: vi.fn(),
    onShipping: vi.fn(),
    onSync: vi.fn(),
    onReload: vi.fn(),
    onReport: vi.fn(),
    onLink: vi.fn(),
    ...over,
  };
}

// ---- StatusMark / ItemControls / OrderChip -----------------------------------------------------

describe('StatusMark', () => {
  const cases: [ItemDisposition, string][] = [
    ['linked', 'Linked to Inkthreadable'],
    ['unlinked', 'Not linked'],
    ['never', 'Never fulfilled by Inkthreadable'],
    ['excluded', 'Not sent: completed without it'],
  ];
  it.each(cases)('%s reads "%s"', (disposition, name) => {
    const c = mount(StatusMark({ disposition: disposition }));
    const mark = byRole(c, 'img');
    expect(nameOf(mark)).toBe(name);
    expect(MARK_NAMES[disposition]).toBe(name);
    // The glyph is decoration only.
    expect(mark.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('draws a different glyph for each disposition', () => {
    const paths = cases.map(([d]) =>
      mount(StatusMark({ disposition: d }))
        .querySelector('path')
        ?.getAttribute('d'),
    );
    expect(new Set(paths).size).toBe(4);
  });
});

/** The item controls drawn the way the overlay draws them (plain DOM in the shadow root's container). */
function controls(item: ItemInfo, onOpen: (item: ItemInfo, opener: HTMLElement) => void = vi.fn()): HTMLElement {
  const c = mount(null);
  mountItemControls(c, onOpen)(item);
  return c;
}

describe('ItemControls', () => {
  it('an unlinked item: a cross and "Link product", which opens with the button', () => {
    const onOpen = vi.fn();
    const item = itemInfo();
    const c = controls(item, onOpen);
    expect(nameOf(byRole(c, 'img'))).toBe('Not linked');
    const btn = byRole(c, 'button', 'Link product');
    btn.click();
    expect(onOpen).toHaveBeenCalledWith(item, btn);
  });

  it('a linked item: a tick, its product code and "Edit link"', () => {
    const c = controls(itemInfo({ disposition: 'linked', link: linkOf('JH001-JBK-L') }));
    expect(nameOf(byRole(c, 'img'))).toBe('Linked to Inkthreadable');
    expect(c.textContent).toContain('JH001-JBK-L');
    byRole(c, 'button', 'Edit link');
    expect(allByRole(c, 'button', 'Link product')).toHaveLength(0);
  });

  it('a never-fulfil item: a dash and "Edit link"', () => {
    const c = controls(itemInfo({ disposition: 'never', link: linkOf('', { neverFulfil: true }) }));
    expect(nameOf(byRole(c, 'img'))).toBe('Never fulfilled by Inkthreadable');
    byRole(c, 'button', 'Edit link');
  });

  it('an item left out by "complete without": its own mark and "Link product"', () => {
    const c = controls(itemInfo({ disposition: 'excluded' }));
    expect(nameOf(byRole(c, 'img'))).toBe('Not sent: completed without it');
    byRole(c, 'button', 'Link product');
  });

  it('updates in place: the same elements show the item as it changes, and a click passes the latest', () => {
    const onOpen = vi.fn();
    const c = mount(null);
    const show = mountItemControls(c, onOpen);
    show(itemInfo());
    const mark = byRole(c, 'img');
    const btn = byRole(c, 'button', 'Link product');
    expect(c.querySelector('.pn')!.hasAttribute('hidden')).toBe(true);
    const linked = itemInfo({ disposition: 'linked', link: linkOf('JH001-JBK-L') });
    show(linked);
    expect(byRole(c, 'img')).toBe(mark);
    expect(nameOf(mark)).toBe('Linked to Inkthreadable');
    expect(c.querySelector('.pn')!.hasAttribute('hidden')).toBe(false);
    expect(c.querySelector('.pn')!.textContent).toBe('JH001-JBK-L');
    expect(byRole(c, 'button', 'Edit link')).toBe(btn);
    btn.click();
    expect(onOpen).toHaveBeenCalledWith(linked, btn);
    show(itemInfo({ disposition: 'never', link: linkOf('', { neverFulfil: true }) }));
    expect(nameOf(mark)).toBe('Never fulfilled by Inkthreadable');
    expect(c.querySelector('.pn')!.hasAttribute('hidden')).toBe(true);
    expect(c.querySelectorAll('.item')).toHaveLength(1);
  });

  it.each(['linked', 'unlinked', 'never', 'excluded'] as const)(
    'draws the %s mark exactly as the order panel does',
    (disposition) => {
      const link =
        disposition === 'linked'
          ? linkOf('JH001-JBK-L')
          : disposition === 'never'
            ? linkOf('', { neverFulfil: true })
            : null;
      const beside = controls(itemInfo({ disposition, link })).querySelector('.mark')!;
      const inPanel = mount(StatusMark({ disposition: disposition })).querySelector('.mark')!;
      const shape = (el: Element): unknown => ({
        tag: el.localName,
        attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]).sort()),
        kids: [...el.children].map(shape),
      });
      expect(shape(beside)).toEqual(shape(inPanel));
    },
  );

  it("a click on the button does not reach the admin's row", () => {
    const c = controls(itemInfo());
    const rowClick = vi.fn();
    document.body.addEventListener('click', rowClick);
    byRole(c, 'button', 'Link product').click();
    document.body.removeEventListener('click', rowClick);
    expect(rowClick).not.toHaveBeenCalled();
  });
});

describe('OrderChip', () => {
  const chip = (state: Chip['state'], toLink = 0): Chip => ({ id: 'MOTH-1', state, toLink });
  it.each([
    [chip('needs-linking', 2), '2 to link'],
    [chip('ready'), 'ready'],
    [chip('sent'), 'sent'],
    [chip('failed'), 'failed'],
    [chip('sending'), 'sending'],
  ])('%o reads "%s"', (c, text) => {
    expect(chipText(c)).toBe(text);
    expect(mount(OrderChip({ chip: c })).textContent).toBe(text);
  });
  it.each([chip('history'), chip('nothing-to-fulfil')])('no chip for %o', (c) => {
    expect(chipText(c)).toBeNull();
    expect(mount(OrderChip({ chip: c })).textContent).toBe('');
  });
});

// ---- OrderPanel ---------------------------------------------------------------------------------

describe('OrderPanel', () => {
  it('is a region named "Inkthreadable" with the state in words', () => {
    const c = mount(OrderPanel(panelProps()));
    const region = byRole(c, 'region', 'Inkthreadable');
    expect(region.textContent).toContain('1 of 2 items to link');
  });

  it('needs linking: "Review draft order" and "Complete without unlinked items", no send', () => {
    const p = panelProps();
    const c = mount(OrderPanel(p));
    expect(byRole(c, 'heading').textContent).toBe('Review draft order');
    expect(allByRole(c, 'button', 'Send to Inkthreadable')).toHaveLength(0);
    byRole(c, 'button', 'Complete without unlinked items').click();
    expect(p.onComplete).toHaveBeenCalledTimes(1);
    expect(c.textContent).toContain('Sends the 1 linked item now');
  });

  it('the shipping method is a select named "Shipping method" with the three services, changeable before sending', () => {
    const p = panelProps({ view: orderView({ shipping: { method: 'recorded', source: 'order' } }) });
    const c = mount(OrderPanel(p));
    const select = byRole(c, 'combobox', 'Shipping method') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Regular', 'Recorded', 'Courier']);
    expect(select.value).toBe('recorded');
    expect(select.disabled).toBe(false);
    select.value = 'courier';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(p.onShipping).toHaveBeenCalledWith('courier');
  });

  it('while a shipping change is on its way the select shows it, stays focusable and puts back any other change', () => {
    const p = panelProps({
      view: orderView({ shipping: { method: 'regular', source: 'default' } }),
      busy: 'shipping',
      shippingPending: 'courier',
    });
    const c = mount(OrderPanel(p));
    const select = byRole(c, 'combobox', 'Shipping method') as HTMLSelectElement;
    expect(select.value).toBe('courier');
    expect(select.disabled).toBe(false);
    expect(select.getAttribute('aria-disabled')).toBe('true');
    expect(select.getAttribute('aria-busy')).toBe('true');
    select.value = 'recorded';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(p.onShipping).not.toHaveBeenCalled();
    expect(select.value).toBe('courier');
  });

  it('once sent, the shipping method is locked', () => {
    const c = mount(
      OrderPanel(
        panelProps({
          view: orderView({
            state: 'sent',
            label: 'Sent to Inkthreadable',
            shipping: { method: 'recorded', source: 'order' },
          }),
        }),
      ),
    );
    const select = byRole(c, 'combobox', 'Shipping method') as HTMLSelectElement;
    expect(select.disabled).toBe(true);
    expect(c.textContent).toContain('used for this order');
  });

  it('ready with auto-send off: "Send to Inkthreadable"', () => {
    const p = panelProps({
      view: orderView({ state: 'ready', label: 'Ready to send', toLink: 0, autoSendPending: false }),
    });
    const c = mount(OrderPanel(p));
    expect(byRole(c, 'heading').textContent).toBe('Review draft order');
    byRole(c, 'button', 'Send to Inkthreadable').click();
    expect(p.onSend).toHaveBeenCalledTimes(1);
    expect(allByRole(c, 'button', 'Complete without unlinked items')).toHaveLength(0);
  });

  it('ready and about to be sent automatically: no send button, says so', () => {
    const c = mount(
      OrderPanel(panelProps({ view: orderView({ state: 'ready', label: 'Ready to send', autoSendPending: true }) })),
    );
    expect(allByRole(c, 'button', 'Send to Inkthreadable')).toHaveLength(0);
    expect(c.textContent).toContain('automatically');
  });

  it('ready, auto-send on but the last try left a message: the send button is offered', () => {
    const c = mount(
      OrderPanel(
        panelProps({
          view: orderView({ state: 'ready', label: 'Ready to send', autoSendPending: true, message: 'No network' }),
        }),
      ),
    );
    byRole(c, 'button', 'Send to Inkthreadable');
  });

  it('failed: the error message and "Retry"', () => {
    const p = panelProps({
      view: orderView({
        state: 'failed',
        label: 'Not sent: Inkthreadable refused it',
        message: 'Unknown product code JH001-XXX',
      }),
    });
    const c = mount(OrderPanel(p));
    expect(c.textContent).toContain('Unknown product code JH001-XXX');
    byRole(c, 'button', 'Retry').click();
    expect(p.onSend).toHaveBeenCalledTimes(1);
    expect(byRole(c, 'heading').textContent).toBe('Review draft order');
  });

  it('sending, left to the merchant after unclear answers: the message as an alert and "Send to Inkthreadable"', () => {
    const message =
      'Inkthreadable gave no clear answer to 2 attempts to send this order, and its order list does not show it.';
    const p = panelProps({
      view: orderView({ state: 'sending', label: 'Sending to Inkthreadable', needsAction: true, message }),
    });
    const c = mount(OrderPanel(p));
    expect(c.querySelector('p.alert')?.textContent).toBe(message);
    byRole(c, 'button', 'Send to Inkthreadable').click();
    expect(p.onSend).toHaveBeenCalledTimes(1);
  });

  it('sending, still being checked: no send button', () => {
    const c = mount(
      OrderPanel(
        panelProps({
          view: orderView({
            state: 'sending',
            label: 'Sending to Inkthreadable',
            needsAction: false,
            message: 'No clear answer from Inkthreadable (timeout); checking before any retry.',
          }),
        }),
      ),
    );
    expect(allByRole(c, 'button', 'Send to Inkthreadable')).toHaveLength(0);
    expect(c.querySelector('p.alert')).toBeNull();
  });

  it('sent and unpaid: "View order", the Inkthreadable number, its status and "Pay in Inkthreadable" in a new tab', () => {
    const ink = {
      id: 'INK-77001',
      status: 'received',
      trackingNumber: '',
      shippedAt: '',
      shippingMethod: 'recorded',
      createdAt: '',
      deleted: false,
    };
    const c = mount(
      OrderPanel(
        panelProps({
          view: orderView({
            state: 'sent',
            label: 'Sent to Inkthreadable',
            ink,
            needsAction: false,
            shipping: { method: 'recorded', source: 'order' },
          }),
        }),
      ),
    );
    expect(byRole(c, 'heading').textContent).toBe('View order');
    expect(c.textContent).toContain('INK-77001');
    expect(c.textContent).toContain('received');
    const pay = byRole(c, 'link', 'Pay in Inkthreadable') as HTMLAnchorElement;
    expect(pay.getAttribute('href')).toBe(INK_ORDERS_URL);
    expect(INK_ORDERS_URL.startsWith('https://www.inkthreadable.co.uk/')).toBe(true);
    expect(pay.getAttribute('target')).toBe('_blank');
    expect(pay.getAttribute('rel')).toContain('noopener');
    // Sent: the shipping method can no longer change.
    expect((byRole(c, 'combobox', 'Shipping method') as HTMLSelectElement).disabled).toBe(true);
    expect(allByRole(c, 'button')).toHaveLength(0);
  });

  it('shipped: the tracking number, and no payment link once paid', () => {
    const ink = {
      id: 'INK-77001',
      status: 'shipped',
      trackingNumber: 'RM123456789GB',
      shippedAt: '2024-05-03',
      shippingMethod: 'recorded',
      createdAt: '',
      deleted: false,
    };
    const c = mount(
      OrderPanel(panelProps({ view: orderView({ state: 'sent', label: 'Sent to Inkthreadable', ink }) })),
    );
    expect(c.textContent).toContain('RM123456789GB');
    expect(allByRole(c, 'link', 'Pay in Inkthreadable')).toHaveLength(0);
  });

  it.each(['history', 'nothing-to-fulfil'] as const)('%s: "View order", no actions', (state) => {
    const c = mount(OrderPanel(panelProps({ view: orderView({ state, label: 'x', toLink: 0 }) })));
    expect(byRole(c, 'heading').textContent).toBe('View order');
    expect(allByRole(c, 'button')).toHaveLength(0);
  });

  it('a busy action shows it, and a second click does nothing', () => {
    const p = panelProps({ view: orderView({ state: 'ready', label: 'Ready to send' }), busy: 'send' });
    const c = mount(OrderPanel(p));
    const btn = byRole(c, 'button', 'Sending…');
    expect(btn.getAttribute('aria-busy')).toBe('true');
    expect(btn.getAttribute('aria-disabled')).toBe('true');
    btn.click();
    expect(p.onSend).not.toHaveBeenCalled();
  });

  it("shows a call's error in words, and a notice as a status", () => {
    const c = mount(
      OrderPanel(
        panelProps({
          error: 'The extension did not answer. Try again.',
          notice: 'Link saved. This link completes 1 waiting order.',
        }),
      ),
    );
    expect(byRole(c, 'alert').textContent).toBe('The extension did not answer. Try again.');
    expect(byRole(c, 'status').textContent).toBe('Link saved. This link completes 1 waiting order.');
  });

  it('lists items it could not place, with their mark and link button, names as text', () => {
    const onLink = vi.fn();
    const hostile = itemInfo({ id: 'li-9', productName: HOSTILE, optionName: '' });
    const c = mount(OrderPanel(panelProps({ unplaced: [hostile], onLink })));
    const list = c.querySelector('ul')!;
    expect(list.textContent).toContain(`${HOSTILE} × 2`);
    expect(c.querySelector('img')).toBeNull();
    expect(nameOf(byRole(list, 'img'))).toBe('Not linked');
    byRole(list, 'button', 'Link product').click();
    expect(onLink).toHaveBeenCalledWith(hostile, expect.anything());
  });

  it('an order the extension does not know yet: says so and offers to check now', () => {
    const p = panelProps({ view: null });
    const c = mount(OrderPanel(p));
    byRole(c, 'region', 'Inkthreadable');
    expect(c.textContent).toContain('MOTH-100234 is not in the extension yet');
    byRole(c, 'button', 'Check Big Cartel now').click();
    expect(p.onSync).toHaveBeenCalled();
  });

  it('the order could not be read: the message and "Try again"', () => {
    const p = panelProps({ view: undefined, loadError: 'The extension was updated or reloaded: reload this page.' });
    const c = mount(OrderPanel(p));
    expect(byRole(c, 'alert').textContent).toBe('The extension was updated or reloaded: reload this page.');
    byRole(c, 'button', 'Try again').click();
    expect(p.onReload).toHaveBeenCalled();
  });
});

// ---- LinkDialog ---------------------------------------------------------------------------------

function dialogProps(
  over: Partial<LinkDialogProps> = {},
): LinkDialogProps & { save: ReturnType<typeof vi.fn>; onClose: ReturnType<typeof vi.fn> } {
  return {
    item: itemInfo(),
    save: vi.fn(async (inputs: unknown[]) => ({ saved: inputs.length, completes: 1 })),
    onClose: vi.fn(),
    ...over,
  } as never;
}

describe('LinkDialog', () => {
  it('is a modal dialog named after the product and option, focus on the product code', async () => {
    const c = mount(<LinkDialog {...dialogProps()} />);
    await flush();
    const dialog = byRole(c, 'dialog', 'Link Moth Logo Hoodie / Black / L');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(activeIn(dialog)).toBe(byRole(c, 'textbox', 'Inkthreadable product code'));
    for (const name of ['Front design URL', 'Back design URL']) byRole(c, 'textbox', name);
    for (const name of ['Never fulfil this product', 'Only this option']) byRole(c, 'checkbox', name);
    for (const name of ['Add placement', 'Save link', 'Cancel']) byRole(c, 'button', name);
  });

  it('renders a hostile product name as text', () => {
    const c = mount(<LinkDialog {...dialogProps({ item: itemInfo({ productName: HOSTILE, optionName: '' }) })} />);
    byRole(c, 'dialog', `Link ${HOSTILE}`);
    expect(c.querySelector('img')).toBeNull();
  });

  it('checks the product code, shows the error beside the field and does not save', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    const code = byRole(c, 'textbox', 'Inkthreadable product code');
    type(code, 'not a code!');
    type(byRole(c, 'textbox', 'Front design URL'), 'https://cdn.example.com/front.png');
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save).not.toHaveBeenCalled();
    expect(code.getAttribute('aria-invalid')).toBe('true');
    const errId = code.getAttribute('aria-describedby')!;
    const err = (c.getRootNode() as ShadowRoot).querySelector(`#${errId}`)!;
    expect(err.textContent).toContain('does not look like an Inkthreadable product code');
    expect(activeIn(c)).toBe(code);
    // Fixing it clears the error as one types.
    type(code, 'jh001-jbk-l');
    await flush();
    expect(code.getAttribute('aria-invalid')).toBe('false');
    expect(code.getAttribute('aria-describedby')).toBeNull();
  });

  it('shows a code error on moving to the next field, but not on the way to a button (the click must land)', async () => {
    const c = mount(<LinkDialog {...dialogProps()} />);
    const code = byRole(c, 'textbox', 'Inkthreadable product code');
    type(code, 'JH001--L');
    code.dispatchEvent(new FocusEvent('blur', { relatedTarget: byRole(c, 'button', 'Save link') }));
    await flush();
    expect(code.getAttribute('aria-invalid')).toBe('false');
    code.dispatchEvent(new FocusEvent('blur', { relatedTarget: byRole(c, 'textbox', 'Front design URL') }));
    await flush();
    expect(code.getAttribute('aria-invalid')).toBe('true');
  });

  it('accepts https design links only', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    type(byRole(c, 'textbox', 'Inkthreadable product code'), 'JH001-JBK-L');
    const front = byRole(c, 'textbox', 'Front design URL');
    type(front, 'http://cdn.example.com/front.png');
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save).not.toHaveBeenCalled();
    expect(front.getAttribute('aria-invalid')).toBe('true');
    expect(
      (c.getRootNode() as ShadowRoot).querySelector(`#${front.getAttribute('aria-describedby')}`)!.textContent,
    ).toContain('https://');
  });

  it('needs at least one design', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    type(byRole(c, 'textbox', 'Inkthreadable product code'), 'JH001-JBK-L');
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save).not.toHaveBeenCalled();
    const front = byRole(c, 'textbox', 'Front design URL');
    expect(front.getAttribute('aria-invalid')).toBe('true');
    expect(activeIn(c)).toBe(front);
  });

  it("saves this option's link: code normalised, designs, then closes with the result", async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    type(byRole(c, 'textbox', 'Inkthreadable product code'), ' jh001-jbk-l ');
    type(byRole(c, 'textbox', 'Front design URL'), 'https://cdn.example.com/front.png');
    type(byRole(c, 'textbox', 'Back design URL'), 'https://cdn.example.com/back.png');
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save).toHaveBeenCalledWith([
      {
        productId: '330011',
        optionId: '440011',
        productName: 'Moth Logo Hoodie',
        optionName: 'Black / L',
        pn: 'JH001-JBK-L',
        designs: { front: 'https://cdn.example.com/front.png', back: 'https://cdn.example.com/back.png' },
        mockups: {},
        neverFulfil: false,
      },
    ]);
    expect(p.onClose).toHaveBeenCalledWith({ saved: 1, completes: 1 });
  });

  it('"Only this option" unchecked links the whole product', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    type(byRole(c, 'textbox', 'Inkthreadable product code'), 'JH001-JBK');
    type(byRole(c, 'textbox', 'Front design URL'), 'https://cdn.example.com/front.png');
    byRole(c, 'checkbox', 'Only this option').click();
    await flush();
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save.mock.calls[0]![0][0]).toMatchObject({ optionId: null, optionName: '', pn: 'JH001-JBK' });
  });

  it('"Never fulfil this product" needs no code and saves a never-fulfil link', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    byRole(c, 'checkbox', 'Never fulfil this product').click();
    await flush();
    expect(allByRole(c, 'textbox', 'Inkthreadable product code')).toHaveLength(0);
    byRole(c, 'checkbox', 'Only this option').click();
    await flush();
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save.mock.calls[0]![0]).toEqual([
      {
        productId: '330011',
        optionId: null,
        productName: 'Moth Logo Hoodie',
        optionName: '',
        pn: '',
        designs: {},
        mockups: {},
        neverFulfil: true,
      },
    ]);
  });

  it('adds placements on demand (left, right, neck) and saves them', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    type(byRole(c, 'textbox', 'Inkthreadable product code'), 'JH001-JBK-L');
    byRole(c, 'button', 'Add placement').click();
    await flush();
    const left = byRole(c, 'textbox', 'Left design URL');
    expect(activeIn(c)).toBe(left);
    type(left, 'https://cdn.example.com/left.png');
    byRole(c, 'button', 'Add placement').click();
    byRole(c, 'button', 'Add placement').click();
    await flush();
    byRole(c, 'textbox', 'Right design URL');
    byRole(c, 'textbox', 'Neck design URL');
    expect(allByRole(c, 'button', 'Add placement')).toHaveLength(0);
    byRole(c, 'button', 'Remove neck design').click();
    await flush();
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(p.save.mock.calls[0]![0][0].designs).toEqual({ left: 'https://cdn.example.com/left.png' });
  });

  it('edits an existing link: fields filled in', () => {
    const item = itemInfo({
      disposition: 'linked',
      link: linkOf('JH001-JBK-L', { designs: { front: 'https://a.example/f.png', neck: 'https://a.example/n.png' } }),
    });
    const c = mount(<LinkDialog {...dialogProps({ item })} />);
    expect((byRole(c, 'textbox', 'Inkthreadable product code') as HTMLInputElement).value).toBe('JH001-JBK-L');
    expect((byRole(c, 'textbox', 'Front design URL') as HTMLInputElement).value).toBe('https://a.example/f.png');
    expect((byRole(c, 'textbox', 'Neck design URL') as HTMLInputElement).value).toBe('https://a.example/n.png');
  });

  it('Escape closes without saving, and the page does not see the key', async () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    key(byRole(c, 'textbox', 'Inkthreadable product code'), 'Escape');
    document.removeEventListener('keydown', pageKeys);
    expect(p.onClose).toHaveBeenCalledWith(null);
    expect(p.save).not.toHaveBeenCalled();
    expect(pageKeys).not.toHaveBeenCalled();
  });

  it('Cancel closes without saving', () => {
    const p = dialogProps();
    const c = mount(<LinkDialog {...p} />);
    byRole(c, 'button', 'Cancel').click();
    expect(p.onClose).toHaveBeenCalledWith(null);
  });

  it('traps focus: Tab from the last control goes to the first, Shift+Tab from the first to the last', async () => {
    const c = mount(<LinkDialog {...dialogProps()} />);
    await flush();
    const code = byRole(c, 'textbox', 'Inkthreadable product code');
    const save = byRole(c, 'button', 'Save link');
    save.focus();
    const e1 = key(save, 'Tab');
    expect(e1.defaultPrevented).toBe(true);
    expect(activeIn(c)).toBe(code);
    const e2 = key(code, 'Tab', { shiftKey: true });
    expect(e2.defaultPrevented).toBe(true);
    expect(activeIn(c)).toBe(save);
    // In the middle, Tab is left to the browser.
    const front = byRole(c, 'textbox', 'Front design URL');
    front.focus();
    expect(key(front, 'Tab').defaultPrevented).toBe(false);
  });

  it('brings focus back when it leaves for the page', async () => {
    const c = mount(<LinkDialog {...dialogProps()} />);
    await flush();
    const outside = document.createElement('button');
    document.body.appendChild(outside);
    outside.focus();
    outside.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(activeIn(c)).toBe(byRole(c, 'textbox', 'Inkthreadable product code'));
    outside.remove();
  });

  it("offers the product's other sizes once a valid code is typed, each unchecked until the merchant confirms", async () => {
    const loadOptions = vi.fn(async () => [
      { id: '440010', name: 'Black / M' },
      { id: '440011', name: 'Black / L' },
      { id: '440012', name: 'Black / XL' },
      { id: '440020', name: 'White / M' },
    ]);
    const p = dialogProps({ loadOptions });
    const c = mount(<LinkDialog {...p} />);
    await flush();
    expect(loadOptions).not.toHaveBeenCalled();
    const code = byRole(c, 'textbox', 'Inkthreadable product code');
    type(code, 'JH001-JBK');
    await flush();
    expect(loadOptions).not.toHaveBeenCalled(); // no size in the code: nothing to swap
    type(code, 'JH001-JBK-L');
    await flush();
    expect(loadOptions).toHaveBeenCalledWith('330011');
    const m = byRole(c, 'checkbox', 'Black / M as JH001-JBK-M') as HTMLInputElement;
    const xl = byRole(c, 'checkbox', 'Black / XL as JH001-JBK-XL') as HTMLInputElement;
    expect(m.checked).toBe(false);
    expect(xl.checked).toBe(false);
    expect(allByRole(c, 'checkbox', /White/)).toHaveLength(0);
    m.click();
    await flush();
    type(byRole(c, 'textbox', 'Front design URL'), 'https://cdn.example.com/front.png');
    byRole(c, 'button', 'Save link').click();
    await flush();
    const inputs = p.save.mock.calls[0]![0];
    expect(inputs.map((i: { optionId: string; pn: string }) => [i.optionId, i.pn])).toEqual([
      ['440011', 'JH001-JBK-L'],
      ['440010', 'JH001-JBK-M'],
    ]);
    expect(inputs[1]).toMatchObject({
      optionName: 'Black / M',
      designs: { front: 'https://cdn.example.com/front.png' },
      neverFulfil: false,
    });
    expect(loadOptions).toHaveBeenCalledTimes(1);
  });

  it('a failed save keeps the dialog open with the reason', async () => {
    const p = dialogProps({
      save: vi.fn(async () => Promise.reject(new Error('The extension did not answer. Try again.'))),
    });
    const c = mount(<LinkDialog {...p} />);
    type(byRole(c, 'textbox', 'Inkthreadable product code'), 'JH001-JBK-L');
    type(byRole(c, 'textbox', 'Front design URL'), 'https://cdn.example.com/front.png');
    byRole(c, 'button', 'Save link').click();
    await flush();
    expect(byRole(c, 'alert').textContent).toBe('The extension did not answer. Try again.');
    expect(p.onClose).not.toHaveBeenCalled();
    byRole(c, 'button', 'Save link');
  });

  it('an item whose product was deleted cannot be linked: says why, offers Cancel', () => {
    const c = mount(<LinkDialog {...dialogProps({ item: itemInfo({ productId: null, optionId: null }) })} />);
    expect(c.textContent).toContain('deleted in Big Cartel');
    expect(allByRole(c, 'button').map(nameOf)).toEqual(['Cancel']);
  });
});
