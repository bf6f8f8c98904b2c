// Size budgets of the built extension, checked by `npm test` right after the builds
// (`npm run size`): every bundle gzipped, with the chunks it imports. The file lists come from
// the build output (scripts/lib/bundles.mjs), the budgets from the same module.
import { join } from 'node:path';
import { BUDGETS, bundleFiles } from './scripts/lib/bundles.mjs';

// INK_EXTENSION_DIR checks another build (the unit test of the budgets uses it).
const DIR = process.env.INK_EXTENSION_DIR || '.output/chrome-mv3';
/** @type {Record<string, string>} */
const NAMES = {
  content: 'content script (every admin page)',
  linkDialog: 'link dialog (loaded on first open)',
  pageReport: 'page report (loaded on demand)',
  popup: 'popup',
  options: 'options page',
  background: 'background worker',
};

const files = bundleFiles(DIR);
export default /** @type {[import('./scripts/lib/bundles.mjs').BundleName, number][]} */ (Object.entries(BUDGETS)).map(
  ([key, budget]) => ({
    name: NAMES[key] ?? key,
    path: files[key].map((f) => join(DIR, f)),
    gzip: true,
    limit: `${budget / 1024} KiB`,
  }),
);
