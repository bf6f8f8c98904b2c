import { formatCount } from './format';

/** Previous / next through pages of a long list, with where the merchant is. */
export function Pager({
  label,
  current,
  pages,
  onPage,
}: {
  label: string;
  current: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={current === 0} onClick={() => onPage(current - 1)}>
        Previous page
      </button>
      <span>
        Page {formatCount(current + 1)} of {formatCount(pages)}
      </span>
      <button type="button" disabled={current >= pages - 1} onClick={() => onPage(current + 1)}>
        Next page
      </button>
    </nav>
  );
}
