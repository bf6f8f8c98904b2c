// Seed data: the deterministic `demo` store (agreeing with /work/shared/fixtures), an `empty`
// store, and a `large` pseudo-random store for the benchmark.
import { prng, slug } from './util.mjs';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const ACCOUNT = {
  id: '4721901',
  subdomain: 'mothmerch',
  store_name: 'Moth Merch',
  contact_email: 'hello@mothmerch.example',
  first_name: 'Rosa',
  last_name: 'Vale',
  url: 'https://mothmerch.bigcartel.com',
  currency: 'GBP',
  country: 'GB',
};

/**
 * Big Cartel's countries: the ISO 3166 code is the resource id and the only attribute is the name
 * (`{"id": "GB", "type": "countries", "attributes": {"name": "United Kingdom"}}`).
 * @type {Record<string, string>} ISO code -> name
 */
export const COUNTRIES = {
  US: 'United States',
  GB: 'United Kingdom',
  DE: 'Germany',
  FR: 'France',
  IE: 'Ireland',
  CA: 'Canada',
  NL: 'Netherlands',
  AU: 'Australia',
};

/**
 * @typedef {{ id: string, name: string, price: number, quantity: number, sold: number, linked?: boolean }} OptionRec
 * @typedef {{ id: string, name: string, permalink: string, status: string, description: string,
 *   price: number, position: number, image: string | null, createdMs: number, updatedMs: number,
 *   options: OptionRec[], deleted: boolean }} ProductRec
 * @typedef {{ id?: string, productId: string | null, optionId: string | null, name?: string,
 *   optionName?: string, quantity: number, price?: number, image?: string | null,
 *   productType?: string, optionType?: string, shipCounts?: boolean }} ItemSpec
 * @typedef {{ id: string, createdMs: number, completedMs?: number | null, updatedMs?: number,
 *   customer: { first: string, last: string, email?: string, phone?: string },
 *   address: { address1: string, address2?: string, city: string, state?: string, zip: string },
 *   country: string, status?: string, payment?: string, note?: string, shipping?: number,
 *   discount?: number, tax?: number, items: ItemSpec[], omit?: string[],
 *   events?: { ms: number, text: string }[], shipments?: any[] }} OrderSpec
 */

/**
 * @param {string} id @param {string} name @param {number} price
 * @param {[string, string, number?, number?][]} options [id, name, price?, sold?]
 * @param {Partial<ProductRec>} [extra]
 * @returns {ProductRec}
 */
function product(id, name, price, options, extra = {}) {
  return {
    id,
    name,
    permalink: slug(name),
    status: 'active',
    description: '',
    price,
    position: 0,
    image: null,
    createdMs: 0,
    updatedMs: 0,
    options: options.map(([oid, oname, oprice, sold]) => ({
      id: oid,
      name: oname,
      price: oprice ?? price,
      quantity: 0,
      sold: sold ?? 0,
    })),
    deleted: false,
    ...extra,
  };
}

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const STICKER_NAME = 'Sticker Pack <3 & "Friends"';

/**
 * The demo store. Times are relative to `now` so "the last 30 days" means something.
 * @param {number} now
 */
export function demoSeed(now) {
  const products = [
    product(
      '330011',
      'Moth Logo Hoodie',
      35,
      [
        ['1180020', 'Black / M', 35, 14],
        ['1180021', 'Black / L', 35, 22],
        ['1180022', 'Black / XL', 37, 9],
      ],
      {
        description: 'Heavyweight hoodie, printed to order.',
        image: 'https://images.bigcartel.com/product_images/1/hoodie.jpg',
      },
    ),
    product(
      '330012',
      'Moth Tee',
      12,
      [
        ['1180030', 'Black / S', 12, 3],
        ['1180031', 'White / M', 12, 8],
        ['1180032', 'Black / M', 12, 17],
        ['1180033', 'Black / L', 12, 11],
        ['1180034', 'Black / XL', 13, 4],
      ],
      { description: 'Soft cotton tee.', image: 'https://images.bigcartel.com/product_images/2/tee.jpg' },
    ),
    // Products without options: the products API lists their one option as `Default`, while their
    // order items carry `product_option_name: ""`.
    product('330013', STICKER_NAME, 5, [['1180050', 'Default', 5, 12]], { description: 'Five vinyl stickers.' }),
    product(
      '330014',
      HOSTILE_NAME,
      20,
      [
        ['1180040', 'One Size', 20, 1],
        ['1180041', '"><script>alert("option")</script>', 20, 0],
      ],
      { description: 'A product whose name is markup: it must always appear as text.' },
    ),
    product('330015', 'Moth Tote Bag', 15, [['1180051', 'Default', 15, 3]], { description: 'Natural canvas tote.' }),
    product('330016', 'Night Moth Poster', 18, [
      ['1180060', 'A3', 18, 6],
      ['1180061', 'A2', 24, 2],
    ]),
    product('330017', 'Luna Moth Crewneck', 30, [
      ['1180070', 'Black / S', 30, 2],
      ['1180071', 'Black / M', 30, 5],
      ['1180072', 'Black / L', 30, 5],
      ['1180073', 'Black / XL', 32, 1],
    ]),
    // Same name as 330012 on purpose: two products called "Moth Tee".
    product(
      '330018',
      'Moth Tee',
      10,
      [
        ['1180080', 'Kids / 5-6', 10, 1],
        ['1180081', 'Kids / 7-8', 10, 2],
      ],
      { permalink: 'moth-tee-kids', description: 'The kids\u2019 cut.' },
    ),
    product('330019', 'Moth Enamel Pin', 8, [['1180090', 'Gold', 8, 30]], { status: 'sold_out' }),
    // Deleted: still referenced by MOTH-100237, absent from the API.
    product('330009', 'Retired Beanie', 14, [['1180009', 'Grey', 14, 40]], { deleted: true }),
  ];
  products.forEach((p, i) => {
    p.position = i + 1;
    p.createdMs = now - (700 - i * 20) * DAY;
    p.updatedMs = now - (80 - i) * DAY;
  });

  const gb = (
    /** @type {string} */ a1,
    /** @type {string} */ city,
    /** @type {string} */ zip,
    a2 = '',
    state = '',
  ) => ({
    address1: a1,
    address2: a2,
    city,
    zip,
    state,
  });

  /** @type {OrderSpec[]} */
  const orders = [
    {
      // = fixtures/bigcartel/order.json
      id: 'MOTH-100234',
      createdMs: now - 2 * DAY,
      completedMs: now - 2 * DAY + 29_000,
      customer: { first: 'Ada', last: 'Lovelace', email: 'ada@example.org', phone: '+44 20 7946 0000' },
      address: gb('12 Analytical Row', 'London', 'N1 9GU', 'Flat 3', 'Greater London'),
      country: 'GB',
      note: 'Gift, please no invoice in the parcel',
      shipping: 4.5,
      items: [
        {
          id: '9001',
          productId: '330011',
          optionId: '1180021',
          quantity: 2,
          productType: 'products',
          optionType: 'product_options',
          shipCounts: true,
          image: 'https://images.bigcartel.com/product_images/1/hoodie.jpg',
        },
        {
          id: '9002',
          productId: '330012',
          optionId: '1180030',
          optionName: '',
          quantity: 1,
          productType: 'product',
          optionType: 'product_option',
          image: 'https://images.bigcartel.com/product_images/2/tee.jpg',
        },
        {
          id: '9003',
          productId: '330013',
          optionId: null,
          optionName: '',
          quantity: 1,
          productType: 'products',
          optionType: 'product_options',
          image: null,
        },
      ],
    },
    {
      // = first order of fixtures/bigcartel/orders-page.json (several attributes absent)
      id: 'MOTH-100235',
      createdMs: now - 36 * HOUR,
      customer: { first: 'Grace', last: 'Hopper', email: 'grace@example.org' },
      address: { address1: '1 Navy Yard', city: 'Arlington', state: 'VA', zip: '22202' },
      country: 'US',
      shipping: 9,
      omit: [
        'customer_phone_number',
        'customer_opted_in_to_marketing',
        'customer_note',
        'shipping_address_2',
        'shipping_latitude',
        'shipping_longitude',
      ],
      items: [{ id: '9010', productId: '330012', optionId: '1180031', quantity: 1, image: null }],
    },
    {
      // two items of the same product, different options
      id: 'MOTH-100236',
      createdMs: now - 20 * HOUR,
      customer: { first: 'Emmy', last: 'Noether', email: 'emmy@example.de', phone: '+49 551 0000000' },
      address: gb('Bunsenstra\u00dfe 3-5', 'G\u00f6ttingen', '37073', '', 'Niedersachsen'),
      country: 'DE',
      shipping: 8,
      // as Big Cartel's documented example: the country only as the relationship (id "DE")
      omit: ['shipping_country_id', 'shipping_country_name'],
      items: [
        { id: '9020', productId: '330011', optionId: '1180020', quantity: 1 },
        { id: '9021', productId: '330011', optionId: '1180022', quantity: 2 },
      ],
    },
    {
      // an item whose product was deleted (relationships null)
      id: 'MOTH-100237',
      createdMs: now - 16 * HOUR,
      customer: { first: 'Mary', last: 'Anning', email: 'mary@example.org', phone: '+44 1297 000000' },
      address: gb('Broad Street', 'Lyme Regis', 'DT7 3QA', '', 'Dorset'),
      country: 'GB',
      shipping: 4.5,
      note: 'Poster in a tube please',
      items: [
        { id: '9030', productId: '330009', optionId: '1180009', quantity: 1 },
        { id: '9031', productId: '330016', optionId: '1180060', quantity: 1 },
      ],
    },
    {
      // the same product NAME twice (two different products called "Moth Tee")
      id: 'MOTH-100238',
      createdMs: now - 12 * HOUR,
      customer: { first: 'Katherine', last: 'Johnson', email: 'kj@example.com', phone: '+1 757 000 0000' },
      address: gb('10 Langley Blvd', 'Hampton', '23666', '', 'VA'),
      country: 'US',
      shipping: 9,
      items: [
        { id: '9040', productId: '330012', optionId: '1180032', quantity: 2 },
        { id: '9041', productId: '330018', optionId: '1180081', quantity: 1 },
      ],
    },
    {
      // hostile names and a note with markup: everything must be shown as text
      id: 'MOTH-100239',
      createdMs: now - 8 * HOUR,
      customer: { first: 'Se\u00e1n', last: "O'Brien", email: 'sean@example.ie', phone: '' },
      address: gb('3 "Quoted" Lane', 'Bristol', 'BS1 4ST', '<b>Unit 2</b>', ''),
      country: 'GB',
      shipping: 3.5,
      note: '<b>Please</b> leave with neighbour & say "thanks"',
      items: [
        { id: '9050', productId: '330014', optionId: '1180040', quantity: 1 },
        { id: '9051', productId: '330013', optionId: '1180050', quantity: 3 },
      ],
    },
    {
      // four items, mixed quantities
      id: 'MOTH-100240',
      createdMs: now - 5 * HOUR,
      customer: { first: 'Rosalind', last: 'Franklin', email: 'rosalind@example.org', phone: '+44 20 0000 0000' },
      address: gb("King's College, Strand", 'London', 'WC2R 2LS'),
      country: 'GB',
      shipping: 4.5,
      discount: 5,
      items: [
        { id: '9060', productId: '330017', optionId: '1180070', quantity: 1 },
        { id: '9061', productId: '330019', optionId: '1180090', quantity: 2 },
        { id: '9062', productId: '330015', optionId: '1180051', quantity: 1 },
        { id: '9063', productId: '330016', optionId: '1180061', quantity: 1 },
      ],
    },
    {
      // many attributes missing
      id: 'MOTH-100241',
      createdMs: now - 2 * HOUR,
      customer: { first: 'Lise', last: 'Meitner', email: 'lise@example.de' },
      address: { address1: 'Thielallee 63', city: 'Berlin', zip: '14195' },
      country: 'DE',
      shipping: 8,
      omit: [
        'customer_phone_number',
        'customer_note',
        'shipping_state',
        'shipping_address_2',
        'discount_total',
        'tax_total',
        'customer_opted_in_to_marketing',
        'shipping_country_id',
        'shipping_country_name',
      ],
      items: [{ id: '9070', productId: '330015', optionId: '1180051', quantity: 5 }],
    },
    {
      id: 'MOTH-100242',
      createdMs: now - 30 * 60_000,
      customer: { first: 'Dorothy', last: 'Vaughan', email: 'dorothy@example.com', phone: '+1 555 0100' },
      address: gb('4 Mercury Way', 'Hampton', '23669', 'Apt 12', 'VA'),
      country: 'US',
      shipping: 9,
      items: [
        { id: '9080', productId: '330017', optionId: '1180073', quantity: 1 },
        { id: '9081', productId: '330011', optionId: '1180021', quantity: 1 },
      ],
    },
    {
      // shipped recently; Inkthreadable order 871190 (fixtures/inkthreadable/orders-list.json)
      id: 'MOTH-100199',
      createdMs: now - 8 * DAY,
      updatedMs: now - 6 * DAY,
      status: 'shipped',
      customer: { first: 'Charles', last: 'Babbage', email: 'charles@example.org', phone: '+44 20 7000 0000' },
      address: gb('1 Dorset Street', 'London', 'W1U 4EG'),
      country: 'GB',
      shipping: 4.5,
      items: [{ id: '8801', productId: '330012', optionId: '1180032', quantity: 1, shipCounts: true }],
      shipments: [
        {
          carrier: 'Royal Mail',
          tracking_number: 'RM123456785GB',
          tracking_url: 'https://www.royalmail.com/track-your-item#/tracking-results/RM123456785GB',
        },
      ],
    },
    {
      id: 'MOTH-100150',
      createdMs: now - 25 * DAY,
      updatedMs: now - 22 * DAY,
      status: 'shipped',
      customer: { first: 'Margaret', last: 'Hamilton', email: 'margaret@example.com', phone: '' },
      address: gb('77 Massachusetts Ave', 'Cambridge', '02139', '', 'MA'),
      country: 'US',
      shipping: 9,
      items: [
        { id: '8701', productId: '330011', optionId: '1180022', quantity: 1 },
        { id: '8702', productId: '330013', optionId: '1180050', quantity: 2 },
      ],
    },
    {
      // unshipped but older than 60 days
      id: 'MOTH-099990',
      createdMs: now - 75 * DAY,
      customer: { first: 'Florence', last: 'Nightingale', email: 'florence@example.org', phone: '' },
      address: gb('2 Lambeth Palace Road', 'London', 'SE1 7EW'),
      country: 'GB',
      shipping: 4.5,
      items: [{ id: '8001', productId: '330016', optionId: '1180060', quantity: 1 }],
    },
    {
      // = second order of fixtures/bigcartel/orders-page.json: old, shipped, sparse attributes
      id: 'MOTH-099870',
      createdMs: now - 400 * DAY,
      updatedMs: now - 394 * DAY,
      completedMs: now - 400 * DAY + 40_000,
      status: 'shipped',
      customer: { first: 'Alan', last: 'Turing' },
      address: { address1: 'Bletchley Park', city: 'Milton Keynes', zip: 'MK3 6EB' },
      country: 'GB',
      shipping: 4.5,
      omit: [
        'discount_total',
        'tax_total',
        'customer_email',
        'customer_phone_number',
        'customer_opted_in_to_marketing',
        'customer_note',
        'shipping_address_2',
        'shipping_state',
        'shipping_country_id',
        'shipping_country',
        'shipping_latitude',
        'shipping_longitude',
      ],
      items: [{ id: '7001', productId: '330011', optionId: '1180021', quantity: 1, image: null }],
    },
  ];

  const inkOrders = [
    {
      id: '871190',
      external_id: 'MOTH-100199',
      createdMs: now - 8 * DAY + HOUR,
      status: 'paid',
      deleted: false,
      shippingMethod: 'regular',
      trackingNumber: 'RM123456785GB',
      shippedMs: now - 6 * DAY,
      body: {
        external_id: 'MOTH-100199',
        brandName: 'Moth Merch',
        comment: 'Big Cartel order MOTH-100199',
        shipping_address: {
          firstName: 'Charles',
          lastName: 'Babbage',
          company: '',
          address1: '1 Dorset Street',
          address2: '',
          city: 'London',
          county: '',
          postcode: 'W1U 4EG',
          country: 'United Kingdom',
          phone1: '+44 20 7000 0000',
        },
        shipping: { shippingMethod: 'regular' },
        items: [
          {
            pn: 'GD05-BLK-M',
            quantity: 1,
            retailPrice: 12,
            description: 'Moth Tee / Black / M',
            designs: { front: 'https://cdn.mothmerch.example/moth-front.png' },
          },
        ],
      },
    },
  ];

  return { products, orders, inkOrders };
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Rosa',
  'Mina',
  'Oskar',
  'Lena',
  'Tariq',
  'Priya',
  'Jonas',
  'Chloe',
  'Mateo',
  'Aoife',
  'Noah',
  'Isla',
  'Ravi',
  'Zoe',
  'Felix',
  'Hana',
  'Omar',
  'Freya',
  'Luca',
  'Maya',
  'Tom',
];
const LAST = [
  'Smith',
  'Jones',
  'Brown',
  'Garcia',
  'M\u00fcller',
  'Schmidt',
  'Taylor',
  'Wilson',
  'Patel',
  'Murphy',
  'Kelly',
  'Nguyen',
  'Khan',
  'Evans',
  'Walsh',
  'Fischer',
  'Moreau',
  'Rossi',
  "O'Neill",
  'Clarke',
];
const STREETS = [
  'High Street',
  'Station Road',
  'Main Street',
  'Church Lane',
  'Mill Road',
  'Park Avenue',
  'Hauptstra\u00dfe',
  'Elm Street',
  'Queen Street',
  'Market Place',
];
const PLACES = {
  GB: [
    ['London', 'E1 6AN', 'Greater London'],
    ['Leeds', 'LS1 4DY', 'West Yorkshire'],
    ['Bristol', 'BS1 5TR', ''],
    ['Glasgow', 'G1 1XQ', ''],
    ['Norwich', 'NR2 1NH', 'Norfolk'],
  ],
  US: [
    ['Portland', '97205', 'OR'],
    ['Austin', '78701', 'TX'],
    ['Brooklyn', '11201', 'NY'],
    ['Chicago', '60607', 'IL'],
  ],
  DE: [
    ['Berlin', '10115', ''],
    ['Hamburg', '20095', ''],
    ['Leipzig', '04109', 'Sachsen'],
  ],
  FR: [
    ['Lyon', '69002', ''],
    ['Paris', '75011', ''],
  ],
  IE: [
    ['Dublin', 'D02 X285', 'Dublin'],
    ['Cork', 'T12 RW26', 'Cork'],
  ],
};
const ADJ = [
  'Moth',
  'Luna',
  'Night',
  'Velvet',
  'Dusk',
  'Ember',
  'Silver',
  'Atlas',
  'Hawk',
  'Pale',
  'Tiger',
  'Ghost',
  'Rosy',
  'Comet',
  'Emerald',
];
const NOUN = ['Wing', 'Lantern', 'Garden', 'Orbit', 'Bloom', 'Signal', 'Ritual', 'Static', 'Harbour', 'Fern'];
const KIND = [
  ['Tee', 12, 'tee'],
  ['Hoodie', 35, 'apparel'],
  ['Crewneck', 30, 'apparel'],
  ['Tote Bag', 15, 'none'],
  ['Poster', 18, 'paper'],
  ['Sticker Pack', 5, 'none'],
  ['Long Sleeve', 20, 'tee'],
  ['Beanie', 14, 'colour'],
];
const COLOURS = ['Black', 'White', 'Navy', 'Heather Grey', 'Bottle Green', 'Burgundy'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];

/**
 * The benchmark store: deterministic pseudo-random, generated in well under a second.
 * @param {number} now
 * Optional for the benchmark: `unshipped` (share of orders not yet shipped, e.g. 1 for a store that
 * never marks orders shipped; default: about 15% of the last 30 days), `linked` (how many options
 * have a link, served by GET /__sandbox/links) with `unlinkedShare` (share of unshipped orders holding
 * at least one unlinked item), and `itemOrders` (extra unshipped orders, newest, with that many
 * items each: `MOTH-ITEMS-<n>`).
 * @param {number} now
 * @param {{ orders?: number, products?: number, years?: number, seed?: number, unshipped?: number, linked?: number, unlinkedShare?: number, itemOrders?: number[] }} cfg
 */
export function largeSeed(now, cfg = {}) {
  const nOrders = cfg.orders ?? 10_000;
  const nProducts = cfg.products ?? 3000;
  const years = cfg.years ?? 2;
  const rnd = prng(cfg.seed ?? 1);
  const span = years * 365 * DAY;

  /** @type {ProductRec[]} */
  const products = [];
  let optionId = 3_000_000;
  for (let i = 0; i < nProducts; i++) {
    const kind = rnd.pick(KIND);
    const name = `${rnd.pick(ADJ)} ${rnd.pick(NOUN)} ${kind[0]}`;
    const price = /** @type {number} */ (kind[1]);
    const nOpt = rnd.int(3, 6);
    /** @type {OptionRec[]} */
    const options = [];
    const a = rnd.int(0, COLOURS.length - 1);
    const colourA = COLOURS[a];
    const colourB = COLOURS[(a + rnd.int(1, COLOURS.length - 1)) % COLOURS.length];
    for (let k = 0; k < nOpt; k++) {
      let oname;
      if (kind[2] === 'paper') oname = ['A4', 'A3', 'A2', 'A1', '50x70 cm', '70x100 cm'][k];
      else if (kind[2] === 'none' || kind[2] === 'colour') oname = COLOURS[k];
      else oname = k < 4 ? `${colourA} / ${SIZES[k + 1]}` : `${colourB} / ${SIZES[k - 3]}`;
      options.push({
        id: String(optionId++),
        name: /** @type {string} */ (oname),
        price: price + (k >= 4 ? 2 : 0),
        quantity: 0,
        sold: rnd.int(0, 60),
      });
    }
    products.push({
      id: String(500_000 + i),
      name,
      permalink: `${slug(name)}-${i}`,
      status: rnd() < 0.9 ? 'active' : rnd.pick(['hidden', 'sold_out', 'coming_soon']),
      description: '',
      price,
      position: i + 1,
      image: null,
      createdMs: now - span - rnd.int(1, 200) * DAY,
      updatedMs: now - rnd.int(1, 300) * DAY,
      options,
      deleted: rnd() < 0.02,
    });
  }

  // Linked options (benchmark): a deterministic shuffle of every live option, the first `linked` of them.
  /** @type {OptionRec[]} */
  const linkedOpts = [];
  /** @type {OptionRec[]} */
  const unlinkedOpts = [];
  /** @type {Map<OptionRec, ProductRec>} */
  const productOf = new Map();
  if (cfg.linked !== undefined) {
    const all = [];
    for (const p of products)
      if (!p.deleted)
        for (const o of p.options) {
          all.push(o);
          productOf.set(o, p);
        }
    const pick = prng((cfg.seed ?? 1) + 7);
    for (let i = all.length - 1; i > 0; i--) {
      const j = pick.int(0, i);
      [all[i], all[j]] = [/** @type {OptionRec} */ (all[j]), /** @type {OptionRec} */ (all[i])];
    }
    all.forEach((o, i) => {
      if (i < /** @type {number} */ (cfg.linked)) {
        o.linked = true;
        linkedOpts.push(o);
      } else unlinkedOpts.push(o);
    });
  }
  const unlinkedShare = cfg.unlinkedShare ?? 0.2;
  /** @param {boolean} unlinked @returns {[ProductRec, OptionRec]} */
  const pickOption = (unlinked) => {
    const pool = unlinked ? unlinkedOpts : linkedOpts;
    const o = /** @type {OptionRec} */ (pool[rnd.int(0, pool.length - 1)]);
    return [/** @type {ProductRec} */ (productOf.get(o)), o];
  };

  // Order times: uniform over the span, sorted so numbers grow with time.
  const times = new Float64Array(nOrders);
  for (let i = 0; i < nOrders; i++) times[i] = Math.floor(now - rnd() * span);
  times.sort();
  const countryCodes = ['GB', 'GB', 'GB', 'GB', 'GB', 'GB', 'US', 'US', 'US', 'DE', 'DE', 'FR', 'IE'];
  /** @type {OrderSpec[]} */
  const orders = new Array(nOrders);
  let itemId = 1_000_000;
  for (let i = 0; i < nOrders; i++) {
    const created = /** @type {number} */ (times[i]);
    const age = now - created;
    const unshipped =
      cfg.unshipped !== undefined ? rnd() < cfg.unshipped : age < 30 * DAY ? rnd() < 0.15 : rnd() < 0.003;
    const country = rnd.pick(countryCodes);
    const place = rnd.pick(/** @type {any} */ (PLACES)[country]);
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const nItems = rnd() < 0.6 ? 1 : rnd.int(2, 4);
    /** @type {ItemSpec[]} */
    const items = [];
    // With links seeded, an unshipped order holds an unlinked item with probability `unlinkedShare`.
    const withUnlinked = linkedOpts.length > 0 && unshipped && unlinkedOpts.length > 0 && rnd() < unlinkedShare;
    for (let k = 0; k < nItems; k++) {
      let p, o;
      if (linkedOpts.length && unshipped) [p, o] = pickOption(withUnlinked && k === 0);
      else {
        p = /** @type {ProductRec} */ (products[rnd.int(0, nProducts - 1)]);
        o = /** @type {OptionRec} */ (rnd.pick(p.options));
      }
      items.push({ id: String(itemId++), productId: p.id, optionId: o.id, quantity: rnd() < 0.8 ? 1 : rnd.int(2, 4) });
    }
    const shippedAt = Math.min(now, created + rnd.int(1, 5) * DAY + rnd.int(0, 86_399) * 1000);
    orders[i] = {
      id: `MOTH-${300_000 + i}`,
      createdMs: created,
      updatedMs: unshipped ? created + 30_000 : shippedAt,
      status: unshipped ? 'unshipped' : 'shipped',
      customer: {
        first,
        last,
        email: `${first}.${last}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
        phone: rnd() < 0.5 ? `+44 7700 9${String(i % 100000).padStart(5, '0')}` : '',
      },
      address: {
        address1: `${rnd.int(1, 240)} ${rnd.pick(STREETS)}`,
        address2: rnd() < 0.2 ? `Flat ${rnd.int(1, 30)}` : '',
        city: place[0],
        zip: place[1],
        state: place[2],
      },
      country,
      shipping: country === 'GB' ? 4.5 : 9,
      note: rnd() < 0.1 ? 'Please ship soon!' : '',
      // half as Big Cartel's documented example: the country only as the relationship's id
      omit: i % 2 === 0 ? ['shipping_country_id', 'shipping_country_name'] : [],
      items,
    };
  }
  // Orders with many items (the overlay benchmark's 50- and 200-item pages), newest of all.
  for (const n of cfg.itemOrders ?? []) {
    /** @type {ItemSpec[]} */
    const items = [];
    const live = products.filter((p) => !p.deleted);
    for (let k = 0; k < n; k++) {
      const p = /** @type {ProductRec} */ (live[k % live.length]);
      const o = /** @type {OptionRec} */ (p.options[Math.floor(k / live.length) % p.options.length]);
      items.push({ id: String(itemId++), productId: p.id, optionId: o.id, quantity: 1 + (k % 3) });
    }
    orders.push({
      id: `MOTH-ITEMS-${n}`,
      createdMs: now - 60_000,
      updatedMs: now - 30_000,
      status: 'unshipped',
      customer: { first: 'Ada', last: 'Bulk', email: `ada.bulk${n}@example.com`, phone: '' },
      address: { address1: '1 Long Lane', address2: '', city: 'Leeds', zip: 'LS1 4AP', state: '' },
      country: 'GB',
      shipping: 4.5,
      note: '',
      items,
    });
  }
  return { products, orders, inkOrders: [] };
}
