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
