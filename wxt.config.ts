import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export const HOST_PERMISSIONS = [
  'https://my.bigcartel.com/*',
  'https://app.bigcartel.com/*',
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
