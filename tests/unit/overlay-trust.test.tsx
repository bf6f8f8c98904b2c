/**
 * Only the merchant drives the overlay. A page script (or another extension) that reaches our
 * controls and clicks them, dispatches clicks, keys, input and change events, or asks the link
 * form to submit, makes the background receive nothing; the merchant's own input, right after,
 * does what it says (so "nothing" is checked after a positive signal).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  fakeBackground,
  view,
  ITEMS,
  adminPage,
  loadPage,
  start,
  hostsOf,
  itemHost,
  panel,
  dialog,
  buttonIn,
  fieldIn,
  type,
  settle,
  useOverlayPage,
} from './helpers/overlay-page';
import { asPageScript } from './helpers/trust';

useOverlayPage();

const ACTIONS = ['send', 'completeWithout', 'setOrderShipping', 'saveLink', 'saveLinks', 'syncNow'] as const;
const actions = (bg: ReturnType<typeof fakeBackground>) =>
  bg.calls.filter((c) => (ACTIONS as readonly string[]).includes(c.type));

/** Every way a script can press a control: click(), a dispatched click, Enter and Space keys. */
function press(el: HTMLElement): void {
  asPageScript(() => {
    el.click();
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    for (const key of ['Enter', ' ']) {
      el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
      el.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, composed: true, cancelable: true }));
    }
  });
}

describe('only the merchant drives the overlay', () => {
  it('Send, Complete and the shipping method: a script pressing them sends nothing; the merchant then can', async () => {
    const sentView = view({ state: 'sent', label: 'Sent to Inkthreadable', toLink: 0, needsAction: false });
    const bg = fakeBackground({
      getOrder: () => view({ state: 'ready', label: 'Ready to send', toLink: 0, needsAction: true }),
      pageVisit: () => null,
      send: () => sentView,
      setOrderShipping: () =>
        view({ state: 'ready', label: 'Ready to send', toLink: 0, shipping: { method: 'courier', source: 'order' } }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    press(buttonIn(panel(), 'Send to Inkthreadable'));
    const select = panel().querySelector('select')!;
    asPageScript(() => {
      select.value = 'courier';
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(actions(bg)).toEqual([]);
    expect(panel().querySelector('h2')!.textContent).toBe('Review draft order');
    // The merchant's own click goes through.
    buttonIn(panel(), 'Send to Inkthreadable').click();
    await vi.waitFor(() => expect(bg.of('send')).toEqual([{ type: 'send', orderId: 'MOTH-100234' }]));
    expect(actions(bg)).toEqual([{ type: 'send', orderId: 'MOTH-100234' }]);
  });

  it('Complete without unlinked items: a script pressing it completes nothing', async () => {
    const bg = fakeBackground({
      getOrder: () => view(),
      pageVisit: () => null,
      completeWithout: () => view({ state: 'sent', label: 'Sent to Inkthreadable' }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    press(buttonIn(panel(), 'Complete without unlinked items'));
    await settle();
    expect(actions(bg)).toEqual([]);
    buttonIn(panel(), 'Complete without unlinked items').click();
    await vi.waitFor(() => expect(bg.of('completeWithout')).toHaveLength(1));
    expect(actions(bg)).toHaveLength(1);
  });

  it('Check Big Cartel now: a script pressing it syncs nothing', async () => {
    const bg = fakeBackground({
      getOrder: () => null,
      pageVisit: () => null,
      syncNow: () => ({ bigcartel: { state: 'ok', message: '' } }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(hostsOf('panel')).toHaveLength(1));
    press(buttonIn(panel(), 'Check Big Cartel now'));
    await settle();
    expect(actions(bg)).toEqual([]);
    buttonIn(panel(), 'Check Big Cartel now').click();
    await vi.waitFor(() => expect(bg.of('syncNow')).toHaveLength(1));
  });

  it('Link product and Save link: a script opens no dialog, types nothing into it, and saves no link', async () => {
    const bg = fakeBackground({
      getOrder: () => view(),
      pageVisit: () => null,
      getProductOptions: () => [],
      saveLinks: () => ({ saved: 1, completes: 0 }),
      saveLink: (req: { link: unknown }) => ({ link: req.link, completes: 0 }),
    });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(itemHost('li-1')).toBeDefined());
    const link = itemHost('li-1')!.shadowRoot!.querySelector('button')!;
    press(link);
    await settle();
    expect(dialog()).toBeNull();
    // The merchant opens it; a script types a design into it: the form's values do not change.
    link.click();
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    const d = dialog()!;
    type(fieldIn(d, 'Inkthreadable product code'), 'JH001-JBK-L');
    asPageScript(() => type(fieldIn(d, 'Front design URL'), 'https://evil.example/design.png'));
    buttonIn(d, 'Save link').click();
    await settle();
    expect(actions(bg)).toEqual([]);
    expect(d.querySelector('#ink-front-error')?.textContent).toMatch(/design/i);
    // The merchant types the design; a script then presses Save link and asks the form to submit.
    type(fieldIn(d, 'Front design URL'), 'https://cdn.example.com/front.png');
    const form = d.querySelector('form')!;
    press(buttonIn(d, 'Save link'));
    asPageScript(() => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    // A script's requestSubmit(): the browser fires that submit event itself, marked as trusted.
    form.requestSubmit();
    form.requestSubmit(buttonIn(d, 'Save link'));
    await settle();
    expect(actions(bg)).toEqual([]);
    expect(dialog()).not.toBeNull();
    // The merchant saves: one link, with what the merchant typed.
    buttonIn(d, 'Save link').click();
    await vi.waitFor(() => expect(actions(bg)).toHaveLength(1));
    const saved = JSON.stringify(actions(bg)[0]);
    expect(saved).toContain('https://cdn.example.com/front.png');
    expect(saved).not.toContain('evil.example');
  });

  it("Escape or Cancel from a script leaves the merchant's dialog open", async () => {
    fakeBackground({ getOrder: () => view(), pageVisit: () => null, getProductOptions: () => [] });
    loadPage(adminPage(ITEMS));
    start();
    await vi.waitFor(() => expect(itemHost('li-1')).toBeDefined());
    itemHost('li-1')!.shadowRoot!.querySelector('button')!.click();
    await vi.waitFor(() => expect(dialog()).not.toBeNull());
    const d = dialog()!;
    asPageScript(() =>
      d
        .querySelector('[role="dialog"]')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true })),
    );
    press(buttonIn(d, 'Cancel'));
    await settle();
    expect(dialog()).not.toBeNull();
    buttonIn(d, 'Cancel').click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
  });
});
