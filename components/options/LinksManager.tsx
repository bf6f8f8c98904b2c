import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call, type ImportPreview } from '@/lib/protocol';
import { linkDiff, optionLabel } from '@/lib/links';
import type { Link } from '@/lib/types';
import { downloadText } from '../shared/download';
import { errorMessage, formatCount, plural } from '../shared/format';
import { useResource } from '../shared/resource';
import { Spinner } from '../shared/Spinner';
import { useChanged } from '../shared/useChanged';
import { LinkEditor } from './LinkEditor';
import { Pager } from '../shared/Pager';
import { SearchBox } from '../shared/SearchBox';

export const LINKS_PAGE_SIZE = 50;
/** the protocol refuses larger imports */
export const MAX_IMPORT_CHARS = 20_000_000;

/** Must match lib/worker/linkfile.ts CSV_HEADER (checked by a test); kept here so zod stays out of this page. */
export const CSV_TEMPLATE_HEADER = [
  'Big Cartel product id',
  'Option id',
  'Product name',
  'Option name',
  'Inkthreadable code',
  'Front design',
  'Back design',
  'Never fulfil',
];

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function byName(a: Link, b: Link): number {
  return (
    collator.compare(a.productName, b.productName) ||
    collator.compare(a.productId, b.productId) ||
    (a.optionId === null
      ? -1
      : b.optionId === null
        ? 1
        : collator.compare(a.optionName, b.optionName) || collator.compare(a.optionId, b.optionId))
  );
}

export function linkTitle(l: Pick<Link, 'productName' | 'productId' | 'optionId' | 'optionName'>): string {
  const product = l.productName || `Product ${l.productId}`;
  if (l.optionId === null) return `${product} (all options)`;
  return l.optionName ? optionLabel(product, l.optionName) : `${product} / option ${l.optionId}`;
}

function haystack(l: Link): string {
  return [
    l.productName,
    l.optionName,
    l.pn,
    l.productId,
    l.optionId ?? '',
    ...Object.keys(l.designs),
    l.neverFulfil ? 'never fulfil' : '',
  ]
    .join('\u0000')
    .toLowerCase();
}

export function importFormat(filename: string): 'json' | 'csv' | null {
  const name = filename.toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  return null;
}

type Notice = { kind: 'ok' | 'error'; text: string } | null;
type Pending = { file: string; text: string; format: 'json' | 'csv'; preview: ImportPreview } | null;
type LastImport = { at: string; replaced: number; added: number } | null;

/** What an import would do to one link, in words. */
function ImportEntry({ entry }: { entry: ImportPreview['entries'][number] }) {
  const title = linkTitle(entry.after);
  if (entry.kind === 'added') {
    return (
      <li>
        {title}: {entry.after.neverFulfil ? 'never fulfil' : <code>{entry.after.pn}</code>}
      </li>
    );
  }
  const { changed, removed } = linkDiff(entry.before, entry.after);
  return (
    <li>
      {title}
      <ul>
        {changed.map((c) => (
          <li key={c}>{c}</li>
        ))}
        {removed.map((r) => (
          <li key={r} class="removed">
            Removed: {r}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The preview of an import: what it adds, changes and removes; nothing is written before Import. */
function ImportPreviewPanel({
  pending,
  busy,
  onConfirm,
  onCancel,
}: {
  pending: NonNullable<Pending>;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { preview: p, file } = pending;
  const added = p.entries.filter((e) => e.kind === 'added');
  const changed = p.entries.filter((e) => e.kind === 'changed');
  const more = p.added + p.changed - p.entries.length;
  return (
    <div class="import-preview" role="group" aria-labelledby="import-preview-heading">
      <h3 id="import-preview-heading" tabIndex={-1}>
        Import {file}?
      </h3>
      <p>
        {formatCount(p.added)} added, {formatCount(p.changed)} changed
        {p.removing ? ` (${plural(p.removing, 'link')} losing a code, design or mockup)` : ''},{' '}
        {formatCount(p.unchanged)} unchanged. Nothing is changed until you choose Import; the links it replaces are
        kept, and can be restored.
      </p>
      {added.length > 0 && (
        <>
          <h4>Added</h4>
          <ul>
            {added.map((e) => (
              <ImportEntry key={e.after.key} entry={e} />
            ))}
          </ul>
        </>
      )}
      {changed.length > 0 && (
        <>
          <h4>Changed</h4>
          <ul>
            {changed.map((e) => (
              <ImportEntry key={e.after.key} entry={e} />
            ))}
          </ul>
        </>
      )}
      {more > 0 && <p class="muted">…and {plural(more, 'more link')}.</p>}
      <div class="confirm">
        <button type="button" class="primary" aria-disabled={busy ? 'true' : undefined} onClick={onConfirm}>
          {busy && <Spinner />}
          Import {plural(p.added + p.changed, 'link')}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
type RowMode = { key: string; mode: 'edit' | 'confirm' } | null;

async function fetchLinks(): Promise<Link[]> {
  return (await call({ type: 'listLinks' })).sort(byName);
}

/** Every link: search, edit, delete, export and import. */
export function LinksManager() {
  const [links, loadLinks, setLinks] = useResource(fetchLinks);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [row, setRow] = useState<RowMode>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<'export' | 'import' | 'delete' | 'restore' | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [lastImport, setLastImport] = useState<LastImport>(null);
  const stale = useRef(false);
  const rootRef = useRef<HTMLElement>(null);
  const focusAfter = useRef<string | null>(null);

  const loadLastImport = async () => {
    try {
      setLastImport(await call({ type: 'getLastImport' }));
    } catch {
      setLastImport(null);
    }
  };

  useEffect(() => {
    void loadLinks();
    void loadLastImport();
  }, [loadLinks]);

  // Links change from the Big Cartel admin too; reload when told, but only while this tab is seen.
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

  const indexed = useMemo(() => (links.data ?? []).map((l) => ({ link: l, hay: haystack(l) })), [links.data]);
  const needle = query.trim().toLowerCase();
  const words = needle.split(/\s+/).filter(Boolean);
  const filtered = useMemo(() => {
    const ws = needle.split(/\s+/).filter(Boolean);
    return (ws.length ? indexed.filter((x) => ws.every((w) => x.hay.includes(w))) : indexed).map((x) => x.link);
  }, [indexed, needle]);
  const pages = Math.max(1, Math.ceil(filtered.length / LINKS_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * LINKS_PAGE_SIZE, (current + 1) * LINKS_PAGE_SIZE);

  useEffect(() => {
    const sel = focusAfter.current;
    if (!sel) return;
    focusAfter.current = null;
    rootRef.current?.querySelector<HTMLElement>(sel)?.focus();
  });

  const onExport = async () => {
    if (busy) return;
    setBusy('export');
    setNotice(null);
    try {
      const { filename, text } = await call({ type: 'exportLinks' });
      let count: number | null = null;
      try {
        count = (JSON.parse(text) as { links: unknown[] }).links.length;
      } catch {
        /* count unknown */
      }
      downloadText(filename, text, 'application/json');
      setNotice({
        kind: 'ok',
        text: `Exported ${count === null ? 'the links' : plural(count, 'link')} to ${filename}.`,
      });
    } catch (err) {
      setNotice({ kind: 'error', text: `Export failed: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const onTemplate = () => {
    downloadText('inkthreadable-links-template.csv', `${CSV_TEMPLATE_HEADER.join(',')}\r\n`, 'text/csv');
  };

  const onImport = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file || busy) return;
    setNotice(null);
    const format = importFormat(file.name);
    try {
      if (!format) {
        setNotice({ kind: 'error', text: `Nothing was imported: "${file.name}" is not a .json or .csv file.` });
        return;
      }
      if (file.size > MAX_IMPORT_CHARS) {
        setNotice({
          kind: 'error',
          text: `Nothing was imported: ${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB; files up to ${MAX_IMPORT_CHARS / 1_000_000} MB can be imported.`,
        });
        return;
      }
      setBusy('import');
      const text = await file.text();
      if (text.length > MAX_IMPORT_CHARS) {
        setNotice({ kind: 'error', text: `Nothing was imported: ${file.name} is too large to import at once.` });
        return;
      }
      // First what it would do; nothing is written before the merchant confirms.
      const preview = await call({ type: 'previewImport', text, format });
      if (preview.added + preview.changed === 0) {
        setNotice({
          kind: 'ok',
          text: `Nothing to import from ${file.name}: its ${plural(preview.unchanged, 'link')} are the same as yours.`,
        });
        return;
      }
      setPending({ file: file.name, text, format, preview });
      focusAfter.current = '#import-preview-heading';
    } catch (err) {
      setNotice({ kind: 'error', text: `Nothing was imported from ${file.name}. ${errorMessage(err)}` });
    } finally {
      setBusy(null);
      input.value = '';
    }
  };

  const onConfirmImport = async () => {
    if (!pending || busy) return;
    setBusy('import');
    try {
      const r = await call({ type: 'importLinks', text: pending.text, format: pending.format });
      setNotice({
        kind: 'ok',
        text: `Imported ${pending.file}: ${formatCount(r.added)} added, ${formatCount(r.changed)} changed, ${formatCount(r.unchanged)} unchanged.`,
      });
      setPending(null);
      focusAfter.current = '#links-import-restore';
      await Promise.all([loadLinks(), loadLastImport()]);
    } catch (err) {
      setPending(null);
      setNotice({ kind: 'error', text: `Nothing was imported from ${pending.file}. ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const onCancelImport = () => {
    if (!pending) return;
    setNotice({ kind: 'ok', text: `Nothing was imported from ${pending.file}.` });
    setPending(null);
    focusAfter.current = '#links-search';
  };

  const onRestore = async () => {
    if (busy) return;
    setBusy('restore');
    try {
      const r = await call({ type: 'restoreImport' });
      setNotice({
        kind: 'ok',
        text: `Restored the links as they were before the import: ${plural(r.restored, 'link')} put back, ${plural(r.removed, 'link')} it added removed.`,
      });
      focusAfter.current = '#links-search';
      await Promise.all([loadLinks(), loadLastImport()]);
    } catch (err) {
      setNotice({ kind: 'error', text: `Not restored: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const onDelete = async (link: Link) => {
    if (busy) return;
    setBusy('delete');
    try {
      await call({ type: 'deleteLink', key: link.key });
      setLinks((all) => all.filter((l) => l.key !== link.key));
      setRow(null);
      setNotice({ kind: 'ok', text: `Deleted the link for ${linkTitle(link)}.` });
      focusAfter.current = '#links-search';
    } catch (err) {
      setNotice({ kind: 'error', text: `Not deleted: ${errorMessage(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const total = links.data?.length ?? 0;

  return (
    <section class="card links" aria-labelledby="links-heading" ref={rootRef}>
      <div class="card-head">
        <h2 id="links-heading">Links</h2>
        {links.data && <span class="muted">{plural(total, 'link')}</span>}
      </div>
      <p class="muted">
        Each Big Cartel product or option linked to an Inkthreadable product. Back them up with Export; move them to
        another browser with Import (JSON from Export, or CSV with the columns of the template).
      </p>
      <div class="toolbar">
        <SearchBox
          id="links-search"
          label="Search links"
          value={query}
          onSearch={(q) => {
            setQuery(q);
            setPage(0);
          }}
        />
        <div class="file-actions">
          <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={() => void onExport()}>
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
              onChange={(e) => void onImport(e.currentTarget)}
            />
            <label for="links-import" class="button">
              {busy === 'import' && <Spinner />}
              Import links
            </label>
          </span>
          <button type="button" class="link" onClick={onTemplate}>
            Download CSV template
          </button>
        </div>
      </div>
      <div role="status" class="links-status">
        {busy === 'import'
          ? pending
            ? 'Importing…'
            : 'Reading the file…'
          : busy === 'restore'
            ? 'Restoring…'
            : notice?.kind === 'ok'
              ? notice.text
              : ''}
      </div>
      {pending && (
        <ImportPreviewPanel
          pending={pending}
          busy={busy === 'import'}
          onConfirm={() => void onConfirmImport()}
          onCancel={onCancelImport}
        />
      )}
      {lastImport && !pending && (
        <p class="import-undo">
          The import of {new Date(lastImport.at).toLocaleString()} changed {plural(lastImport.replaced, 'link')} and
          added {formatCount(lastImport.added)}.{' '}
          <button
            type="button"
            id="links-import-restore"
            class="link"
            aria-disabled={busy === 'restore' ? 'true' : undefined}
            onClick={() => void onRestore()}
          >
            {busy === 'restore' && <Spinner />}
            Restore the links as they were before it
          </button>
        </p>
      )}
      {notice?.kind === 'error' && (
        <p class="notice error" role="alert">
          {notice.text}
        </p>
      )}

      {links.data === null ? (
        links.error ? (
          <div class="notice error" role="alert">
            <p>Could not load the links: {links.error}</p>
            <button type="button" onClick={() => void loadLinks()}>
              Try again
            </button>
          </div>
        ) : (
          <p class="loading" role="status">
            <Spinner /> Loading links…
          </p>
        )
      ) : total === 0 ? (
        <p class="empty">No links yet. Link products from a Big Cartel order page, or import a links file.</p>
      ) : filtered.length === 0 ? (
        <p class="empty" role="status">
          No links match “{query.trim()}”.
        </p>
      ) : (
        <>
          {words.length > 0 && (
            <p class="muted" role="status">
              {plural(filtered.length, 'link')} match{filtered.length === 1 ? 'es' : ''} “{query.trim()}”.
            </p>
          )}
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Links</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Option</th>
                  <th scope="col">Code</th>
                  <th scope="col">Designs</th>
                  <th scope="col">Never fulfil</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((l) => {
                  const title = linkTitle(l);
                  const mode = row?.key === l.key ? row.mode : null;
                  const rowId = `link-${l.key.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
                  return (
                    <Fragment key={l.key}>
                      <tr class={mode ? 'active' : undefined}>
                        <td>
                          {l.productName || `Product ${l.productId}`} <span class="id muted">#{l.productId}</span>
                        </td>
                        <td>
                          {l.optionId === null ? (
                            <span class="muted">All options</span>
                          ) : (
                            l.optionName || `Option ${l.optionId}`
                          )}
                        </td>
                        <td>{l.pn ? <code>{l.pn}</code> : <span class="muted">—</span>}</td>
                        <td>
                          {Object.keys(l.designs).length ? (
                            <ul class="designs">
                              {Object.entries(l.designs).map(([p, url]) => (
                                <li key={p}>
                                  <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
                                    {p}
                                  </a>
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <span class="muted">—</span>
                          )}
                        </td>
                        <td>{l.neverFulfil ? 'Yes' : 'No'}</td>
                        <td class="row-actions">
                          <button
                            type="button"
                            id={`${rowId}-edit`}
                            aria-label={`Edit link for ${title}`}
                            aria-expanded={mode === 'edit'}
                            onClick={() => setRow(mode === 'edit' ? null : { key: l.key, mode: 'edit' })}
                          >
                            Edit
                          </button>
                          <button
                            type="button"
                            id={`${rowId}-delete`}
                            class="danger"
                            aria-label={`Delete link for ${title}`}
                            onClick={() => {
                              setRow({ key: l.key, mode: 'confirm' });
                              focusAfter.current = `#${rowId}-confirm`;
                            }}
                          >
                            Delete
                          </button>
                        </td>
                      </tr>
                      {mode === 'edit' && (
                        <tr class="detail">
                          <td colSpan={6}>
                            <LinkEditor
                              link={l}
                              onCancel={() => {
                                setRow(null);
                                focusAfter.current = `#${rowId}-edit`;
                              }}
                              onSaved={(saved, completes) => {
                                setLinks((all) => all.map((x) => (x.key === saved.key ? saved : x)));
                                setRow(null);
                                focusAfter.current = `#${rowId}-edit`;
                                setNotice({
                                  kind: 'ok',
                                  text: `Saved the link for ${title}.${completes ? ` ${plural(completes, 'order')} no longer wait${completes === 1 ? 's' : ''} for links.` : ''}`,
                                });
                              }}
                            />
                          </td>
                        </tr>
                      )}
                      {mode === 'confirm' && (
                        <tr class="detail">
                          <td colSpan={6}>
                            <div class="confirm" role="group" aria-label={`Delete link for ${title}?`}>
                              <p>Delete the link for {title}? Orders with this item will need linking again.</p>
                              <button
                                type="button"
                                id={`${rowId}-confirm`}
                                class="danger"
                                aria-disabled={busy === 'delete' ? 'true' : undefined}
                                onClick={() => void onDelete(l)}
                              >
                                {busy === 'delete' && <Spinner />}
                                Yes, delete
                              </button>
                              <button
                                type="button"
                                onClick={() => {
                                  setRow(null);
                                  focusAfter.current = `#${rowId}-delete`;
                                }}
                              >
                                Cancel
                              </button>
                            </div>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager label="Links pages" current={current} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
