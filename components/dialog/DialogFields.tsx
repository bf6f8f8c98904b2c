import type { Ref } from 'preact';
import type { ItemInfo } from '@/lib/protocol';
import { cap, checkedOf, type DialogControl, type Extra, inputValue, pnError, urlError } from './dialogModel';

interface FieldProps {
  ctl: DialogControl;
  field: string;
  label: string;
  value: string;
  onValue: (v: string) => void;
  check: (v: string) => string;
  attrs?: Record<string, unknown>;
}

/** One text field: its error shown once wrong, checked again as typed, and on moving to another field. */
function Field({ ctl, field, label, value, onValue, check, attrs = {} }: FieldProps) {
  const error = ctl.m.errors[field];
  return (
    <div class="field">
      <label for={`ink-${field}`}>{label}</label>
      <input
        id={`ink-${field}`}
        type="url"
        autoComplete="off"
        spellcheck={false}
        placeholder="https://"
        {...attrs}
        value={value}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? `ink-${field}-error` : undefined}
        onInput={(e) => {
          const v = inputValue(e);
          onValue(v);
          if (ctl.m.errors[field]) ctl.setError(field, check(v));
          else ctl.set({});
        }}
        onBlur={(e) => {
          // Only when moving on to another field: an error shown on the way to a button
          // would move that button from under the pointer and swallow the click.
          const next = e.relatedTarget as Element | null;
          if (next && !next.matches('input[type="text"],input[type="url"]')) return;
          const v = inputValue(e);
          ctl.setError(field, v.trim() ? check(v) : '');
        }}
      />
      {error ? (
        <p class="error" id={`ink-${field}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A design for another placement: which placement, its URL, and removing it. */
function ExtraDesign({ ctl, x, free }: { ctl: DialogControl; x: Extra; free: string[] }) {
  const { m } = ctl;
  const f = `extra-${x.key}`;
  return (
    <div class="extra">
      <div class="field">
        <label for={`ink-${f}-placement`}>Placement</label>
        <select
          id={`ink-${f}-placement`}
          value={x.placement}
          onChange={(e) => {
            x.placement = inputValue(e);
            ctl.set({ extras: [...m.extras] });
          }}
        >
          {[x.placement, ...free].map((p) => (
            <option value={p} key={p}>
              {cap(p)}
            </option>
          ))}
        </select>
      </div>
      <Field
        ctl={ctl}
        field={f}
        label={`${cap(x.placement)} design URL`}
        value={x.url}
        onValue={(v) => {
          x.url = v;
        }}
        check={urlError}
      />
      <button
        type="button"
        class="btn btn-small"
        onClick={() => {
          const errors = { ...m.errors };
          delete errors[f];
          ctl.set({ extras: m.extras.filter((y) => y !== x), errors });
        }}
      >
        Remove {x.placement} design
      </button>
    </div>
  );
}

/** The product code and the designs: front, back, and any other placements added. */
export function CodeAndDesigns(props: {
  ctl: DialogControl;
  free: string[];
  firstRef: Ref<HTMLInputElement>;
  onAddPlacement: () => void;
}) {
  const { ctl, free } = props;
  const { m } = ctl;
  return (
    <>
      <Field
        ctl={ctl}
        field="pn"
        label="Inkthreadable product code"
        value={m.pn}
        onValue={(pn) => {
          m.pn = pn;
        }}
        check={pnError}
        attrs={{ type: 'text', placeholder: 'e.g. JH001-JBK-L', autoCapitalize: 'characters', ref: props.firstRef }}
      />
      <Field
        ctl={ctl}
        field="front"
        label="Front design URL"
        value={m.urls.front ?? ''}
        onValue={(v) => {
          m.urls.front = v;
        }}
        check={urlError}
      />
      <Field
        ctl={ctl}
        field="back"
        label="Back design URL"
        value={m.urls.back ?? ''}
        onValue={(v) => {
          m.urls.back = v;
        }}
        check={urlError}
      />
      {m.extras.map((x) => (
        <ExtraDesign key={x.key} ctl={ctl} x={x} free={free} />
      ))}
      {free.length > 0 ? (
        <div>
          <button type="button" class="btn btn-small" onClick={props.onAddPlacement}>
            Add placement
          </button>
        </div>
      ) : null}
    </>
  );
}

/** "Never fulfil this product" and, for an option, "Only this option". */
export function Scope({ ctl, item }: { ctl: DialogControl; item: ItemInfo }) {
  const { m } = ctl;
  return (
    <>
      <div>
        <label class="check">
          <input
            type="checkbox"
            checked={m.never}
            aria-describedby="ink-never-hint"
            onChange={(e) => ctl.set({ never: checkedOf(e) })}
          />
          <span>Never fulfil this product</span>
        </label>
        <p class="hint" id="ink-never-hint">
          Orders holding it are sent without it, and it never waits to be linked.
        </p>
      </div>
      {item.optionId ? (
        <div>
          <label class="check">
            <input
              type="checkbox"
              checked={m.only}
              aria-describedby="ink-only-hint"
              onChange={(e) => ctl.set({ only: checkedOf(e) })}
            />
            <span>Only this option</span>
          </label>
          <p class="hint" id="ink-only-hint">
            {m.only
              ? `Applies to ${item.optionName || 'this option'} only.`
              : `Applies to every option of ${item.productName} without a link of its own.`}
          </p>
        </div>
      ) : null}
    </>
  );
}

/** The product's other sizes, offered with the code for each. */
export function OtherSizes(props: {
  ctl: DialogControl;
  suggestions: { optionId: string; optionName: string; pn: string }[];
}) {
  const { ctl, suggestions } = props;
  const { m } = ctl;
  return (
    <>
      {m.loading ? <p class="hint">Looking for this product's other sizes…</p> : null}
      {suggestions.length > 0 ? (
        <fieldset>
          <legend>Also link the other sizes (same designs)</legend>
          {suggestions.map((s) => (
            <label class="check" key={s.optionId}>
              <input
                type="checkbox"
                checked={m.chosen.has(s.optionId)}
                onChange={(e) => {
                  const chosen = new Set(m.chosen);
                  if (checkedOf(e)) chosen.add(s.optionId);
                  else chosen.delete(s.optionId);
                  ctl.set({ chosen });
                }}
              />
              <span>
                {s.optionName} as {s.pn}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** What went wrong saving, Cancel, and Save link (armed by the merchant's own click). */
export function Actions(props: { saving: boolean; saveError: string; onCancel: () => void; onArm: () => void }) {
  const { saving } = props;
  return (
    <>
      {props.saveError ? (
        <p class="alert" role="alert">
          {props.saveError}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          class="btn btn-primary"
          onClick={props.onArm}
          aria-disabled={saving ? 'true' : undefined}
          aria-busy={saving ? 'true' : undefined}
        >
          {saving ? 'Saving…' : 'Save link'}
        </button>
      </div>
    </>
  );
}

/** An item whose product is gone from Big Cartel cannot be linked. */
export function DeletedProduct({ onCancel }: { onCancel: () => void }) {
  return (
    <>
      <p>
        This item's product was deleted in Big Cartel, so it cannot be linked. Use "Complete without unlinked items" on
        the order to send the rest.
      </p>
      <div class="actions">
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
