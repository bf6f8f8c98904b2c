import type { Link } from '@/lib/types';
import { Spinner } from '../shared/Spinner';
import { LinkEditor } from './LinkEditor';
import { linkTitle } from './linkList';

export type RowMode = { key: string; mode: 'edit' | 'confirm' } | null;

/** What the table needs from the links page: which row is open, and what its buttons do. */
export interface RowActions {
  row: RowMode;
  setRow(row: RowMode): void;
  deleting: boolean;
  /** focus the element matching this selector after the next render */
  focus(selector: string): void;
  onDelete(link: Link): void;
  onSaved(saved: Link, title: string, completes: number): void;
}

function rowIdOf(l: Link): string {
  return `link-${l.key.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

function Designs({ designs }: { designs: Link['designs'] }) {
  if (!Object.keys(designs).length) return <span class="muted">—</span>;
  return (
    <ul class="designs">
      {Object.entries(designs).map(([p, url]) => (
        <li key={p}>
          <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
            {p}
          </a>
        </li>
      ))}
    </ul>
  );
}

function LinkCells({ l }: { l: Link }) {
  return (
    <>
      <td>
        {l.productName || `Product ${l.productId}`} <span class="id muted">#{l.productId}</span>
      </td>
      <td>{l.optionId === null ? <span class="muted">All options</span> : l.optionName || `Option ${l.optionId}`}</td>
      <td>{l.pn ? <code>{l.pn}</code> : <span class="muted">—</span>}</td>
      <td>
        <Designs designs={l.designs} />
      </td>
      <td>{l.neverFulfil ? 'Yes' : 'No'}</td>
    </>
  );
}

function ConfirmDelete({ l, title, rowId, actions }: { l: Link; title: string; rowId: string; actions: RowActions }) {
  return (
    <fieldset class="confirm" aria-label={`Delete link for ${title}?`}>
      <p>Delete the link for {title}? Orders with this item will need linking again.</p>
      <button
        type="button"
        id={`${rowId}-confirm`}
        class="danger"
        aria-disabled={actions.deleting ? 'true' : undefined}
        onClick={() => actions.onDelete(l)}
      >
        {actions.deleting && <Spinner />}
        Yes, delete
      </button>
      <button
        type="button"
        onClick={() => {
          actions.setRow(null);
          actions.focus(`#${rowId}-delete`);
        }}
      >
        Cancel
      </button>
    </fieldset>
  );
}

function LinkRow({ l, actions }: { l: Link; actions: RowActions }) {
  const { row, setRow, focus } = actions;
  const title = linkTitle(l);
  const mode = row?.key === l.key ? row.mode : null;
  const rowId = rowIdOf(l);
  return (
    <>
      <tr class={mode ? 'active' : undefined}>
        <LinkCells l={l} />
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
              focus(`#${rowId}-confirm`);
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
                focus(`#${rowId}-edit`);
              }}
              onSaved={(saved, completes) => {
                setRow(null);
                focus(`#${rowId}-edit`);
                actions.onSaved(saved, title, completes);
              }}
            />
          </td>
        </tr>
      )}
      {mode === 'confirm' && (
        <tr class="detail">
          <td colSpan={6}>
            <ConfirmDelete l={l} title={title} rowId={rowId} actions={actions} />
          </td>
        </tr>
      )}
    </>
  );
}

/** One page of links, each row with Edit (opens the editor under it) and Delete (asks first). */
export function LinksTable({ shown, actions }: { shown: Link[]; actions: RowActions }) {
  return (
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
          {shown.map((l) => (
            <LinkRow key={l.key} l={l} actions={actions} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
