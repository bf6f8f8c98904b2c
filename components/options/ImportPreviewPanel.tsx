import type { ImportPreview } from '@/lib/protocol';
import { linkDiff, type LinkInput } from '@/lib/links';
import { formatCount, plural } from '../shared/format';
import { Spinner } from '../shared/Spinner';
import { linkTitle } from './linkList';

export type Pending = { file: string; links: LinkInput[]; preview: ImportPreview } | null;

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

function EntryList({ heading, entries }: { heading: string; entries: ImportPreview['entries'] }) {
  if (entries.length === 0) return null;
  return (
    <>
      <h4>{heading}</h4>
      <ul>
        {entries.map((e) => (
          <ImportEntry key={e.after.key} entry={e} />
        ))}
      </ul>
    </>
  );
}

/** The preview of an import: what it adds, changes and removes; nothing is written before Import. */
export function ImportPreviewPanel({
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
  const more = p.added + p.changed - p.entries.length;
  return (
    <fieldset class="import-preview" aria-labelledby="import-preview-heading">
      <h3 id="import-preview-heading" tabIndex={-1}>
        Import {file}?
      </h3>
      <p>
        {formatCount(p.added)} added, {formatCount(p.changed)} changed
        {p.removing ? ` (${plural(p.removing, 'link')} losing a code, design or mockup)` : ''},{' '}
        {formatCount(p.unchanged)} unchanged. Nothing is changed until you choose Import; the links it replaces are
        kept, and can be restored.
      </p>
      <EntryList heading="Added" entries={p.entries.filter((e) => e.kind === 'added')} />
      <EntryList heading="Changed" entries={p.entries.filter((e) => e.kind === 'changed')} />
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
    </fieldset>
  );
}
