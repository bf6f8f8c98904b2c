import { startOverlay } from '@/lib/content/main';
import { ADMIN_MATCHES } from '@/lib/hosts';

export default defineContentScript({
  matches: ADMIN_MATCHES,
  // After the page has parsed (at the latest just after its load event): the admin loads exactly
  // as fast as without the extension, and the order is asked for as soon as the script starts.
  runAt: 'document_idle',
  main: (ctx) => void startOverlay(ctx),
});
