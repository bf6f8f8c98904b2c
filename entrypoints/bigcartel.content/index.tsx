import { startOverlay } from '@/lib/overlay/main';

export default defineContentScript({
  matches: ['https://my.bigcartel.com/*', 'https://app.bigcartel.com/*'],
  // Start early: the order is asked for while the page is still loading.
  runAt: 'document_start',
  main: (ctx) => void startOverlay(ctx),
});
