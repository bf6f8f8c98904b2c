/**
 * "Save this page for a bug report": no personal field of the order survives in the saved file,
 * on every sandbox admin layout and on hostile pages; scripts never do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { closePageWindows, loadPage } from './helpers/page-window';
import { normaliseOrderDocument } from '@/lib/bigcartel/normalise';
import { pageReport, reportTerms } from '@/lib/bigcartel/report';
import type { BcOrder } from '@/lib/types';

type Admin = typeof import('../../sandbox/admin.mjs');
let admin: Admin;
beforeAll(async () => {
  admin = await import('../../sandbox/admin.mjs');
});

closePageWindows();

async function load(html: string, url: string): Promise<Document> {
  const { doc, win } = await loadPage(html, url);
  // The report is built with the page's own DOMParser, as the content script does.
  (globalThis as { DOMParser?: unknown }).DOMParser = win.DOMParser;
  return doc;
}

const fixtureDoc = () => JSON.parse(readFileSync('/work/shared/fixtures/bigcartel/order.json', 'utf8'));

function fixtureOrder(): BcOrder {
  const { orders } = normaliseOrderDocument(fixtureDoc());
  return orders[0]!;
}

/** Every personal field of the order, as it could appear on a page. */
function personal(o: BcOrder): string[] {
  const a = o.address;
  return [
    o.customerName,
    a.firstName,
    a.lastName,
    o.customerEmail,
    a.address1,
    a.address2,
    a.city,
    a.state,
    a.zip,
    o.note,
  ].filter((v) => v.trim().length >= 2);
}

/** The phone's digits as any formatting of it would keep them. */
function phoneDigits(o: BcOrder): string {
  return o.address.phone.replace(/\D+/g, '').slice(-7);
}

function expectNothingPersonal(report: string, o: BcOrder) {
  const lower = report.toLowerCase();
  for (const v of personal(o)) expect(lower, `"${v}" survived`).not.toContain(v.toLowerCase());
  expect(report.replace(/\D+/g, '')).not.toContain(phoneDigits(o));
  expect(report).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  expect(report).not.toMatch(/<script/i);
  expect(report).not.toMatch(/\son\w+\s*=/i);
}

describe('page report', () => {
  it.each(['table', 'cards', 'shadow', 'delayed', 'spa'])(
    'keeps no personal field of the order on the %s layout',
    async (layout) => {
      const o = fixtureOrder();
      expect(personal(o).length).toBeGreaterThanOrEqual(9);
      const doc = await load(
        admin.renderOrderPage(fixtureDoc(), { layout }),
        'https://my.bigcartel.com/orders/MOTH-100234',
      );
      // The page does show them (the check below would mean nothing otherwise).
      const shown = (doc.body.textContent ?? '').toLowerCase();
      expect(shown).toContain('lovelace');
      expect(shown).toContain('ada@example.org');
      const report = pageReport(doc, reportTerms(o), 'Order page MOTH-100234: 1 item not placed');
      expectNothingPersonal(report, o);
      // The structure and the order's own facts stay: that is what the report is for.
      expect(report).toContain('MOTH-100234');
      expect(report).toContain('[customer name]');
      expect(report).toContain('[customer address]');
      expect(report).toMatch(/<!-- Order page MOTH-100234: 1 item not placed -->/);
      if (layout !== 'shadow') expect(report).toContain('Moth Logo Hoodie');
    },
  );

  it('keeps nothing personal on a hostile page: split names, attributes, other case, comments, styles, templates, other e-mails and phone formats', async () => {
    const o = fixtureOrder();
    const html = `<!doctype html><html lang="en" data-owner="Ada Lovelace"><head><title>ADA LOVELACE – order MOTH-100234</title>
      <style>.x::after { content: "ada@example.org" }</style>
      <script>window.customer = { name: "Ada Lovelace", email: "ada@example.org" }</script></head>
      <body onload="alert('Ada')">
      <!-- customer: Ada Lovelace, 12 Analytical Row -->
      <main>
        <h1>Order MOTH-100234</h1>
        <p class="name">Ada <b>Love</b>lace</p>
        <p><span>12 Analytical</span> <span>Row</span></p>
        <p title="Ada Lovelace" data-email="ada@example.org"><a href="mailto:ada@example.org?subject=Hi">Write to ada@example.org</a></p>
        <p>Call 020 7946 0000 or (+44) 20-7946-0000</p>
        <p>Flat&nbsp;3, LONDON, n1&nbsp;9gu, Greater  London</p>
        <input value="Lovelace" placeholder="ada@example.org">
        <template><p>Ada Lovelace lives at 12 Analytical Row</p></template>
        <noscript>Ada Lovelace</noscript>
        <iframe srcdoc="<p>Ada Lovelace</p>"></iframe>
        <a href="javascript:alert('Ada')">x</a>
        <p>Support: help@moth-merch.example</p>
        <p class="note">Gift, please no invoice in the parcel</p>
        <p>Moth Logo Hoodie / Black / L × 2 — Available in Java green</p>
      </main></body></html>`;
    const doc = await load(html, 'https://my.bigcartel.com/orders/MOTH-100234');
    const report = pageReport(doc, reportTerms(o), 'Order page MOTH-100234');
    expectNothingPersonal(report, o);
    expect(report).not.toMatch(/<iframe|<noscript/i);
    expect(report).not.toContain('javascript:');
    expect(report).not.toContain('help@moth-merch.example');
    // Words that merely contain a term are left alone; the order's items stay.
    expect(report).toContain('Available in Java green');
    expect(report).toContain('Moth Logo Hoodie / Black / L');
    expect(report).toContain('lang="en"');
  });

  it('with no order known, masks every letter and digit but the order numbers', async () => {
    const doc = await load(
      admin.renderOrderPage(fixtureDoc(), { layout: 'table' }),
      'https://my.bigcartel.com/orders/MOTH-100234',
    );
    const report = pageReport(doc, null, 'Order page MOTH-100234: the order was not found');
    expect(report).not.toMatch(/lovelace|analytical|ada@|7946/i);
    expect(report).toContain('MOTH-100234');
    expect(report).not.toMatch(/<script/i);
    // Tags and attribute names are kept: the structure is what the report is for.
    expect(report).toMatch(/<main|<table|<section/);
  });

  it('reportTerms takes every personal field and skips empty ones', () => {
    const o = fixtureOrder();
    const terms = reportTerms({ ...o, note: '', address: { ...o.address, address2: '' } });
    expect(terms.map((t) => t.kind)).toEqual([
      'name',
      'name',
      'name',
      'name',
      'email',
      'phone',
      'address',
      'address',
      'address',
      'address',
    ]);
    expect(terms.map((t) => t.value)).toContain('ada@example.org');
  });
});
