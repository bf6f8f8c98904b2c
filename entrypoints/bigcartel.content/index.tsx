import { startOverlay } from '@/lib/content/main';

export default defineContentScript({
  matches: ['https://my.bigcartel.com/*', 'https://app.bigcartel.com/*'],
  // After the page has parsed (at the latest just after its load event): the admin loads exactly
  // as fast as without the extension, and the order is asked for as soon as the script starts.
  runAt: 'document_idle',
  main: (ctx) => void startOverlay(ctx),
});
