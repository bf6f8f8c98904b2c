// Big Cartel seller admin pages (HTML) for the content script to live on: the orders list,
// one order, products. Five layouts exercise the overlay's page reading:
//   table   classic Rails-like table of line items
//   cards   div cards; name and option in separate spans; "Qty: 2" or "× 2"
//   shadow  items rendered by <bc-order-items> inside an OPEN shadow root
//   delayed items inserted by script 800 ms after load
//   spa     links change route with history.pushState and re-render without a page load
// Every value goes through the auto-escaping `html` template; scripts build DOM with
// textContent only. The render functions are pure and exported for unit tests.
import { COUNTRIES } from './seeds.mjs';
import { liveRefs } from './bigcartel.mjs';
import { esc, iso, scriptJson } from './util.mjs';

/** @typedef {import('./model.mjs').SandboxState} SandboxState */
/** @typedef {import('./model.mjs').OrderRec} OrderRec */

export const LAYOUTS = ['table', 'cards', 'shadow', 'delayed', 'spa'];
export const DELAY_MS = 800;

// ---- tiny auto-escaping templates --------------------------------------------------------------
class Raw {
  /** @param {string} s */
  constructor(s) {
    this.s = s;
  }
  toString() {
    return this.s;
  }
}
/** Marks trusted markup. @param {string} s */
const raw = (s) => new Raw(s);
/** @param {unknown} v @returns {string} */
function part(v) {
  if (v instanceof Raw) return v.s;
  if (Array.isArray(v)) return v.map(part).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}
/** @param {TemplateStringsArray} strings @param {...unknown} vals */
function html(strings, ...vals) {
  let out = strings[0] ?? '';
  vals.forEach((v, i) => {
    out += part(v) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

// ---- view model --------------------------------------------------------------------------------
/**
 * The order shape the renderers take: lib/types.ts's BcOrder, plus optional extras.
 * @typedef {{ id: string, productId?: string | null, optionId?: string | null, productName: string,
 *   optionName: string, quantity: number, price: number, imageUrl?: string | null }} ViewItem
 * @typedef {{ id: string, customerName: string, customerEmail?: string, note?: string,
 *   address?: Partial<{ firstName: string, lastName: string, company: string, address1: string,
 *     address2: string, city: string, state: string, zip: string, countryName: string,
 *     countryCode: string, phone: string }>,
 *   shippingStatus?: string, paymentStatus?: string, createdAt?: string, updatedAt?: string,
 *   completedAt?: string, total?: number, currency?: string, items: ViewItem[],
 *   itemTotal?: number, shippingTotal?: number, discountTotal?: number, taxTotal?: number,
 *   events?: { at: string, text: string }[] }} ViewOrder
 */

/**
 * Accepts a BcOrder-like object, or a JSON:API document for one order ({data, included}),
 * or a JSON:API list document (returns the first order; see ordersFromJsonApi for all).
 * @param {any} input
 * @returns {ViewOrder}
 */
export function toViewOrder(input) {
  if (input?.data && !Array.isArray(input.data))
    return /** @type {ViewOrder} */ (ordersFromJsonApi({ data: [input.data], included: input.included })[0]);
  if (Array.isArray(input?.data)) return /** @type {ViewOrder} */ (ordersFromJsonApi(input)[0]);
  return input;
}

/**
 * Converts a JSON:API orders document (as the API or the fixtures give it) into view orders.
 * @param {{ data: any[], included?: any[] }} doc
 * @returns {ViewOrder[]}
 */
export function ordersFromJsonApi(doc) {
  const inc = new Map((doc.included ?? []).map((r) => [`${r.type}:${r.id}`, r]));
  const num = (/** @type {any} */ v) => (v === null || v === undefined || v === '' ? undefined : Number(v));
  return doc.data.map((o) => {
    const a = o.attributes ?? {};
    const countryRef = o.relationships?.shipping_country?.data;
    const country = countryRef ? inc.get(`countries:${countryRef.id}`) : undefined;
    const items = (o.relationships?.items?.data ?? []).map((/** @type {any} */ ref) => {
      const li = inc.get(`order_line_items:${ref.id}`) ?? { attributes: {}, relationships: {} };
      const la = li.attributes ?? {};
      return {
        id: String(ref.id),
        productId: li.relationships?.product?.data?.id ?? null,
        optionId: li.relationships?.product_option?.data?.id ?? null,
        productName: la.product_name ?? '',
        optionName: la.product_option_name ?? '',
        quantity: Number(la.quantity ?? 0),
        price: Number(la.price ?? 0),
        imageUrl: la.image_url ?? null,
      };
    });
    return {
      id: String(o.id),
      customerName: [a.customer_first_name, a.customer_last_name].filter(Boolean).join(' '),
      customerEmail: a.customer_email ?? '',
      note: a.customer_note ?? '',
      address: {
        firstName: a.customer_first_name ?? '',
        lastName: a.customer_last_name ?? '',
        address1: a.shipping_address_1 ?? '',
        address2: a.shipping_address_2 ?? '',
        city: a.shipping_city ?? '',
        state: a.shipping_state ?? '',
        zip: a.shipping_zip ?? '',
        countryName: a.shipping_country_name ?? country?.attributes?.name ?? '',
        countryCode: /^[A-Z]{2}$/.test(String(countryRef?.id ?? '')) ? String(countryRef.id) : '',
        phone: a.customer_phone_number ?? '',
      },
      shippingStatus: a.shipping_status ?? '',
      paymentStatus: a.payment_status ?? '',
      createdAt: a.created_at ?? '',
      updatedAt: a.updated_at ?? '',
      completedAt: a.completed_at ?? '',
      total: num(a.total),
      itemTotal: num(a.item_total),
      shippingTotal: num(a.shipping_total),
      discountTotal: num(a.discount_total),
      taxTotal: num(a.tax_total),
      currency: o.relationships?.currency?.data?.id ?? 'GBP',
      items,
    };
  });
}

/**
 * The view of a stored order (server side).
 * @param {SandboxState} state @param {OrderRec} o
 * @returns {ViewOrder}
 */
export function orderView(state, o) {
  const a = o.attrs;
  const country = o.countryId ? { name: COUNTRIES[o.countryId] ?? '', code: o.countryId } : undefined;
  const num = (/** @type {any} */ v) => (v === undefined || v === null ? undefined : Number(v));
  return {
    id: o.id,
    customerName: [a.customer_first_name, a.customer_last_name].filter(Boolean).join(' '),
    customerEmail: a.customer_email ?? '',
    note: a.customer_note ?? '',
    address: {
      firstName: a.customer_first_name ?? '',
      lastName: a.customer_last_name ?? '',
      company: '',
      address1: a.shipping_address_1 ?? '',
      address2: a.shipping_address_2 ?? '',
      city: a.shipping_city ?? '',
      state: a.shipping_state ?? '',
      zip: a.shipping_zip ?? '',
      countryName: a.shipping_country_name ?? country?.name ?? '',
      countryCode: country?.code ?? '',
      phone: a.customer_phone_number ?? '',
    },
    shippingStatus: a.shipping_status ?? '',
    paymentStatus: a.payment_status ?? '',
    createdAt: iso(o.createdMs),
    updatedAt: iso(o.updatedMs),
    completedAt: o.completedMs === null ? '' : iso(o.completedMs),
    total: num(a.total),
    itemTotal: num(a.item_total),
    shippingTotal: num(a.shipping_total),
    discountTotal: num(a.discount_total),
    taxTotal: num(a.tax_total),
    currency: o.currency,
    items: o.items.map((it) => {
      const refs = liveRefs(state, it);
      return {
        id: it.id,
        productId: refs.productId,
        optionId: refs.optionId,
        productName: it.name,
        optionName: it.optionName,
        quantity: it.quantity,
        price: it.price,
        imageUrl: it.image,
      };
    }),
    events: state.eventsOf(o).map((e) => ({ at: iso(e.ms), text: e.text })),
  };
}

// ---- formatting --------------------------------------------------------------------------------
const SIGNS = /** @type {Record<string, string>} */ ({ GBP: '\u00a3', USD: '$', EUR: '\u20ac' });
/** @param {number | undefined} n @param {string} [currency] */
export function money(n, currency = 'GBP') {
  if (n === undefined || Number.isNaN(n)) return '';
  const sign = SIGNS[currency] ?? `${currency} `;
  return `${n < 0 ? '-' : ''}${sign}${Math.abs(n).toFixed(2)}`;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "20 Nov 2026 at 14:02" (UTC). @param {string | undefined} s */
export function when(s) {
  if (!s) return '';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${hh}:${mm}`;
}
/** @param {string | undefined} s */
function shortDate(s) {
  if (!s) return '';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}
/** @param {string | undefined} s */
const cap = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');

/** @param {string} href @param {string} [q] extra query (e.g. "layout=cards") */
function withQuery(href, q) {
  if (!q) return href;
  return href + (href.includes('?') ? '&' : '?') + q;
}

// ---- page shell --------------------------------------------------------------------------------
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#222;background:#f4f4f2}
a{color:#1b6ac9;text-decoration:none}a:hover{text-decoration:underline}
.topbar{display:flex;align-items:center;gap:24px;height:52px;padding:0 24px;background:#111;color:#fff}
.topbar .brand{font-weight:800;letter-spacing:.5px;color:#fff}
.topbar nav a{color:#ccc;margin-right:18px}.topbar nav a.active{color:#fff;font-weight:600}
.topbar .store{margin-left:auto;color:#aaa;font-size:13px}
.page{max-width:1120px;margin:24px auto;padding:0 24px}
.breadcrumbs{color:#777;font-size:13px;margin-bottom:8px}
.page-header{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.page-header h1{font-size:24px;margin:0}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;background:#e4e4e0;color:#444}
.badge.unshipped{background:#fff1d6;color:#8a5a00}.badge.shipped{background:#dcf3e4;color:#17643a}
.muted{color:#777}
.layout{display:grid;grid-template-columns:2fr 1fr;gap:20px;margin-top:18px}
.panel{background:#fff;border:1px solid #e2e2de;border-radius:6px;padding:16px 18px;margin-bottom:20px}
.panel h2{font-size:15px;margin:0 0 12px}
table.table{width:100%;border-collapse:collapse}
table.table th{font-size:12px;text-transform:uppercase;color:#777;text-align:left;border-bottom:1px solid #e2e2de;padding:8px 6px}
table.table td{padding:10px 6px;border-bottom:1px solid #f0f0ec;vertical-align:middle}
td.num,th.num{text-align:right}
td.thumb img,.item-card img{width:40px;height:40px;object-fit:cover;border-radius:4px;background:#eee}
.totals{margin-top:12px;margin-left:auto;width:260px}.totals div{display:flex;justify-content:space-between;padding:2px 0}
.totals .grand{font-weight:700;border-top:1px solid #e2e2de;margin-top:4px;padding-top:6px}
.item-cards{display:flex;flex-direction:column;gap:10px}
.item-card{display:flex;gap:12px;align-items:center;border:1px solid #eee;border-radius:6px;padding:10px}
.item-card__body{flex:1;display:flex;flex-direction:column}
.item-card__title{font-weight:600}.item-card__variant{color:#666;font-size:13px}
.item-card__meta{display:flex;gap:16px;color:#444;font-size:13px}
.activity ol{list-style:none;margin:0;padding:0}.activity li{padding:6px 0;border-bottom:1px solid #f0f0ec}
.activity time{display:block;color:#888;font-size:12px}
.pager{display:flex;justify-content:space-between;margin:8px 0 40px}
.tabs{display:flex;gap:4px;margin:16px 0}.tabs a{padding:6px 12px;border-radius:4px;color:#444}
.tabs a.active{background:#111;color:#fff}
.toolbar{display:flex;justify-content:space-between;align-items:center}
.toolbar input{padding:6px 10px;border:1px solid #ccc;border-radius:4px;width:240px}
.order-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px}
.order-card{background:#fff;border:1px solid #e2e2de;border-radius:6px;padding:12px}
.loading{color:#999;font-style:italic}
.notes p{white-space:pre-wrap;margin:0}
.option-cards{display:flex;flex-direction:column;gap:8px}
.option-card{display:flex;flex-direction:column;border:1px solid #eee;border-radius:6px;padding:10px}
.option-card__name{font-weight:600}.option-card__meta{color:#666;font-size:13px}
address{font-style:normal}
`;

const NAV = [
  ['Dashboard', '/'],
  ['Orders', '/orders'],
  ['Products', '/products'],
  ['Customers', '/customers'],
  ['Stats', '/stats'],
  ['Settings', '/settings'],
];

/**
 * @param {{ title: string, main: Raw, active: string, storeName?: string, layout: string, q?: string, scripts?: Raw[] }} p
 */
function shell(p) {
  const spa = p.layout === 'spa';
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<link rel="icon" href="/favicon.svg">
<style>${raw(CSS)}</style>
</head>
<body class="admin layout-${p.layout}" data-layout="${p.layout}">
<header class="topbar">
  <a class="brand" href="${withQuery('/', p.q)}">BIG CARTEL</a>
  <nav aria-label="Admin">${NAV.map(([label, href]) => html`<a href="${withQuery(/** @type {string} */ (href), p.q)}" class="${label === p.active ? 'active' : ''}"${raw(spa && (href === '/orders' || href === '/products') ? ' data-spa-link' : '')}>${label}</a>`)}</nav>
  <span class="store">${p.storeName ?? 'Moth Merch'} \u00b7 <a href="https://mothmerch.bigcartel.com" style="color:#aaa">View store</a></span>
</header>
<main id="app" class="page">
${p.main}
</main>
${raw(spa ? `<script>${SPA_SCRIPT}</script>` : '')}
${p.scripts ?? []}
</body>
</html>
`.s;
}

// ---- items -------------------------------------------------------------------------------------
/** @param {ViewItem} it @param {string} q */
function productLink(it, q) {
  return it.productId
    ? html`<a href="${withQuery(`/products/${encodeURIComponent(it.productId)}`, q)}">${it.productName}</a>`
    : html`<span class="deleted-product">${it.productName}</span>`;
}

/** @param {ViewItem[]} items @param {string} currency @param {string} q */
function itemsTable(items, currency, q) {
  return html`<table class="table order-items">
  <thead><tr><th colspan="2">Product</th><th>Option</th><th class="num">Qty</th><th class="num">Price</th><th class="num">Total</th></tr></thead>
  <tbody>
${items.map(
  (it) => html`    <tr class="order-item" id="order_item_${it.id}">
      <td class="thumb">${it.imageUrl ? html`<img src="${it.imageUrl}" alt="">` : ''}</td>
      <td class="product">${productLink(it, q)}</td>
      <td class="option">${it.optionName}</td>
      <td class="num quantity">${it.quantity}</td>
      <td class="num price">${money(it.price, currency)}</td>
      <td class="num">${money(it.price * it.quantity, currency)}</td>
    </tr>
`,
)}  </tbody>
</table>`;
}

/** @param {ViewItem[]} items @param {string} currency */
function itemsCards(items, currency) {
  return html`<div class="item-cards">
${items.map(
  (it, i) => html`  <div class="item-card">
    <div class="item-card__media">${it.imageUrl ? html`<img src="${it.imageUrl}" alt="">` : ''}</div>
    <div class="item-card__body">
      <span class="item-card__title">${it.productName}</span>
      ${it.optionName ? html`<span class="item-card__variant">${it.optionName}</span>` : ''}
      <div class="item-card__meta"><span class="item-card__qty">${i % 2 === 0 ? `Qty: ${it.quantity}` : `\u00d7 ${it.quantity}`}</span><span class="item-card__price">${money(it.price, currency)} each</span></div>
    </div>
  </div>
`,
)}</div>`;
}

/** Items as plain data for the client-side renderers. @param {ViewItem[]} items @param {string} currency @param {string} q */
function itemsData(items, currency, q) {
  return items.map((it) => ({
    id: it.id,
    name: it.productName,
    option: it.optionName,
    quantity: it.quantity,
    price: money(it.price, currency),
    total: money(it.price * it.quantity, currency),
    image: it.imageUrl ?? null,
    href: it.productId ? withQuery(`/products/${encodeURIComponent(it.productId)}`, q) : null,
  }));
}

// Shared client code: builds the items table with DOM APIs and textContent only.
const CLIENT_ITEMS = `
function bcEl(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = String(text); return e; }
function bcItemsTable(items) {
  var t = bcEl('table', 'table order-items');
  var head = bcEl('thead'); var hr = bcEl('tr');
  [['Product', 2], ['Option'], ['Qty', 0, 'num'], ['Price', 0, 'num'], ['Total', 0, 'num']].forEach(function (h) {
    var th = bcEl('th', h[2] || '', h[0]); if (h[1]) th.colSpan = h[1]; hr.appendChild(th);
  });
  head.appendChild(hr); t.appendChild(head);
  var body = bcEl('tbody');
  items.forEach(function (it) {
    var tr = bcEl('tr', 'order-item'); tr.id = 'order_item_' + it.id;
    var th = bcEl('td', 'thumb'); if (it.image) { var img = bcEl('img'); img.src = it.image; img.alt = ''; th.appendChild(img); } tr.appendChild(th);
    var name = bcEl('td', 'product');
    if (it.href) { var a = bcEl('a', '', it.name); a.href = it.href; name.appendChild(a); } else name.appendChild(bcEl('span', 'deleted-product', it.name));
    tr.appendChild(name);
    tr.appendChild(bcEl('td', 'option', it.option));
    tr.appendChild(bcEl('td', 'num quantity', it.quantity));
    tr.appendChild(bcEl('td', 'num price', it.price));
    tr.appendChild(bcEl('td', 'num', it.total));
    body.appendChild(tr);
  });
  t.appendChild(body);
  return t;
}
`;

const SHADOW_CSS = `:host{display:block}
.row{display:grid;grid-template-columns:48px 1fr 140px 60px 90px;gap:8px;align-items:center;padding:10px 4px;border-bottom:1px solid #f0f0ec}
.head{font-size:12px;text-transform:uppercase;color:#777}
img{width:40px;height:40px;object-fit:cover;border-radius:4px}
.name{font-weight:600}.option{color:#555}.qty,.price{text-align:right}`;

const SHADOW_SCRIPT = `
if (!customElements.get('bc-order-items')) customElements.define('bc-order-items', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    var root = this.attachShadow({ mode: 'open' });
    var src = document.getElementById(this.getAttribute('data-source'));
    var items = JSON.parse(src ? src.textContent : '[]');
    var style = document.createElement('style'); style.textContent = ${JSON.stringify(SHADOW_CSS)}; root.appendChild(style);
    var list = bcEl('div', 'items'); list.setAttribute('role', 'list');
    var head = bcEl('div', 'row head'); ['', 'Product', 'Option', 'Qty', 'Price'].forEach(function (h) { head.appendChild(bcEl('span', '', h)); }); list.appendChild(head);
    items.forEach(function (it) {
      var row = bcEl('div', 'row item'); row.setAttribute('role', 'listitem'); row.setAttribute('part', 'item');
      var m = bcEl('span', 'media'); if (it.image) { var img = bcEl('img'); img.src = it.image; img.alt = ''; m.appendChild(img); } row.appendChild(m);
      row.appendChild(bcEl('span', 'name', it.name));
      row.appendChild(bcEl('span', 'option', it.option));
      row.appendChild(bcEl('span', 'qty', it.quantity));
      row.appendChild(bcEl('span', 'price', it.price));
      list.appendChild(row);
    });
    root.appendChild(list);
  }
});
`;

/** @param {ViewItem[]} items @param {string} currency @param {string} layout @param {string} q */
function itemsBlock(items, currency, layout, q) {
  if (layout === 'cards') return { markup: itemsCards(items, currency), scripts: [] };
  if (layout === 'shadow') {
    return {
      markup: html`<bc-order-items data-source="bc-order-items-data"></bc-order-items>
<script type="application/json" id="bc-order-items-data">${raw(scriptJson(itemsData(items, currency, q)))}</script>`,
      scripts: [html`<script>${raw(CLIENT_ITEMS + SHADOW_SCRIPT)}</script>`],
    };
  }
  if (layout === 'delayed') {
    return {
      markup: html`<div id="order-items" class="order-items-slot"><p class="loading">Loading items\u2026</p></div>
<script type="application/json" id="bc-order-items-data">${raw(scriptJson(itemsData(items, currency, q)))}</script>`,
      scripts: [
        html`<script>${raw(CLIENT_ITEMS)}
window.addEventListener('load', function () {
  setTimeout(function () {
    var slot = document.getElementById('order-items');
    var items = JSON.parse(document.getElementById('bc-order-items-data').textContent);
    slot.replaceChildren(bcItemsTable(items));
    slot.setAttribute('data-loaded', 'true');
  }, ${DELAY_MS});
});</script>`,
      ],
    };
  }
  return { markup: itemsTable(items, currency, q), scripts: [] };
}

// ---- one order ---------------------------------------------------------------------------------
/**
 * @param {ViewOrder} o
 * @returns {{ at: string, text: string }[]}
 */
function activity(o) {
  if (o.events?.length) return o.events;
  const out = [];
  if (o.createdAt) out.push({ at: o.createdAt, text: 'Order placed' });
  if (o.completedAt) out.push({ at: o.completedAt, text: 'Payment completed' });
  if (o.shippingStatus === 'shipped') out.push({ at: o.updatedAt ?? '', text: 'Marked as shipped' });
  return out;
}

/**
 * The <main> content of one order page.
 * @param {ViewOrder} o
 * @param {{ layout: string, prevId?: string | null, nextId?: string | null, q: string }} opts
 */
function orderMain(o, opts) {
  const currency = o.currency ?? 'GBP';
  const spa = opts.layout === 'spa' ? raw(' data-spa-link') : '';
  const items = itemsBlock(o.items, currency, opts.layout === 'spa' ? 'table' : opts.layout, opts.q);
  const a = o.address ?? {};
  const status = o.shippingStatus || 'unknown';
  const main = html`<div class="order-page" data-page="order">
<div class="breadcrumbs"><a href="${withQuery('/orders', opts.q)}"${spa}>Orders</a> / <span>${o.id}</span></div>
<div class="page-header">
  <h1>Order #${o.id}</h1>
  <span class="badge ${status}">${cap(status)}</span>
  ${o.paymentStatus ? html`<span class="badge payment">${o.paymentStatus === 'completed' ? 'Paid' : cap(o.paymentStatus)}</span>` : ''}
</div>
<div class="muted">Placed ${when(o.createdAt)}</div>
<div class="layout">
  <div>
    <section class="panel items">
      <h2>Items</h2>
      ${items.markup}
      <div class="totals">
        <div><span>Subtotal</span><span>${money(o.itemTotal ?? o.items.reduce((s, it) => s + it.price * it.quantity, 0), currency)}</span></div>
        ${o.discountTotal ? html`<div><span>Discount</span><span>-${money(o.discountTotal, currency)}</span></div>` : ''}
        ${o.shippingTotal !== undefined ? html`<div><span>Shipping</span><span>${money(o.shippingTotal, currency)}</span></div>` : ''}
        ${o.taxTotal ? html`<div><span>Tax</span><span>${money(o.taxTotal, currency)}</span></div>` : ''}
        <div class="grand"><span>Total</span><span>${money(o.total, currency)}</span></div>
      </div>
    </section>
    <section class="panel activity">
      <h2>Activity</h2>
      <ol>
${activity(o).map(
  (e) => html`        <li><time datetime="${e.at}">${when(e.at)}</time>${e.text}</li>
`,
)}      </ol>
    </section>
  </div>
  <aside>
    <section class="panel customer">
      <h2>Customer</h2>
      <p class="customer-name"><strong>${o.customerName}</strong></p>
      ${o.customerEmail ? html`<p><a href="mailto:${o.customerEmail}">${o.customerEmail}</a></p>` : ''}
      ${a.phone ? html`<p>${a.phone}</p>` : ''}
    </section>
    <section class="panel shipping-address">
      <h2>Shipping address</h2>
      <address>
        ${[
          [a.firstName, a.lastName].filter(Boolean).join(' '),
          a.company,
          a.address1,
          a.address2,
          [a.city, a.state].filter(Boolean).join(', '),
          a.zip,
          a.countryName,
        ]
          .filter(Boolean)
          .map((line, i) => html`${i ? raw('<br>') : ''}${line}`)}
      </address>
    </section>
    <section class="panel notes">
      <h2>Notes</h2>
      ${o.note ? html`<p class="customer-note">${o.note}</p>` : html`<p class="muted">No notes from the customer.</p>`}
    </section>
  </aside>
</div>
<nav class="pager" aria-label="Order navigation">
  <span>${opts.prevId ? html`<a rel="prev" href="${withQuery(`/orders/${encodeURIComponent(opts.prevId)}`, opts.q)}"${spa}>\u2190 Previous order</a>` : ''}</span>
  <a href="${withQuery('/orders', opts.q)}"${spa}>All orders</a>
  <span>${opts.nextId ? html`<a rel="next" href="${withQuery(`/orders/${encodeURIComponent(opts.nextId)}`, opts.q)}"${spa}>Next order \u2192</a>` : ''}</span>
</nav>
</div>`;
  return { main, scripts: items.scripts };
}

/**
 * Full HTML of one order's admin page.
 * @param {any} order a BcOrder-like object (lib/types.ts) or a JSON:API order document
 * @param {{ layout?: string, prevId?: string | null, nextId?: string | null, storeName?: string,
 *   linkQuery?: string }} [opts] linkQuery is appended to internal links (e.g. "layout=cards")
 * @returns {string}
 */
export function renderOrderPage(order, opts = {}) {
  const o = toViewOrder(order);
  const layout = LAYOUTS.includes(opts.layout ?? '') ? /** @type {string} */ (opts.layout) : 'table';
  const q = opts.linkQuery ?? '';
  const { main, scripts } = orderMain(o, { layout, prevId: opts.prevId, nextId: opts.nextId, q });
  return shell({
    title: `Order #${o.id} | ${opts.storeName ?? 'Moth Merch'} | Big Cartel`,
    main,
    active: 'Orders',
    storeName: opts.storeName,
    layout,
    q,
    scripts,
  });
}

// ---- orders list -------------------------------------------------------------------------------
/**
 * @param {ViewOrder[]} orders
 * @param {{ layout: string, q: string, status?: string, search?: string, page?: number, pages?: number, total?: number }} opts
 */
function listMain(orders, opts) {
  const spa = opts.layout === 'spa' ? raw(' data-spa-link') : '';
  const tab = (/** @type {string} */ label, /** @type {string} */ value) => {
    const href = withQuery(value ? `/orders?shipping_status=${value}` : '/orders', opts.q);
    return html`<a href="${href}" class="${(opts.status ?? '') === value ? 'active' : ''}"${spa}>${label}</a>`;
  };
  const rows = orders.map((o) => ({
    id: o.id,
    href: withQuery(`/orders/${encodeURIComponent(o.id)}`, opts.q),
    date: shortDate(o.createdAt),
    customer: o.customerName,
    items: o.items.reduce((s, it) => s + it.quantity, 0),
    total: money(o.total, o.currency ?? 'GBP'),
    status: o.shippingStatus ?? '',
  }));
  /** @type {Raw} */
  let listMarkup;
  /** @type {Raw[]} */
  const scripts = [];
  const tableMarkup = html`<table class="table orders-table">
  <thead><tr><th>Order</th><th>Date</th><th>Customer</th><th class="num">Items</th><th class="num">Total</th><th>Status</th></tr></thead>
  <tbody>
${rows.map(
  (r) => html`    <tr class="order-row" id="order_${r.id}">
      <td><a href="${r.href}"${spa}>#${r.id}</a></td>
      <td>${r.date}</td>
      <td>${r.customer}</td>
      <td class="num">${r.items}</td>
      <td class="num">${r.total}</td>
      <td><span class="badge ${r.status}">${cap(r.status)}</span></td>
    </tr>
`,
)}  </tbody>
</table>`;
  if (opts.layout === 'cards') {
    listMarkup = html`<div class="order-cards">
${rows.map(
  (r) => html`  <div class="order-card">
    <div><a href="${r.href}"><strong>#${r.id}</strong></a> <span class="badge ${r.status}">${cap(r.status)}</span></div>
    <div><span class="order-card__customer">${r.customer}</span></div>
    <div class="muted"><span>${r.date}</span> \u00b7 <span>${r.items} item${r.items === 1 ? '' : 's'}</span> \u00b7 <span>${r.total}</span></div>
  </div>
`,
)}</div>`;
  } else if (opts.layout === 'shadow' || opts.layout === 'delayed') {
    listMarkup = html`<div id="orders-list" class="orders-slot">${opts.layout === 'delayed' ? html`<p class="loading">Loading orders\u2026</p>` : ''}</div>
<script type="application/json" id="bc-orders-data">${raw(scriptJson(rows))}</script>`;
    const build = `
function bcOrdersTable(rows) {
  var t = bcEl('table', 'table orders-table'); var hr = bcEl('tr');
  ['Order', 'Date', 'Customer', 'Items', 'Total', 'Status'].forEach(function (h) { hr.appendChild(bcEl('th', '', h)); });
  var head = bcEl('thead'); head.appendChild(hr); t.appendChild(head);
  var body = bcEl('tbody');
  rows.forEach(function (r) {
    var tr = bcEl('tr', 'order-row'); var td = bcEl('td'); var a = bcEl('a', '', '#' + r.id); a.href = r.href; td.appendChild(a); tr.appendChild(td);
    [r.date, r.customer, r.items, r.total, r.status].forEach(function (v) { tr.appendChild(bcEl('td', '', v)); });
    body.appendChild(tr);
  });
  t.appendChild(body); return t;
}
var bcRows = JSON.parse(document.getElementById('bc-orders-data').textContent);`;
    scripts.push(
      opts.layout === 'shadow'
        ? html`<script>${raw(`${CLIENT_ITEMS}${build}
if (!customElements.get('bc-orders-table')) customElements.define('bc-orders-table', class extends HTMLElement {
  connectedCallback() { if (this.shadowRoot) return; var root = this.attachShadow({ mode: 'open' });
    var style = document.createElement('style'); style.textContent = 'table{width:100%;border-collapse:collapse}td,th{padding:8px 6px;border-bottom:1px solid #eee;text-align:left}'; root.appendChild(style);
    root.appendChild(bcOrdersTable(bcRows)); }
});
document.getElementById('orders-list').appendChild(document.createElement('bc-orders-table'));`)}</script>`
        : html`<script>${raw(`${CLIENT_ITEMS}${build}
window.addEventListener('load', function () { setTimeout(function () {
  var slot = document.getElementById('orders-list'); slot.replaceChildren(bcOrdersTable(bcRows)); slot.setAttribute('data-loaded', 'true');
}, ${DELAY_MS}); });`)}</script>`,
    );
  } else listMarkup = tableMarkup;
  const page = opts.page ?? 1;
  const pages = opts.pages ?? 1;
  const pageHref = (/** @type {number} */ n) => {
    const params = new URLSearchParams();
    if (opts.status) params.set('shipping_status', opts.status);
    if (opts.search) params.set('search', opts.search);
    params.set('page', String(n));
    return withQuery(`/orders?${params}`, opts.q);
  };
  const main = html`<div class="orders-page" data-page="orders">
<div class="toolbar">
  <h1>Orders</h1>
  <form method="get" action="/orders" role="search">
    ${opts.q ? html`<input type="hidden" name="layout" value="${new URLSearchParams(opts.q).get('layout') ?? ''}">` : ''}
    <input type="search" name="search" placeholder="Search orders" aria-label="Search orders" value="${opts.search ?? ''}">
  </form>
</div>
<nav class="tabs" aria-label="Order status">${tab('All', '')}${tab('Unshipped', 'unshipped')}${tab('Shipped', 'shipped')}</nav>
<section class="panel">
${orders.length ? listMarkup : html`<p class="muted">No orders here yet.</p>`}
</section>
<nav class="pager" aria-label="Pages">
  <span>${page > 1 ? html`<a href="${pageHref(page - 1)}"${spa}>\u2190 Newer</a>` : ''}</span>
  <span class="muted">Page ${page} of ${pages}${opts.total !== undefined ? ` \u00b7 ${opts.total} orders` : ''}</span>
  <span>${page < pages ? html`<a href="${pageHref(page + 1)}"${spa}>Older \u2192</a>` : ''}</span>
</nav>
</div>`;
  return { main, scripts };
}

/**
 * Full HTML of the orders list.
 * @param {any[] | { data: any[], included?: any[] }} orders BcOrder-like objects or a JSON:API list document
 * @param {{ layout?: string, storeName?: string, linkQuery?: string, status?: string, search?: string,
 *   page?: number, pages?: number, total?: number }} [opts]
 * @returns {string}
 */
export function renderOrdersList(orders, opts = {}) {
  const list = Array.isArray(orders) ? orders.map(toViewOrder) : ordersFromJsonApi(orders);
  const layout = LAYOUTS.includes(opts.layout ?? '') ? /** @type {string} */ (opts.layout) : 'table';
  const q = opts.linkQuery ?? '';
  const { main, scripts } = listMain(list, { ...opts, layout, q });
  return shell({
    title: `Orders | ${opts.storeName ?? 'Moth Merch'} | Big Cartel`,
    main,
    active: 'Orders',
    storeName: opts.storeName,
    layout,
    q,
    scripts,
  });
}

// ---- products ----------------------------------------------------------------------------------
/**
 * @typedef {{ id: string, name: string, permalink?: string, status?: string, imageUrl?: string | null,
 *   price?: number, options: { id: string, name: string, price?: number, sold?: number | null }[] }} ViewProduct
 */

/** Options as plain data for the client-side renderers. @param {ViewProduct} p @param {string} currency */
function optionsData(p, currency) {
  return p.options.map((o) => ({
    id: o.id,
    name: o.name,
    price: money(o.price ?? p.price, currency),
    sold: o.sold ?? '',
  }));
}

const OPTIONS_SHADOW_CSS = `:host{display:block}
.row{display:grid;grid-template-columns:1fr 90px 60px;gap:8px;align-items:center;padding:10px 4px;border-bottom:1px solid #f0f0ec}
.head{font-size:12px;text-transform:uppercase;color:#777}.name{font-weight:600}.price,.sold{text-align:right}`;

// Client code for the option lists built in the page (textContent only).
const CLIENT_OPTIONS = `
function bcOptionEl(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = String(text); return e; }
function bcOptionsTable(options) {
  var t = bcOptionEl('table', 'table options-table'); var head = bcOptionEl('thead'); var hr = bcOptionEl('tr');
  [['Option', ''], ['Price', 'num'], ['Sold', 'num']].forEach(function (h) { hr.appendChild(bcOptionEl('th', h[1], h[0])); });
  head.appendChild(hr); t.appendChild(head);
  var body = bcOptionEl('tbody');
  options.forEach(function (o) {
    var tr = bcOptionEl('tr', 'product-option'); tr.id = 'option_' + o.id;
    tr.appendChild(bcOptionEl('td', 'option-name', o.name)); tr.appendChild(bcOptionEl('td', 'num', o.price)); tr.appendChild(bcOptionEl('td', 'num', o.sold));
    body.appendChild(tr);
  });
  t.appendChild(body); return t;
}
`;

const OPTIONS_SHADOW_SCRIPT = `
if (!customElements.get('bc-product-options')) customElements.define('bc-product-options', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    var root = this.attachShadow({ mode: 'open' });
    var src = document.getElementById(this.getAttribute('data-source'));
    var options = JSON.parse(src ? src.textContent : '[]');
    var style = document.createElement('style'); style.textContent = ${JSON.stringify(OPTIONS_SHADOW_CSS)}; root.appendChild(style);
    var list = bcOptionEl('div', 'options'); list.setAttribute('role', 'list');
    var head = bcOptionEl('div', 'row head'); ['Option', 'Price', 'Sold'].forEach(function (h) { head.appendChild(bcOptionEl('span', '', h)); }); list.appendChild(head);
    options.forEach(function (o) {
      var row = bcOptionEl('div', 'row option'); row.setAttribute('role', 'listitem');
      row.appendChild(bcOptionEl('span', 'name', o.name)); row.appendChild(bcOptionEl('span', 'price', o.price)); row.appendChild(bcOptionEl('span', 'sold', o.sold));
      list.appendChild(row);
    });
    root.appendChild(list);
  }
});
`;

/**
 * The options block of a product page in each layout (see LAYOUTS).
 * @param {ViewProduct} p @param {string} currency @param {string} layout
 * @returns {{ markup: Raw, scripts: Raw[] }}
 */
function optionsBlock(p, currency, layout) {
  if (!p.options.length) return { markup: html`<p class="muted">This product has no options.</p>`, scripts: [] };
  const data = html`<script type="application/json" id="bc-product-options-data">${raw(scriptJson(optionsData(p, currency)))}</script>`;
  if (layout === 'cards') {
    return {
      markup: html`<div class="option-cards">
${p.options.map(
  (o, i) => html`  <div class="option-card" id="option_${o.id}">
    <span class="option-card__name">${o.name}</span>
    <span class="option-card__meta">${money(o.price ?? p.price, currency)} \u00b7 ${i % 2 === 0 ? `${o.sold ?? 0} sold` : `Sold: ${o.sold ?? 0}`}</span>
  </div>
`,
)}</div>`,
      scripts: [],
    };
  }
  if (layout === 'shadow') {
    return {
      markup: html`<bc-product-options data-source="bc-product-options-data"></bc-product-options>
${data}`,
      scripts: [html`<script>${raw(CLIENT_OPTIONS + OPTIONS_SHADOW_SCRIPT)}</script>`],
    };
  }
  if (layout === 'delayed') {
    return {
      markup: html`<div id="product-options" class="options-slot"><p class="loading">Loading options\u2026</p></div>
${data}`,
      scripts: [
        html`<script>${raw(CLIENT_OPTIONS)}
window.addEventListener('load', function () {
  setTimeout(function () {
    var slot = document.getElementById('product-options');
    slot.replaceChildren(bcOptionsTable(JSON.parse(document.getElementById('bc-product-options-data').textContent)));
    slot.setAttribute('data-loaded', 'true');
  }, ${DELAY_MS});
});</script>`,
      ],
    };
  }
  return {
    markup: html`<table class="table options-table">
      <thead><tr><th>Option</th><th class="num">Price</th><th class="num">Sold</th></tr></thead>
      <tbody>
${p.options.map(
  (
    o,
  ) => html`        <tr class="product-option" id="option_${o.id}"><td class="option-name">${o.name}</td><td class="num">${money(o.price ?? p.price, currency)}</td><td class="num">${o.sold ?? ''}</td></tr>
`,
)}      </tbody>
    </table>`,
    scripts: [],
  };
}

/**
 * The <main> content (and scripts) of one product page.
 * @param {ViewProduct} p @param {{ layout: string, q: string, currency?: string }} opts
 * @returns {{ main: Raw, scripts: Raw[] }}
 */
function productMain(p, opts) {
  const spa = opts.layout === 'spa' ? raw(' data-spa-link') : '';
  const currency = opts.currency ?? 'GBP';
  const options = optionsBlock(p, currency, opts.layout === 'spa' ? 'table' : opts.layout);
  const main = html`<div class="product-page" data-page="product">
<div class="breadcrumbs"><a href="${withQuery('/products', opts.q)}"${spa}>Products</a> / <span>${p.name}</span></div>
<div class="page-header"><h1 class="product-name">${p.name}</h1>${p.status ? html`<span class="badge">${cap(p.status.replace('_', ' '))}</span>` : ''}</div>
<div class="layout">
  <section class="panel product-options">
    <h2>Options</h2>
    ${options.markup}
  </section>
  <aside>
    <section class="panel">
      <h2>Details</h2>
      ${p.imageUrl ? html`<p><img src="${p.imageUrl}" alt="" style="width:100%;border-radius:6px"></p>` : ''}
      <p>Price: ${money(p.price, currency)}</p>
      ${p.permalink ? html`<p class="muted">/product/${p.permalink}</p>` : ''}
    </section>
  </aside>
</div>
</div>`;
  return { main, scripts: options.scripts };
}

/**
 * Full HTML of one product's admin page.
 * @param {ViewProduct} product
 * @param {{ layout?: string, storeName?: string, linkQuery?: string, currency?: string }} [opts]
 */
export function renderProductPage(product, opts = {}) {
  const layout = LAYOUTS.includes(opts.layout ?? '') ? /** @type {string} */ (opts.layout) : 'table';
  const q = opts.linkQuery ?? '';
  const { main, scripts } = productMain(product, { layout, q, currency: opts.currency });
  return shell({
    title: `${product.name} | Products | Big Cartel`,
    main,
    active: 'Products',
    storeName: opts.storeName,
    layout,
    q,
    scripts,
  });
}

/** @param {ViewProduct[]} products @param {{ layout: string, q: string, currency?: string }} opts */
function productsMain(products, opts) {
  const spa = opts.layout === 'spa' ? raw(' data-spa-link') : '';
  return html`<div class="products-page" data-page="products">
<h1>Products</h1>
<section class="panel">
<table class="table products-table">
  <thead><tr><th>Product</th><th>Status</th><th class="num">Price</th><th class="num">Options</th></tr></thead>
  <tbody>
${products.map(
  (
    p,
  ) => html`    <tr><td><a href="${withQuery(`/products/${encodeURIComponent(p.id)}`, opts.q)}"${spa}>${p.name}</a></td><td>${cap(p.status ?? '')}</td><td class="num">${money(p.price, opts.currency ?? 'GBP')}</td><td class="num">${p.options.length}</td></tr>
`,
)}  </tbody>
</table>
</section>
</div>`;
}

// ---- SPA navigation ----------------------------------------------------------------------------
const SPA_SCRIPT = `
(function () {
  var app = document.getElementById('app');
  function go(href, push) {
    var u = new URL(href, location.href);
    var f = new URL(u.href); f.searchParams.set('fragment', '1'); if (!f.searchParams.get('layout')) f.searchParams.set('layout', 'spa');
    return fetch(f.href, { headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); }).then(function (page) {
      if (push) history.pushState({ spa: true }, '', u.pathname + u.search);
      app.innerHTML = page.html; // server-rendered, every value escaped
      document.title = page.title;
      window.scrollTo(0, 0);
      document.dispatchEvent(new CustomEvent('bc:navigated', { detail: { path: u.pathname } }));
    }).catch(function () { location.href = u.href; });
  }
  document.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest && e.target.closest('a[data-spa-link]');
    if (!a) return;
    e.preventDefault();
    go(a.getAttribute('href'), true);
  });
  window.addEventListener('popstate', function () { go(location.pathname + location.search, false); });
})();
`;

// ---- HTTP handler ------------------------------------------------------------------------------
/**
 * @param {import('./bigcartel.mjs').Ctx} ctx
 * @returns {import('./bigcartel.mjs').Reply}
 */
export function handleAdmin(ctx) {
  const { state, query: qs } = ctx;
  const path = ctx.path.replace(/\/+$/, '') || '/';
  const htmlReply = (/** @type {string} */ body, status = 200) => ({
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body,
  });
  if (path === '/favicon.svg' || path === '/favicon.ico') {
    return {
      status: 200,
      headers: { 'Content-Type': 'image/svg+xml' },
      body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#111"/></svg>',
    };
  }
  if (path.startsWith('/product_images/')) {
    const label = esc(path.split('/').pop() ?? '');
    return {
      status: 200,
      headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' },
      body: `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200"><rect width="200" height="200" fill="#d9d4cc"/><text x="100" y="105" font-size="16" text-anchor="middle" fill="#555">${label}</text></svg>`,
    };
  }
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return htmlReply('<h1>405 Method Not Allowed</h1>', 405);
  const asked = qs.get('layout');
  const layout = asked && LAYOUTS.includes(asked) ? asked : state.layout;
  const q = asked && LAYOUTS.includes(asked) ? `layout=${asked}` : '';
  const fragment = qs.get('fragment') === '1';
  const page = (
    /** @type {string} */ title,
    /** @type {{ main: Raw, scripts?: Raw[] }} */ content,
    /** @type {string} */ active,
  ) => {
    if (fragment) {
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
        body: JSON.stringify({ title, html: content.main.s }),
      };
    }
    return htmlReply(
      shell({
        title,
        main: content.main,
        active,
        storeName: state.account.store_name,
        layout,
        q,
        scripts: content.scripts,
      }),
    );
  };
  const store = state.account.store_name;
  if (path === '/') return { status: 302, headers: { Location: withQuery('/orders', q) }, body: '' };
  if (path === '/orders') {
    const status = qs.get('shipping_status') ?? '';
    const search = (qs.get('search') ?? '').trim().toLowerCase();
    const perPage = 50;
    const all = state.sorted('created');
    /** @type {OrderRec[]} */
    const matched = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const o = /** @type {OrderRec} */ (all[i]);
      if (status && o.attrs.shipping_status !== status) continue;
      if (
        search &&
        !`${o.id} ${o.attrs.customer_first_name ?? ''} ${o.attrs.customer_last_name ?? ''}`
          .toLowerCase()
          .includes(search)
      )
        continue;
      matched.push(o);
    }
    const pages = Math.max(1, Math.ceil(matched.length / perPage));
    const n = Math.min(pages, Math.max(1, Number(qs.get('page')) || 1));
    const views = matched.slice((n - 1) * perPage, n * perPage).map((o) => orderView(state, o));
    return page(
      `Orders | ${store} | Big Cartel`,
      listMain(views, { layout, q, status, search: qs.get('search') ?? '', page: n, pages, total: matched.length }),
      'Orders',
    );
  }
  const om = /^\/orders\/([^/]+)$/.exec(path);
  if (om) {
    const id = decodeURIComponent(/** @type {string} */ (om[1]));
    const o = state.orders.get(id);
    if (!o) return htmlReply(notFound(`Order ${id} was not found.`, layout, q, store), 404);
    const list = state.sorted('created');
    const i = list.indexOf(o);
    const prevId = list[i + 1]?.id ?? null; // newer
    const nextId = list[i - 1]?.id ?? null; // older
    return page(
      `Order #${id} | ${store} | Big Cartel`,
      orderMain(orderView(state, o), { layout, prevId, nextId, q }),
      'Orders',
    );
  }
  if (path === '/products') {
    return page(
      `Products | ${store} | Big Cartel`,
      { main: productsMain(state.liveProducts().map(productView), { layout, q, currency: state.account.currency }) },
      'Products',
    );
  }
  const pm = /^\/products\/([^/]+)$/.exec(path);
  if (pm) {
    const p = state.products.get(decodeURIComponent(/** @type {string} */ (pm[1])));
    if (!p || p.deleted) return htmlReply(notFound('That product was not found.', layout, q, store), 404);
    return page(
      `${p.name} | Products | Big Cartel`,
      productMain(productView(p), { layout, q, currency: state.account.currency }),
      'Products',
    );
  }
  return htmlReply(notFound('There is nothing here.', layout, q, store), 404);
}

/** @param {import('./seeds.mjs').ProductRec} p @returns {ViewProduct} */
function productView(p) {
  return {
    id: p.id,
    name: p.name,
    permalink: p.permalink,
    status: p.status,
    imageUrl: p.image,
    price: p.price,
    options: p.options.map((o) => ({ id: o.id, name: o.name, price: o.price, sold: o.sold })),
  };
}

/** @param {string} message @param {string} layout @param {string} q @param {string} store */
function notFound(message, layout, q, store) {
  return shell({
    title: `Not found | ${store} | Big Cartel`,
    main: html`<div class="panel"><h1>Not found</h1><p>${message}</p><p><a href="${withQuery('/orders', q)}">Back to orders</a></p></div>`,
    active: '',
    storeName: store,
    layout,
    q,
  });
}
