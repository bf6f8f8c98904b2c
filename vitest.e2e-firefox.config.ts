import { defineConfig } from 'vitest/config';

// The Firefox end-to-end suite: the production Firefox build in firefox-esr against the sandbox.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/firefox/**/*.firefox.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 90_000,
  },
});
