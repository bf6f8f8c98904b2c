import { pageReport } from '@/lib/bigcartel/report';
import { REPORT_KEY } from '@/lib/content/on-demand';

/**
 * The page report's builder, loaded by the admin pages' content script only when the merchant
 * saves a page for a bug report. It runs in the content script's isolated world.
 */
export default defineUnlistedScript(() => {
  (globalThis as Record<symbol, unknown>)[REPORT_KEY] = pageReport;
});
