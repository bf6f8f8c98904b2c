export default defineContentScript({
  matches: ['https://my.bigcartel.com/*', 'https://app.bigcartel.com/*'],
  main() {
    document.documentElement.dataset.inkOverlay = 'loaded';
  },
});
