import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    // several waitFor() steps (10 s bound each, see tests/unit/helpers/dom.tsx) fit in one test
    testTimeout: 30_000,
    // The overlay's and the link dialog's stylesheets (imported with ?inline) load as their real
    // text, as the build ships them (unminified here), so tests can check what a shadow root holds.
    css: { include: [/\/lib\/theme\/[^/]+\.css/, /\/components\/dialog\/[^/]+\.css/] },
  },
});
