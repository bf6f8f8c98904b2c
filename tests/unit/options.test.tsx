/**
 * The options page, driven the way the merchant uses it. The background is stood in for by a
 * runtime.onMessage listener with canned replies (the real transport of `call()`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Options } from '@/components/options/Options';
import { CSV_TEMPLATE_HEADER, LINKS_PAGE_SIZE } from '@/components/options/LinksManager';
import { cleanSubdomain } from '@/components/options/ConnectionsForm';
import { checkImportSince, checkPollMinutes } from '@/components/options/SettingsForm';
import { CSV_HEADER, exportLinks, importLinks, LINKS_FILE_FORMAT } from '@/lib/linkfile';
import { linkKey } from '@/lib/links';
import type { SettingsView, StatusView } from '@/lib/protocol';
import { DEFAULT_SETTINGS } from '@/lib/worker/settings';
import type { Link } from '@/lib/types';
import {
  type Handlers,
  fakeBackground,
  never,
  textOf,
  accName,
  allByRole,
  getByRole,
  queryByRole,
  getByText,
  waitFor,
  tick,
  mount,
  unmountAll,
} from './helpers/dom';

// ---------------------------------------------------------------- helpers (DOM + fake background)

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Type, then leave the field (the browser's "change"). */
function typeAndCommit(input: HTMLInputElement, value: string) {
  type(input, value);
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function toggle(input: HTMLInputElement) {
  input.click();
}

function byLabel<T extends HTMLElement = HTMLInputElement>(label: string, root: ParentNode = document): T {
  const found = [...root.querySelectorAll<T>('input, select, textarea')].filter((el) => accName(el) === label);
  if (found.length !== 1) throw new Error(`expected one control labelled ${label}, found ${found.length}`);
  return found[0]!;
}

// ---------------------------------------------------------------- fixtures

function status(over: Partial<StatusView> = {}): StatusView {
  return {
    storeName: 'Moth Press',
    bigcartel: { state: 'ok', message: 'Connected to Moth Press' },
    inkthreadable: { state: 'ok', message: 'Connected' },
    lastSyncAt: null,
    syncing: false,
    import: null,
    pending: 0,
    linksNeedingAttention: 0,
    adminOrigin: 'https://my.bigcartel.com',
    ...over,
  };
}

const CONNECTED: Omit<SettingsView, 'settings'> = {
  bigcartel: { kind: 'basic', subdomain: 'mothpress', passwordMasked: '••••1234' },
  inkthreadable: { appId: 'app-42', secretKeyMasked: '••••cret' },
};
const FRESH: Omit<SettingsView, 'settings'> = { bigcartel: null, inkthreadable: null };

function view(creds = CONNECTED, over: Partial<SettingsView['settings']> = {}): SettingsView {
  return { settings: { ...DEFAULT_SETTINGS, ...over }, ...creds };
}

function link(i: number, over: Partial<Link> = {}): Link {
  const productId = String(1000 + Math.floor(i / 3));
  const optionId = String(5000 + i);
  return {
    key: linkKey(productId, optionId),
    productId,
    optionId,
    productName: `Tee ${String(Math.floor(i / 3)).padStart(5, '0')}`,
    optionName: ['S', 'M', 'L'][i % 3]!,
    pn: `JH001-JBK-${['S', 'M', 'L'][i % 3]}`,
    designs: { front: `https://cdn.example.com/${i}/front.png` },
    mockups: { front: `https://cdn.example.com/${i}/mock.png` },
    neverFulfil: false,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}

/** A background with settings, status and links that behaves like the real one for these calls. */
function ok<T>(r: { ok: true; links: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.links;
}

function optionsBackground(opts: { settings?: SettingsView; links?: Link[]; over?: Handlers } = {}) {
  let settings = opts.settings ?? view();
  let links = opts.links ?? [];
  const calls = fakeBackground({
    getSettings: () => settings,
    getStatus: () => status(),
    listLinks: () => links,
    saveSettings: (req) => {
      settings = { ...settings, settings: { ...settings.settings, ...req.settings } };
      return settings;
    },
    saveCredentials: (req) => {
      if (req.bigcartel) {
        settings = {
          ...settings,
          bigcartel:
            req.bigcartel.kind === 'basic'
              ? { kind: 'basic', subdomain: req.bigcartel.subdomain, passwordMasked: '••••9999' }
              : { kind: 'token', tokenMasked: '••••oken' },
        };
      }
      if (req.inkthreadable)
        settings = { ...settings, inkthreadable: { appId: req.inkthreadable.appId, secretKeyMasked: '••••newk' } };
      return settings;
    },
    saveLink: (req) => {
      const saved: Link = {
        ...req.link,
        key: linkKey(req.link.productId, req.link.optionId),
        pn: req.link.neverFulfil ? '' : req.link.pn.toUpperCase(),
        designs: req.link.neverFulfil ? {} : req.link.designs,
        mockups: req.link.mockups ?? {},
        updatedAt: '2026-11-27T00:00:00.000Z',
      };
      links = links.map((l) => (l.key === saved.key ? saved : l));
      return { link: saved, completes: 2 };
    },
    deleteLink: (req) => {
      const before = links.length;
      links = links.filter((l) => l.key !== req.key);
      return { deleted: links.length < before };
    },
    ...opts.over,
  });
  return { calls, links: () => links };
}

beforeEach(() => {
  // the page uses Intl in the browser's locale; keep tests independent of the machine
  vi.useRealTimers();
});

// ---------------------------------------------------------------- tests

describe('options: loading and errors', () => {
  it('shows loading states first', async () => {
    fakeBackground({ getSettings: never, getStatus: never, listLinks: never });
    mount(<Options />);
    await waitFor(() => getByRole('status', /Loading settings/));
    getByRole('status', /Loading links/);
    expect(queryByRole('button', 'Save')).toBeNull();
  });

  it('says why the settings could not be read, and tries again', async () => {
    let broken = true;
    fakeBackground({
      getSettings: () => (broken ? Promise.reject(new Error('The extension did not answer.')) : view()),
      getStatus: () => status(),
      listLinks: () => [],
    });
    mount(<Options />);
    const alert = await waitFor(() => getByRole('alert', /Could not load the settings/));
    expect(textOf(alert)).toContain('The extension did not answer.');
    broken = false;
    getByRole('button', 'Try again', alert).click();
    await waitFor(() => getByRole('button', 'Save'));
  });
});

describe('options: connections', () => {
  it('shows saved connections masked, never their secrets', async () => {
    optionsBackground();
    mount(<Options />);
    const password = await waitFor(() => byLabel('Store password'));
    expect(password.type).toBe('password');
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('Saved (••••1234)');
    expect(byLabel('Store subdomain').value).toBe('mothpress');
    expect(byLabel('App ID').value).toBe('app-42');
    expect(byLabel('Secret key').value).toBe('');
    expect(byLabel('Secret key').placeholder).toBe('Saved (••••cret)');
    expect(byLabel('Subdomain and password').checked).toBe(true);
    expect(textOf(getByRole('form', 'Connections'))).toContain('Connected to Moth Press');
  });

  it('says what Inkthreadable answered when it refuses the key an order was sent with, and what to do', async () => {
    const refused = `Refused the extension's requests: Inkthreadable answered "Invalid signature". Copy the App ID and Secret key again from your Inkthreadable account's API Settings page into Settings.`;
    optionsBackground({ over: { getStatus: () => status({ inkthreadable: { state: 'auth', message: refused } }) } });
    mount(<Options />);
    const form = await waitFor(() => getByRole('form', 'Connections'));
    await waitFor(() => expect(textOf(form)).toContain(refused));
    expect(textOf(form)).not.toMatch(/Inkthreadable[^.]*Connected/);
  });

  it('saves a changed subdomain and keeps the saved password (no password sent)', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    type(await waitFor(() => byLabel('Store subdomain')), 'https://NewShop.bigcartel.com/');
    getByRole('button', 'Save').click();
    await waitFor(() => getByRole('status', 'Saved'));
    const saves = calls.filter((c) => c.type === 'saveCredentials');
    expect(saves).toEqual([{ type: 'saveCredentials', bigcartel: { kind: 'basic', subdomain: 'newshop' } }]);
    expect(byLabel('Store password').placeholder).toBe('Saved (••••9999)');
  });

  it('connects both services from scratch', async () => {
    const { calls } = optionsBackground({ settings: view(FRESH) });
    mount(<Options />);
    type(await waitFor(() => byLabel('Store subdomain')), 'mothpress');
    type(byLabel('Store password'), 'hunter2-secret');
    type(byLabel('App ID'), ' app-7 ');
    type(byLabel('Secret key'), 'sk-123');
    type(byLabel('Brand name'), 'Moth Press');
    getByRole('button', 'Save').click();
    await waitFor(() => getByRole('status', 'Saved'));
    expect(calls.filter((c) => c.type === 'saveCredentials' || c.type === 'saveSettings')).toEqual([
      {
        type: 'saveCredentials',
        bigcartel: { kind: 'basic', subdomain: 'mothpress', password: 'hunter2-secret' },
        inkthreadable: { appId: 'app-7', secretKey: 'sk-123' },
      },
      { type: 'saveSettings', settings: { brandName: 'Moth Press' } },
    ]);
    // the secrets leave the form once saved
    expect(byLabel('Store password').value).toBe('');
    expect(byLabel('Secret key').value).toBe('');
  });

  it('says which field is missing, focuses it, and sends nothing', async () => {
    const { calls } = optionsBackground({ settings: view(FRESH) });
    mount(<Options />);
    type(await waitFor(() => byLabel('Store subdomain')), 'mothpress');
    type(byLabel('Secret key'), 'sk-123');
    getByRole('button', 'Save').click();
    await waitFor(() => getByText(/Enter the store password/));
    getByText(/Enter the App ID/);
    const password = byLabel('Store password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(password.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toMatch(
      /Enter the store password/,
    );
    expect(document.activeElement).toBe(password);
    expect(calls.some((c) => c.type === 'saveCredentials')).toBe(false);
  });

  it('refuses a subdomain that cannot be one', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    type(await waitFor(() => byLabel('Store subdomain')), 'my shop!');
    getByRole('button', 'Save').click();
    await waitFor(() => getByText(/is not a Big Cartel subdomain/));
    expect(calls.some((c) => c.type === 'saveCredentials')).toBe(false);
  });

  it('switches to an API access token', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    toggle(await waitFor(() => byLabel('Access token')));
    const token = await waitFor(() => byLabel('API access token'));
    expect(queryByRole('textbox', 'Store subdomain')).toBeNull();
    getByRole('button', 'Save').click();
    await waitFor(() => getByText('Paste the API access token.'));
    type(token, 'tok_abc');
    getByRole('button', 'Save').click();
    await waitFor(() => getByRole('status', 'Saved'));
    expect(calls.filter((c) => c.type === 'saveCredentials')).toEqual([
      { type: 'saveCredentials', bigcartel: { kind: 'token', token: 'tok_abc' } },
    ]);
  });

  it('shows what the background refused', async () => {
    optionsBackground({
      over: { saveCredentials: () => Promise.reject(new Error('Enter the Inkthreadable App ID and Secret key.')) },
    });
    mount(<Options />);
    type(await waitFor(() => byLabel('Secret key')), 'new-key');
    getByRole('button', 'Save').click();
    const alert = await waitFor(() => getByRole('alert', /Not saved/));
    expect(textOf(alert)).toBe('Not saved: Enter the Inkthreadable App ID and Secret key.');
    expect(textOf(getByRole('status', undefined, getByRole('form', 'Connections')))).toBe('');
  });

  it('says, where Inkthreadable is connected, that its own Big Cartel integration must not be on as well', async () => {
    optionsBackground({});
    mount(<Options />);
    const form = await waitFor(() => getByRole('form', 'Connections'));
    const box = [...form.querySelectorAll('fieldset')].find(
      (f) => textOf(f.querySelector('legend')!) === 'Inkthreadable',
    )!;
    expect(textOf(box)).toContain(
      "Use either this extension or Inkthreadable's own Big Cartel integration for this store, never both",
    );
    expect(textOf(box)).toContain('every order is printed and shipped twice');
  });

  it('"Test connection" says for each service exactly what failed', async () => {
    const { calls } = optionsBackground({
      over: {
        testConnection: () => ({
          bigcartel: { state: 'auth', message: 'Big Cartel refused the store password (401).' },
          inkthreadable: { state: 'ok', message: 'Connected' },
        }),
      },
    });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Test connection'))).click();
    const results = await waitFor(() => getByRole('list', 'Connection test results'));
    expect(allByRole('listitem', undefined, results).map(textOf)).toEqual([
      'Big Cartel: Failed: Big Cartel refused the store password (401).',
      'Inkthreadable: Connected',
    ]);
    // nothing was changed, so nothing was saved first
    expect(calls.some((c) => c.type === 'saveCredentials')).toBe(false);
  });

  it('"Test connection" saves changes first, then tests them', async () => {
    const { calls } = optionsBackground({
      over: {
        testConnection: () => ({
          bigcartel: { state: 'ok', message: 'Connected to New Shop' },
          inkthreadable: { state: 'error', message: 'Inkthreadable did not answer (timeout).' },
        }),
      },
    });
    mount(<Options />);
    type(await waitFor(() => byLabel('Store password')), 'new-password');
    getByRole('button', 'Test connection').click();
    const results = await waitFor(() => getByRole('list', 'Connection test results'));
    expect(textOf(results)).toContain('Connected to New Shop');
    expect(textOf(results)).toContain('Inkthreadable: Failed: Inkthreadable did not answer (timeout).');
    const order = calls.filter((c) => c.type === 'saveCredentials' || c.type === 'testConnection').map((c) => c.type);
    expect(order).toEqual(['saveCredentials', 'testConnection']);
  });
});

describe('options: settings', () => {
  it('shows the defaults', async () => {
    optionsBackground();
    mount(<Options />);
    expect((await waitFor(() => byLabel('Send orders automatically when every item is linked'))).checked).toBe(true);
    expect(byLabel('Show notifications').checked).toBe(true);
    expect(byLabel('Mark Big Cartel orders shipped when Inkthreadable ships them').checked).toBe(false);
    expect(byLabel('Check for new orders every').value).toBe('1');
    expect(byLabel('Import orders since').value).toBe('');
    expect(byLabel('Import orders since').type).toBe('date');
  });

  it('saves each change at once and says "Saved"', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    toggle(await waitFor(() => byLabel('Send orders automatically when every item is linked')));
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { autoSend: false } }));
    const section = getByRole('region', 'Orders');
    await waitFor(() => expect(textOf(getByRole('status', undefined, section))).toBe('Saved'));
    expect(byLabel('Send orders automatically when every item is linked').checked).toBe(false);

    toggle(byLabel('Mark Big Cartel orders shipped when Inkthreadable ships them'));
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { markShipped: true } }));
    toggle(byLabel('Show notifications'));
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { notifications: false } }));
    typeAndCommit(byLabel('Check for new orders every'), '15');
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { pollMinutes: 15 } }));
    typeAndCommit(byLabel('Import orders since'), '2026-01-31');
    await waitFor(() =>
      expect(calls).toContainEqual({ type: 'saveSettings', settings: { importSince: '2026-01-31' } }),
    );
    typeAndCommit(byLabel('Import orders since'), '');
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { importSince: null } }));
  });

  it('refuses values out of range without saving', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    const poll = await waitFor(() => byLabel('Check for new orders every'));
    typeAndCommit(poll, '0');
    await waitFor(() => getByText('Enter a whole number of minutes from 1 to 60.'));
    expect(poll.getAttribute('aria-invalid')).toBe('true');
    typeAndCommit(poll, '61');
    typeAndCommit(poll, '2.5');
    typeAndCommit(byLabel('Import orders since'), '2999-01-01');
    await waitFor(() => getByText('Choose today or a day in the past.'));
    await tick();
    expect(calls.some((c) => c.type === 'saveSettings')).toBe(false);
    // fixing it clears the error and saves
    typeAndCommit(poll, '5');
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { pollMinutes: 5 } }));
    await waitFor(() => expect(poll.getAttribute('aria-invalid')).toBeNull());
  });

  it('shows a refused save and what is really stored', async () => {
    optionsBackground({
      over: { saveSettings: () => Promise.reject(new Error('Those settings are not valid: pollMinutes.')) },
    });
    mount(<Options />);
    const box = await waitFor(() => byLabel('Show notifications'));
    toggle(box);
    const alert = await waitFor(() => getByRole('alert', /Not saved/));
    expect(textOf(alert)).toBe('Not saved: Those settings are not valid: pollMinutes.');
    await waitFor(() => expect(byLabel('Show notifications').checked).toBe(true));
  });

  it('the hours before an unpaid order counts: saved when valid, refused out of range', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    const hours = await waitFor(() => byLabel('Count an order unpaid in Inkthreadable after'));
    expect(hours.value).toBe('24');
    typeAndCommit(hours, '0');
    await waitFor(() =>
      expect(textOf(document.getElementById('set-unpaid-error'))).toBe('Enter a whole number of hours from 1 to 720.'),
    );
    typeAndCommit(hours, '48');
    await waitFor(() => expect(calls).toContainEqual({ type: 'saveSettings', settings: { unpaidHours: 48 } }));
    expect(calls.filter((c) => c.type === 'saveSettings')).toHaveLength(1);
  });

  it('says when the stored settings could not be read and automatic sending is off', async () => {
    optionsBackground({ settings: { ...view(CONNECTED, { autoSend: false }), unreadable: true } });
    mount(<Options />);
    const alert = await waitFor(() => getByRole('alert', /settings could not be read/));
    expect(textOf(alert)).toContain('so automatic sending is off');
    expect(byLabel('Send orders automatically when every item is linked').checked).toBe(false);
  });

  it('checks values like the background does', () => {
    expect(checkPollMinutes('1')).toEqual({ ok: true, value: 1 });
    expect(checkPollMinutes('60')).toEqual({ ok: true, value: 60 });
    expect(checkPollMinutes('61').ok).toBe(false);
    expect(checkPollMinutes('-1').ok).toBe(false);
    expect(checkPollMinutes('').ok).toBe(false);
    expect(checkImportSince('', '2026-11-27')).toEqual({ ok: true, value: null });
    expect(checkImportSince('2026-02-30', '2026-11-27').ok).toBe(false);
    expect(checkImportSince('2026-11-28', '2026-11-27').ok).toBe(false);
    expect(checkImportSince('2026-11-27', '2026-11-27')).toEqual({ ok: true, value: '2026-11-27' });
    expect(cleanSubdomain(' https://MothPress.bigcartel.com/products ')).toBe('mothpress');
  });
});

describe('options: links table', () => {
  it('says so when there are no links', async () => {
    optionsBackground();
    mount(<Options />);
    await waitFor(() => getByText(/No links yet/));
    expect(queryByRole('table')).toBeNull();
  });

  it('lists links with product, option, code, designs and never fulfil', async () => {
    optionsBackground({
      links: [
        link(0, { designs: { front: 'https://cdn.example.com/f.png', back: 'https://cdn.example.com/b.png' } }),
        link(1, {
          key: linkKey('77', null),
          productId: '77',
          optionId: null,
          productName: 'Sticker',
          optionName: '',
          pn: '',
          designs: {},
          mockups: {},
          neverFulfil: true,
        }),
      ],
    });
    mount(<Options />);
    const table = await waitFor(() => getByRole('table', 'Links'));
    expect([...table.querySelectorAll('thead th')].map(textOf)).toEqual([
      'Product',
      'Option',
      'Code',
      'Designs',
      'Never fulfil',
      'Actions',
    ]);
    const rows = [...table.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(2);
    const sticker = rows.find((r) => textOf(r).includes('Sticker'))!;
    expect([...sticker.querySelectorAll('td')].map(textOf).slice(0, 5)).toEqual([
      'Sticker #77',
      'All options',
      '—',
      '—',
      'Yes',
    ]);
    const tee = rows.find((r) => textOf(r).includes('Tee'))!;
    expect([...tee.querySelectorAll('td')].map(textOf).slice(0, 5)).toEqual([
      'Tee 00000 #1000',
      'S',
      'JH001-JBK-S',
      'frontback',
      'No',
    ]);
    expect(getByRole<HTMLAnchorElement>('link', 'back', tee).href).toBe('https://cdn.example.com/b.png');
    getByRole('button', 'Edit link for Tee 00000 / S', tee);
    getByRole('button', 'Delete link for Sticker (all options)', sticker);
  });

  it('pages through 10,000 links and searches them', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => link(i));
    optionsBackground({ links: many });
    mount(<Options />);
    const table = await waitFor(() => getByRole('table', 'Links'), 10_000);
    expect(table.querySelectorAll('tbody tr')).toHaveLength(LINKS_PAGE_SIZE);
    getByText('Page 1 of 200');
    expect(getByRole<HTMLButtonElement>('button', 'Previous page').disabled).toBe(true);
    getByRole('button', 'Next page').click();
    await waitFor(() => getByText('Page 2 of 200'));
    expect(textOf(getByRole('table', 'Links').querySelector('tbody tr')!)).toContain('Tee 00016');

    const search = getByRole<HTMLInputElement>('searchbox', 'Search links');
    type(search, 'tee 01234 m');
    await waitFor(() => expect(getByRole('table', 'Links').querySelectorAll('tbody tr')).toHaveLength(1));
    expect(textOf(getByRole('table', 'Links').querySelector('tbody tr')!)).toContain('Tee 01234');
    getByText('1 link matches “tee 01234 m”.');
    expect(queryByRole('navigation', 'Links pages')).toBeNull();

    type(search, 'JH001-JBK-L');
    await waitFor(() => getByText('Page 1 of 67'));
    type(search, 'nothing like this');
    await waitFor(() => getByText('No links match “nothing like this”.'));
  });
});

describe('options: editing and deleting links', () => {
  it('edits the code and designs, keeping mockups', async () => {
    const { calls } = optionsBackground({ links: [link(0)] });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Edit link for Tee 00000 / S'))).click();
    const form = await waitFor(() => getByRole('form', 'Edit link for Tee 00000 / S'));
    const code = byLabel('Inkthreadable code', form);
    await waitFor(() => expect(document.activeElement).toBe(code));
    expect(code.value).toBe('JH001-JBK-S');
    expect(byLabel('Front design URL', form).value).toBe('https://cdn.example.com/0/front.png');
    type(code, 'jh001-jbk-m');
    type(byLabel('Back design URL', form), 'https://cdn.example.com/0/back.png');
    getByRole('button', 'Save link', form).click();
    await waitFor(() => expect(calls.some((c) => c.type === 'saveLink')).toBe(true));
    expect(calls.find((c) => c.type === 'saveLink')).toEqual({
      type: 'saveLink',
      link: {
        productId: '1000',
        optionId: '5000',
        productName: 'Tee 00000',
        optionName: 'S',
        pn: 'jh001-jbk-m',
        designs: { front: 'https://cdn.example.com/0/front.png', back: 'https://cdn.example.com/0/back.png' },
        mockups: { front: 'https://cdn.example.com/0/mock.png' },
        neverFulfil: false,
      },
    });
    await waitFor(() => expect(queryByRole('form', 'Edit link for Tee 00000 / S')).toBeNull());
    expect(textOf(getByRole('table', 'Links'))).toContain('JH001-JBK-M');
    getByText('Saved the link for Tee 00000 / S. 2 orders no longer wait for links.');
    // The focus goes back to the row's button once the list is drawn again.
    await waitFor(() => expect(document.activeElement).toBe(getByRole('button', 'Edit link for Tee 00000 / S')));
  });

  it('refuses a bad code or a design that is not https, before sending', async () => {
    const { calls } = optionsBackground({ links: [link(0)] });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Edit link for Tee 00000 / S'))).click();
    const form = await waitFor(() => getByRole('form', /Edit link/));
    type(byLabel('Inkthreadable code', form), 'not a code!');
    type(byLabel('Front design URL', form), 'http://cdn.example.com/front.png');
    getByRole('button', 'Save link', form).click();
    await waitFor(() => getByText(/does not look like an Inkthreadable product code/));
    getByText(/Design files must be https:\/\/ links/);
    expect(byLabel('Front design URL', form).getAttribute('aria-invalid')).toBe('true');
    type(byLabel('Inkthreadable code', form), 'JH001');
    type(byLabel('Front design URL', form), 'javascript:alert(1)');
    getByRole('button', 'Save link', form).click();
    await tick();
    expect(calls.some((c) => c.type === 'saveLink')).toBe(false);
  });

  it('marks a link never fulfil', async () => {
    const { calls } = optionsBackground({ links: [link(0)] });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Edit link for Tee 00000 / S'))).click();
    const form = await waitFor(() => getByRole('form', /Edit link/));
    toggle(byLabel('Never fulfil', form));
    await waitFor(() => expect(byLabel('Inkthreadable code', form).disabled).toBe(true));
    getByRole('button', 'Save link', form).click();
    await waitFor(() =>
      expect(calls.find((c) => c.type === 'saveLink')).toMatchObject({
        link: { neverFulfil: true, pn: '', designs: {} },
      }),
    );
  });

  it('shows what the background refused and keeps the form open', async () => {
    optionsBackground({
      links: [link(0)],
      over: { saveLink: () => Promise.reject(new Error('Front design: "https://x" is not a usable https:// link.')) },
    });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Edit link for Tee 00000 / S'))).click();
    const form = await waitFor(() => getByRole('form', /Edit link/));
    getByRole('button', 'Save link', form).click();
    const alert = await waitFor(() => getByRole('alert', /Not saved/));
    expect(textOf(alert)).toContain('is not a usable https:// link');
    getByRole('form', /Edit link/);
  });

  it('"Cancel" and Escape close the editor without saving', async () => {
    const { calls } = optionsBackground({ links: [link(0)] });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Edit link for Tee 00000 / S'))).click();
    getByRole('button', 'Cancel', await waitFor(() => getByRole('form', /Edit link/))).click();
    await waitFor(() => expect(queryByRole('form', /Edit link/)).toBeNull());
    getByRole('button', 'Edit link for Tee 00000 / S').click();
    const form = await waitFor(() => getByRole('form', /Edit link/));
    byLabel('Inkthreadable code', form).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitFor(() => expect(queryByRole('form', /Edit link/)).toBeNull());
    expect(calls.some((c) => c.type === 'saveLink')).toBe(false);
  });

  it('deletes a link only after confirming', async () => {
    const { calls } = optionsBackground({ links: [link(0), link(1)] });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Delete link for Tee 00000 / S'))).click();
    const confirm = await waitFor(() => getByRole('group', 'Delete link for Tee 00000 / S?'));
    await waitFor(() => expect(document.activeElement).toBe(getByRole('button', 'Yes, delete', confirm)));
    getByRole('button', 'Cancel', confirm).click();
    await waitFor(() => expect(queryByRole('group', /Delete link/)).toBeNull());
    expect(calls.some((c) => c.type === 'deleteLink')).toBe(false);

    getByRole('button', 'Delete link for Tee 00000 / S').click();
    getByRole('button', 'Yes, delete', await waitFor(() => getByRole('group', /Delete link/))).click();
    await waitFor(() => expect(calls).toContainEqual({ type: 'deleteLink', key: '1000|5000' }));
    await waitFor(() => expect(getByRole('table', 'Links').querySelectorAll('tbody tr')).toHaveLength(1));
    getByText('Deleted the link for Tee 00000 / S.');
  });
});

describe('options: export and import', () => {
  it('exports through an object URL and a[download]', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:chrome-extension://test/1';
    });
    const revokeObjectURL = vi.fn();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL }));
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    // The page writes the file itself, from the links the worker lists.
    const links = [link(0), link(1), link(2)];
    optionsBackground({ links });
    mount(<Options />);
    (await waitFor(() => getByRole('button', 'Export links'))).click();
    const filename = `inkthreadable-links-${new Date().toISOString().slice(0, 10)}.json`;
    await waitFor(() => getByText(`Exported 3 links to ${filename}.`));
    expect(clicked).toEqual([{ href: 'blob:chrome-extension://test/1', download: filename }]);
    const text = await created[0]!.text();
    expect(JSON.parse(text)).toMatchObject({ format: LINKS_FILE_FORMAT, version: 1 });
    expect(ok(importLinks(text, 'json', new Date())).map((l) => l.key)).toEqual([
      '1000|5000',
      '1000|5001',
      '1000|5002',
    ]);
    expect(created[0]!.type).toBe('application/json');
    vi.unstubAllGlobals();
  });

  function chooseFile(input: HTMLInputElement, file: File) {
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  it('imports a CSV file after its preview and reports what it added, changed and left alone', async () => {
    const csv = `${CSV_HEADER.join(',')}\r\n1000,5000,Tee,S,JH001-JBK-S,https://cdn.example.com/f.png,,no\r\n`;
    // The page reads the file and shows the preview itself; the worker imports the links it holds.
    const { calls } = optionsBackground({ over: { importLinks: () => ({ added: 1, changed: 0, unchanged: 0 }) } });
    mount(<Options />);
    const input = await waitFor(() => byLabel('Import links'));
    expect(input.type).toBe('file');
    expect(input.accept).toContain('.json');
    expect(input.accept).toContain('.csv');
    chooseFile(input, new File([csv], 'Links.CSV', { type: 'text/csv' }));
    (await waitFor(() => getByRole('button', 'Import 1 link'))).click();
    await waitFor(() => getByText('Imported Links.CSV: 1 added, 0 changed, 0 unchanged.'));
    expect(calls).toContainEqual({
      type: 'importLinks',
      links: [
        {
          productId: '1000',
          optionId: '5000',
          productName: 'Tee',
          optionName: 'S',
          pn: 'JH001-JBK-S',
          designs: { front: 'https://cdn.example.com/f.png' },
          mockups: {},
          neverFulfil: false,
        },
      ],
    });
    // the table is read again
    expect(calls.filter((c) => c.type === 'listLinks').length).toBeGreaterThanOrEqual(2);
  });

  it('reads JSON by its extension; a file with nothing new imports nothing', async () => {
    const stored = [link(0), link(1), link(2), link(3)];
    const json = exportLinks(stored, new Date()).text;
    const { calls } = optionsBackground({ links: stored });
    mount(<Options />);
    chooseFile(await waitFor(() => byLabel('Import links')), new File([json], 'backup.json'));
    await waitFor(() => getByText('Nothing to import from backup.json: its 4 links are the same as yours.'));
    expect(calls.some((c) => c.type === 'importLinks')).toBe(false);
  });

  it('shows which row of a bad file is wrong, and that nothing was imported', async () => {
    const { calls } = optionsBackground();
    const bad = [
      CSV_HEADER.join(','),
      '1000,5000,Tee,S,JH001-JBK-S,https://cdn.example.com/f.png,,no',
      '1000,5001,Tee,M,JH001-JBK-M,http://x.png,,no',
    ].join('\r\n');
    mount(<Options />);
    chooseFile(await waitFor(() => byLabel('Import links')), new File([bad], 'bad.csv'));
    const alert = await waitFor(() => getByRole('alert', /Nothing was imported/));
    expect(textOf(alert)).toBe(
      'Nothing was imported from bad.csv. Row 3: Front design: Design files must be https:// links; "http://x.png" is not.',
    );
    expect(calls.some((c) => c.type === 'importLinks')).toBe(false);
  });

  it('refuses other kinds of file and files too large, without asking the background', async () => {
    const { calls } = optionsBackground();
    mount(<Options />);
    const input = await waitFor(() => byLabel('Import links'));
    chooseFile(input, new File(['x'], 'links.xlsx'));
    await waitFor(() => getByText('Nothing was imported: "links.xlsx" is not a .json or .csv file.'));
    const big = new File(['x'], 'huge.json');
    Object.defineProperty(big, 'size', { value: 25_000_000 });
    chooseFile(input, big);
    await waitFor(() => getByText(/Nothing was imported: huge.json is 25.0 MB/));
    expect(calls.some((c) => c.type === 'importLinks')).toBe(false);
  });

  it('offers a CSV template with the columns the import reads', () => {
    expect(CSV_TEMPLATE_HEADER).toEqual(CSV_HEADER);
  });
});

describe('options: accessibility', () => {
  it('gives every control an accessible name', async () => {
    optionsBackground({ links: Array.from({ length: 60 }, (_, i) => link(i)) });
    const container = mount(<Options />);
    await waitFor(() => getByRole('table', 'Links'));
    await waitFor(() => getByRole('button', 'Save'));
    getByRole('button', 'Edit link for Tee 00000 / S').click();
    await waitFor(() => getByRole('form', /Edit link/));
    const controls = [...container.querySelectorAll('button, a[href], input, select, textarea')];
    expect(controls.length).toBeGreaterThan(100);
    for (const el of controls) expect(accName(el), el.outerHTML.slice(0, 160)).not.toBe('');
  });
});
