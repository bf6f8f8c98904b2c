import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { ADMIN_MATCHES } from './lib/hosts';

/** The Big Cartel admin (lib/hosts.ts, where the content script runs), and the two APIs. */
const HOST_PERMISSIONS = [...ADMIN_MATCHES, 'https://api.bigcartel.com/*', 'https://www.inkthreadable.co.uk/*'];

// See https://wxt.dev/api/config.html
export default defineConfig({
  // INK_SOURCEMAP=1: a build with source maps, apart, for scripts/bundle-parts.mjs.
  outDir: process.env.INK_SOURCEMAP ? '.output/sourcemap' : undefined,
  vite: () => ({
    plugins: [preact()],
    build: process.env.INK_SOURCEMAP ? { sourcemap: true } : undefined,
  }),
  // No webextension-polyfill: every part of the extension uses the browsers' own promise API
  // through WXT's `wxt/browser` (chrome.* in Chrome MV3, browser.* in Firefox). It only sends and
  // answers messages, reads storage, alarms, tabs and notifications, all promise-based in both,
  // and the polyfill cost 3 KB gzipped in every bundle that loaded it.
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
    web_accessible_resources: [
      { resources: ['link-dialog.js', 'page-report.js'], matches: ADMIN_MATCHES, use_dynamic_url: true },
    ],
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
