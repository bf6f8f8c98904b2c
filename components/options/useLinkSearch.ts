import { useMemo, useState } from 'preact/hooks';
import type { Link } from '@/lib/types';
import { haystack, LINKS_PAGE_SIZE } from './linkList';

/** The search box and pager over the links: what matches, and the page of it shown. */
export function useLinkSearch(links: Link[] | null) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const indexed = useMemo(() => (links ?? []).map((l) => ({ link: l, hay: haystack(l) })), [links]);
  const needle = query.trim().toLowerCase();
  const words = needle.split(/\s+/).filter(Boolean);
  const filtered = useMemo(() => {
    const ws = needle.split(/\s+/).filter(Boolean);
    return (ws.length ? indexed.filter((x) => ws.every((w) => x.hay.includes(w))) : indexed).map((x) => x.link);
  }, [indexed, needle]);
  const pages = Math.max(1, Math.ceil(filtered.length / LINKS_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * LINKS_PAGE_SIZE, (current + 1) * LINKS_PAGE_SIZE);
  const onSearch = (q: string) => {
    setQuery(q);
    setPage(0);
  };
  return { query, onSearch, setPage, searching: words.length > 0, filtered, pages, current, shown };
}
