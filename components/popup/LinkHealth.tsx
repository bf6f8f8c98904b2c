import { browser } from 'wxt/browser';
import { formatCount } from '../shared/format';
import { openTab } from './openers';

/** "2 links need attention": links whose option was deleted or renamed in Big Cartel. */
export function linkHealthText(count: number): string {
  return count === 1 ? '1 link needs attention' : `${formatCount(count)} links need attention`;
}

export function LinkHealth({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <div class="notice warn link-health" role="group" aria-label="Link health">
      <p>{linkHealthText(count)}: an option was deleted or renamed in Big Cartel.</p>
      <button type="button" onClick={() => openTab(`${browser.runtime.getURL('/options.html')}#attention`)}>
        Review links
      </button>
    </div>
  );
}
