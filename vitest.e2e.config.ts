import { defineConfig } from 'vitest/config';

// The end-to-end suite: the production build in a real Chromium against the sandbox.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
