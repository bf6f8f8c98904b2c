import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** The Big Cartel admin, where the content script runs (see entrypoints/bigcartel.content). */
export const ADMIN_MATCHES = ['https://my.bigcartel.com/*', 'https://app.bigcartel.com/*'];

export const HOST_PERMISSIONS = [
  ...ADMIN_MATCHES,
  'https://api.bigcartel.com/*',
  'https://www.inkthreadable.co.uk/*',
];

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    // The admin pages' content script talks to the background through the browsers' own promise
    // API (chrome.* in Chrome MV3, browser.* in Firefox), as WXT does without the polyfill: it only
    // sends messages and listens for change notices, and the polyfill would add 3 KB gzipped to
    // every admin page. The worker, popup and options keep webextension-polyfill.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      const native = { find: 'wxt/browser', replacement: '@wxt-dev/browser' };
      if (Array.isArray(alias)) {
        config.resolve!.alias = [native, ...alias.filter((a) => a.find !== 'wxt/browser')];
      } else {
        config.resolve = { ...config.resolve, alias: [native, ...Object.entries(alias ?? {}).filter(([k]) => k !== 'wxt/browser').map(([find, replacement]) => ({ find, replacement }))] };
      }
    },
  },
  manifest: {
    name: 'Inkthreadable for Big Cartel',
    description:
      'Link Big Cartel products to Inkthreadable, send orders exactly once and see what is waiting, from the Big Cartel admin.',
    permissions: ['storage', 'alarms', 'notifications'],
    host_permissions: HOST_PERMISSIONS,
    action: { default_title: 'Inkthreadable orders' },
    // The link dialog's module and the page report's, which the admin pages' content script loads
    // the first time the merchant needs them. Only the admin pages may load them, and only by a URL
    // that changes every session (Chrome), so no other site can tell the extension is installed.
    web_accessible_resources: [{ resources: ['link-dialog.js', 'page-report.js'], matches: ADMIN_MATCHES, use_dynamic_url: true }],
    browser_specific_settings: {
      gecko: {
        id: 'inkthreadable-overlay@bigcartel.extension',
        strict_min_version: '142.0',
        // Nothing is collected: orders go only to the merchant's own Inkthreadable account.
        data_collection_permissions: { required: ['none'] },
      } as Record<string, unknown>,
    },
  },
});
