import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '@/lib/protocol';
import { checkPlacements, checkProductCode, PLACEMENTS } from '@/lib/links';
import type { Link } from '@/lib/types';
import { errorMessage } from '../shared/format';
import { Spinner } from '../shared/Spinner';

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Placements to offer: front and back always, then every placement the link already has. */
export function editablePlacements(designs: Record<string, string>): string[] {
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

/** Edit one link: the Inkthreadable code, its design URLs, or "never fulfil". */
export function LinkEditor({ link, onSaved, onCancel }: Props) {
  const [pn, setPnState] = useState(link.pn);
  const [designs, setDesigns] = useState<Record<string, string>>(() =>
    Object.fromEntries(editablePlacements(link.designs).map((p) => [p, link.designs[p] ?? ''])),
  );
  const [never, setNeverState] = useState(link.neverFulfil);
  /** the values as typed, ahead of the next render (a fast "Save link" after typing sees them) */
  const latest = useRef({ pn, designs, never });
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
  const [errors, setErrors] = useState<{ pn?: string; designs?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    first.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const { pn, designs, never } = latest.current;
    const errs: typeof errors = {};
    if (!never) {
      const code = checkProductCode(pn);
      if (!code.ok) errs.pn = code.message;
      const placed = checkPlacements(designs);
      if (!placed.ok) errs.designs = placed.message;
      else if (Object.keys(placed.value).length === 0)
        errs.designs = 'Add at least one design file (an https:// link), e.g. the front design.';
    }
    setErrors(errs);
    if (errs.pn || errs.designs) {
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const reply = await call({
        type: 'saveLink',
        link: {
          productId: link.productId,
          optionId: link.optionId,
          productName: link.productName,
          optionName: link.optionName,
          pn: never ? '' : pn.trim(),
          designs: never ? {} : Object.fromEntries(Object.entries(designs).filter(([, url]) => url.trim() !== '')),
          mockups: link.mockups,
          neverFulfil: never,
        },
      });
      onSaved(reply.link, reply.completes);
    } catch (err) {
      setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const placementNames = Object.keys(designs);
  const designError = errors.designs
    ? (placementNames.find((p) => errors.designs!.toLowerCase().startsWith(p)) ?? placementNames[0])
    : undefined;

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
      <div class="field">
        <label for="edit-pn">Inkthreadable code</label>
        <input
          id="edit-pn"
          ref={first}
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder="e.g. JH001-JBK-L"
          disabled={never}
          value={pn}
          aria-invalid={errors.pn ? 'true' : undefined}
          aria-describedby={errors.pn ? 'edit-pn-error' : undefined}
          onInput={(e) => setPn(e.currentTarget.value)}
        />
        {errors.pn && (
          <p id="edit-pn-error" class="field-error">
            {errors.pn}
          </p>
        )}
      </div>
      {placementNames.map((p) => (
        <div class="field" key={p}>
          <label for={`edit-design-${p}`}>{cap(p)} design URL</label>
          <input
            id={`edit-design-${p}`}
            type="url"
            spellcheck={false}
            autocomplete="off"
            placeholder="https://"
            disabled={never}
            value={designs[p]}
            aria-invalid={designError === p ? 'true' : undefined}
            aria-describedby={designError === p ? 'edit-designs-error' : undefined}
            onInput={(e) => setDesign(p, e.currentTarget.value)}
          />
        </div>
      ))}
      {errors.designs && (
        <p id="edit-designs-error" class="field-error">
          {errors.designs}
        </p>
      )}
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
