import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { call } from '@/lib/protocol';
import type { Link } from '@/lib/types';
import { errorMessage, formatCount, plural } from '../shared/format';
import { type Resource, useResource } from '../shared/resource';
import { Spinner } from '../shared/Spinner';
import { useChanged } from '../shared/useChanged';
import { Pager } from '../shared/Pager';
import { SearchBox } from '../shared/SearchBox';
import { ImportPreviewPanel } from './ImportPreviewPanel';
import { type Busy, fetchLinks, linkTitle, type Notice } from './linkList';
import { LinksTable, type RowActions, type RowMode } from './LinksTable';
import { useLinkSearch } from './useLinkSearch';
import { useLinkTransfer } from './useLinkTransfer';

export { CSV_TEMPLATE_HEADER, LINKS_PAGE_SIZE } from './linkList';

type Transfer = ReturnType<typeof useLinkTransfer>;
type Search = ReturnType<typeof useLinkSearch>;

/** Links change from the Big Cartel admin too; reload when told, but only while this tab is seen. */
function useLiveLinks(loadLinks: () => Promise<void>): void {
  const stale = useRef(false);
  useChanged(() => {
    if (document.visibilityState === 'hidden') stale.current = true;
    else void loadLinks();
  }, 500);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && stale.current) {
        stale.current = false;
        void loadLinks();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [loadLinks]);
}

/**
 * `focus(selector)`: move the focus there once the next render is in the DOM. A layout effect, run
 * as each render commits: a plain effect still pending from an earlier render is flushed just
 * before the next render, and would look for the element before it exists.
 */
function useFocusAfter(root: { current: HTMLElement | null }): (selector: string) => void {
  const focusAfter = useRef<string | null>(null);
  useLayoutEffect(() => {
    const sel = focusAfter.current;
    if (!sel) return;
    focusAfter.current = null;
    root.current?.querySelector<HTMLElement>(sel)?.focus();
  });
  return (selector) => {
    focusAfter.current = selector;
  };
}

function FileActions({ busy, transfer }: { busy: Busy; transfer: Transfer }) {
  return (
    <div class="file-actions">
      <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={transfer.onExport}>
        {busy === 'export' && <Spinner />}
        Export links
      </button>
      <span class="file-button">
        <input
          id="links-import"
          class="visually-hidden"
          type="file"
          accept=".json,.csv,application/json,text/csv"
          disabled={busy === 'import'}
          onChange={(e) => transfer.onImport(e.currentTarget)}
        />
        <label for="links-import" class="button">
          {busy === 'import' && <Spinner />}
          Import links
        </label>
      </span>
      <button type="button" class="link" onClick={transfer.onTemplate}>
        Download CSV template
      </button>
    </div>
  );
}

function statusText(busy: Busy, pending: boolean, notice: Notice): string {
  if (busy === 'import') return pending ? 'Importing…' : 'Reading the file…';
  if (busy === 'restore') return 'Restoring…';
  return notice?.kind === 'ok' ? notice.text : '';
}

/** The line offering to undo the last import. */
function RestoreLine({ busy, transfer }: { busy: Busy; transfer: Transfer }) {
  const { lastImport } = transfer;
  if (!lastImport || transfer.pending) return null;
  return (
    <p class="import-undo">
      The import of {new Date(lastImport.at).toLocaleString()} changed {plural(lastImport.replaced, 'link')} and added{' '}
      {formatCount(lastImport.added)}.{' '}
      <button
        type="button"
        id="links-import-restore"
        class="link"
        aria-disabled={busy === 'restore' ? 'true' : undefined}
        onClick={transfer.onRestore}
      >
        {busy === 'restore' && <Spinner />}
        Restore the links as they were before it
      </button>
    </p>
  );
}

/** The list itself, or why there is none: loading, failed, empty, nothing matches. */
function LinksBody(props: { links: Resource<Link[]>; reload(): void; search: Search; actions: RowActions }) {
  const { links, search } = props;
  if (links.data === null) {
    return links.error ? (
      <div class="notice error" role="alert">
        <p>Could not load the links: {links.error}</p>
        <button type="button" onClick={props.reload}>
          Try again
        </button>
      </div>
    ) : (
      <p class="loading" role="status">
        <Spinner /> Loading links…
      </p>
    );
  }
  if (links.data.length === 0) {
    return <p class="empty">No links yet. Link products from a Big Cartel order page, or import a links file.</p>;
  }
  const { filtered, query } = search;
  if (filtered.length === 0) {
    return (
      <p class="empty" role="status">
        No links match “{query.trim()}”.
      </p>
    );
  }
  return (
    <>
      {search.searching && (
        <p class="muted" role="status">
          {plural(filtered.length, 'link')} match{filtered.length === 1 ? 'es' : ''} “{query.trim()}”.
        </p>
      )}
      <LinksTable shown={search.shown} actions={props.actions} />
      <Pager label="Links pages" current={search.current} pages={search.pages} onPage={search.setPage} />
    </>
  );
}

/** Every link: search, edit, delete, export and import. */
export function LinksManager() {
  const [links, loadLinks, setLinks] = useResource(fetchLinks);
  const [row, setRow] = useState<RowMode>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const rootRef = useRef<HTMLElement>(null);
  const focus = useFocusAfter(rootRef);
  const transfer = useLinkTransfer({ busy, setBusy, setNotice, focus, loadLinks });
  const search = useLinkSearch(links.data);

  useEffect(() => {
    void loadLinks();
    void transfer.loadLastImport();
  }, [loadLinks]);
  useLiveLinks(loadLinks);

  const onDelete = async (link: Link) => {
    if (busy) return;
    setBusy('delete');
    try {
      await call({ type: 'deleteLink', key: link.key });
      setLinks((all) => all.filter((l) => l.key !== link.key));
      setRow(null);
      setNotice({ kind: 'ok', text: `Deleted the link for ${linkTitle(link)}.` });
      focus('#links-search');
    } catch (err) {
      setNotice({ kind: 'error', text: `Not deleted: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };
  const actions: RowActions = {
    row,
    setRow,
    deleting: busy === 'delete',
    focus,
    onDelete: (link) => void onDelete(link),
    onSaved: (saved, title, completes) => {
      setLinks((all) => all.map((x) => (x.key === saved.key ? saved : x)));
      setNotice({
        kind: 'ok',
        text: `Saved the link for ${title}.${completes ? ` ${plural(completes, 'order')} no longer wait${completes === 1 ? 's' : ''} for links.` : ''}`,
      });
    },
  };

  return (
    <section class="card links" aria-labelledby="links-heading" ref={rootRef}>
      <div class="card-head">
        <h2 id="links-heading">Links</h2>
        {links.data && <span class="muted">{plural(links.data.length, 'link')}</span>}
      </div>
      <p class="muted">
        Each Big Cartel product or option linked to an Inkthreadable product. Back them up with Export; move them to
        another browser with Import (JSON from Export, or CSV with the columns of the template).
      </p>
      <div class="toolbar">
        <SearchBox id="links-search" label="Search links" value={search.query} onSearch={search.onSearch} />
        <FileActions busy={busy} transfer={transfer} />
      </div>
      <div role="status" class="links-status">
        {statusText(busy, transfer.pending !== null, notice)}
      </div>
      {transfer.pending && (
        <ImportPreviewPanel
          pending={transfer.pending}
          busy={busy === 'import'}
          onConfirm={transfer.onConfirmImport}
          onCancel={transfer.onCancelImport}
        />
      )}
      <RestoreLine busy={busy} transfer={transfer} />
      {notice?.kind === 'error' && (
        <p class="notice error" role="alert">
          {notice.text}
        </p>
      )}
      <LinksBody links={links} reload={() => void loadLinks()} search={search} actions={actions} />
    </section>
  );
}
