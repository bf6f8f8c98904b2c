import { browser } from 'wxt/browser';
import { formatCount } from '../shared/format';
import { openTab } from './openers';

const openProducts = (hash: string) => () => openTab(`${browser.runtime.getURL('/options.html')}#${hash}`);

/** "2 links need attention": links whose option was deleted or renamed in Big Cartel. */
function linkHealthText(count: number): string {
  return count === 1 ? '1 link needs attention' : `${formatCount(count)} links need attention`;
}

export function LinkHealth({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <fieldset class="notice warn link-health" aria-label="Link health">
      <p>{linkHealthText(count)}: an option was deleted or renamed in Big Cartel.</p>
      <button type="button" onClick={openProducts('attention')}>
        Review links
      </button>
    </fieldset>
  );
}

/** The first-run helper's hint: options that sell but are not linked, to link before the next order. */
export function CatalogueHint({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <fieldset class="notice link-health catalogue-hint" aria-label="Link your catalogue">
      <p>
        {count === 1
          ? '1 option sold in the last 90 days is not linked'
          : `${formatCount(count)} options sold in the last 90 days are not linked`}
        : link
        {count === 1 ? ' it' : ' them'} before the next order.
      </p>
      <button type="button" onClick={openProducts('products')}>
        Link your catalogue
      </button>
    </fieldset>
  );
}
