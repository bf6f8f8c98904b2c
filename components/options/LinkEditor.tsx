import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '@/lib/protocol';
import { checkPlacements, checkProductCode, type LinkInput, PLACEMENTS } from '@/lib/links';
import type { Link } from '@/lib/types';
import { errorMessage } from '../shared/format';
import { Spinner } from '../shared/Spinner';

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Placements to offer: front and back always, then every placement the link already has. */
function editablePlacements(designs: Record<string, string>): string[] {
  const known = PLACEMENTS as readonly string[];
  const extra = Object.keys(designs).filter((p) => p !== 'front' && p !== 'back');
  extra.sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return ['front', 'back', ...extra];
}

interface Props {
  link: Link;
  onSaved: (link: Link, completes: number) => void;
  onCancel: () => void;
}

interface Values {
  pn: string;
  designs: Record<string, string>;
  never: boolean;
}

type Errors = { pn?: string; designs?: string; form?: string };

/**
 * The editor's values, each also kept in a ref updated as typed, ahead of the next render (a fast
 * "Save link" after typing sees them).
 */
function useEditorValues(link: Link) {
  const [pn, setPnState] = useState(link.pn);
  const [designs, setDesigns] = useState<Record<string, string>>(() =>
    Object.fromEntries(editablePlacements(link.designs).map((p) => [p, link.designs[p] ?? ''])),
  );
  const [never, setNeverState] = useState(link.neverFulfil);
  const latest = useRef<Values>({ pn, designs, never });
  const setPn = (value: string) => {
    latest.current = { ...latest.current, pn: value };
    setPnState(value);
  };
  const setDesign = (placement: string, value: string) => {
    latest.current = { ...latest.current, designs: { ...latest.current.designs, [placement]: value } };
    setDesigns(latest.current.designs);
  };
  const setNever = (value: boolean) => {
    latest.current = { ...latest.current, never: value };
    setNeverState(value);
  };
  return { pn, designs, never, latest, setPn, setDesign, setNever };
}

/** What is wrong with the values, by field (nothing for a "never fulfil" link). */
function validate({ pn, designs, never }: Values): Errors {
  const errs: Errors = {};
  if (never) return errs;
  const code = checkProductCode(pn);
  if (!code.ok) errs.pn = code.message;
  const placed = checkPlacements(designs);
  if (!placed.ok) errs.designs = placed.message;
  else if (Object.keys(placed.value).length === 0)
    errs.designs = 'Add at least one design file (an https:// link), e.g. the front design.';
  return errs;
}

/** The link to save: the edited values over the product's own fields. */
function edited(link: Link, { pn, designs, never }: Values): LinkInput {
  return {
    productId: link.productId,
    optionId: link.optionId,
    productName: link.productName,
    optionName: link.optionName,
    pn: never ? '' : pn.trim(),
    designs: never ? {} : Object.fromEntries(Object.entries(designs).filter(([, url]) => url.trim() !== '')),
    mockups: link.mockups,
    neverFulfil: never,
  };
}

function CodeField(props: { value: string; disabled: boolean; error?: string; onInput: (value: string) => void }) {
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  return (
    <div class="field">
      <label for="edit-pn">Inkthreadable code</label>
      <input
        id="edit-pn"
        ref={first}
        type="text"
        spellcheck={false}
        autocomplete="off"
        placeholder="e.g. JH001-JBK-L"
        disabled={props.disabled}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? 'edit-pn-error' : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && (
        <p id="edit-pn-error" class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function DesignFields(props: {
  designs: Record<string, string>;
  disabled: boolean;
  error?: string;
  onInput: (placement: string, value: string) => void;
}) {
  const { designs, error } = props;
  const placementNames = Object.keys(designs);
  const designError = error
    ? (placementNames.find((p) => error.toLowerCase().startsWith(p)) ?? placementNames[0])
    : undefined;
  return (
    <>
      {placementNames.map((p) => (
        <div class="field" key={p}>
          <label for={`edit-design-${p}`}>{cap(p)} design URL</label>
          <input
            id={`edit-design-${p}`}
            type="url"
            spellcheck={false}
            autocomplete="off"
            placeholder="https://"
            disabled={props.disabled}
            value={designs[p]}
            aria-invalid={designError === p ? 'true' : undefined}
            aria-describedby={designError === p ? 'edit-designs-error' : undefined}
            onInput={(e) => props.onInput(p, e.currentTarget.value)}
          />
        </div>
      ))}
      {error && (
        <p id="edit-designs-error" class="field-error">
          {error}
        </p>
      )}
    </>
  );
}

/** Edit one link: the Inkthreadable code, its design URLs, or "never fulfil". */
export function LinkEditor({ link, onSaved, onCancel }: Props) {
  const { pn, designs, never, latest, setPn, setDesign, setNever } = useEditorValues(link);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const errs = validate(latest.current);
    setErrors(errs);
    if (errs.pn || errs.designs) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const reply = await call({ type: 'saveLink', link: edited(link, latest.current) });
      onSaved(reply.link, reply.completes);
    } catch (err) {
      setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={form}
      class="link-editor"
      aria-label={`Edit link for ${link.productName || link.productId}${link.optionId ? ` / ${link.optionName || link.optionId}` : ''}`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <div class="check">
        <input id="edit-never" type="checkbox" checked={never} onChange={(e) => setNever(e.currentTarget.checked)} />
        <label for="edit-never">Never fulfil</label>
      </div>
      <CodeField value={pn} disabled={never} error={errors.pn} onInput={setPn} />
      <DesignFields designs={designs} disabled={never} error={errors.designs} onInput={setDesign} />
      {never && (
        <p class="help">Items of this product{link.optionId ? ' option' : ''} are never sent to Inkthreadable.</p>
      )}
      {errors.form && (
        <p class="notice error" role="alert">
          Not saved: {errors.form}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy && <Spinner />}
          Save link
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
