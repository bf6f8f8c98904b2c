import { useMemo, useRef, useState } from 'preact/hooks';
import type { ShippingDefaults as Defaults } from '@/lib/shipping';
import { SHIPPING_LABELS, SHIPPING_METHODS, type ShippingMethod } from '@/lib/types';
import { countries, countryLabel } from '../shared/countries';

interface Props {
  value: Defaults;
  saving: boolean;
  saved: boolean;
  error: string | null;
  onChange: (next: Defaults) => void;
}

function MethodOptions() {
  return (
    <>
      {SHIPPING_METHODS.map((m) => (
        <option key={m} value={m}>
          {SHIPPING_LABELS[m]}
        </option>
      ))}
    </>
  );
}

function isMethod(v: string): v is ShippingMethod {
  return (SHIPPING_METHODS as readonly string[]).includes(v);
}

/** The countries with a method of their own, each changeable and removable. */
function OverrideList({ value, onChange }: Pick<Props, 'value' | 'onChange'>) {
  const overrides = useMemo(
    () =>
      Object.entries(value.overrides)
        .map(([code, m]) => ({ code, method: m, name: countryLabel(code) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en')),
    [value.overrides],
  );
  if (overrides.length === 0) return null;
  return (
    <ul class="overrides" aria-label="Country overrides">
      {overrides.map((o) => (
        <li key={o.code}>
          <span class="country">
            {o.name} <span class="muted">({o.code})</span>
          </span>
          <select
            aria-label={`Shipping method for ${o.name}`}
            value={o.method}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (isMethod(v)) onChange({ ...value, overrides: { ...value.overrides, [o.code]: v } });
            }}
          >
            <MethodOptions />
          </select>
          <button
            type="button"
            class="link"
            aria-label={`Remove override for ${o.name}`}
            onClick={() => {
              const next = { ...value.overrides };
              delete next[o.code];
              onChange({ ...value, overrides: next });
            }}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Pick a country not overridden yet and its method, then add it. */
function AddOverride({ value, onChange }: Pick<Props, 'value' | 'onChange'>) {
  const [country, setCountry] = useState('');
  const [method, setMethod] = useState<ShippingMethod>('recorded');
  const [addError, setAddError] = useState<string | null>(null);
  const countryRef = useRef<HTMLSelectElement>(null);
  const methodRef = useRef<HTMLSelectElement>(null);
  const available = useMemo(() => countries().filter((c) => !(c.code in value.overrides)), [value.overrides]);

  const add = () => {
    // Read the selects themselves: the freshest values even before a re-render.
    const code = countryRef.current?.value ?? country;
    const picked = methodRef.current?.value ?? method;
    if (!code) {
      setAddError('Choose a country first.');
      countryRef.current?.focus();
      return;
    }
    setAddError(null);
    onChange({ ...value, overrides: { ...value.overrides, [code]: isMethod(picked) ? picked : method } });
    setCountry('');
  };

  return (
    <fieldset class="add-override">
      <legend>Add a country override</legend>
      <label>
        <span>Country</span>
        <select
          ref={countryRef}
          value={country}
          aria-invalid={addError ? 'true' : undefined}
          aria-describedby={addError ? 'override-error' : undefined}
          onChange={(e) => {
            setCountry(e.currentTarget.value);
            setAddError(null);
          }}
        >
          <option value="">Choose a country…</option>
          {available.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Method for that country</span>
        <select
          ref={methodRef}
          value={method}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isMethod(v)) setMethod(v);
          }}
        >
          <MethodOptions />
        </select>
      </label>
      <button type="button" onClick={add}>
        Add country override
      </button>
      {addError && (
        <p id="override-error" class="field-error">
          {addError}
        </p>
      )}
    </fieldset>
  );
}

/** The store's default method and per-country overrides; every change is saved at once. */
export function ShippingDefaults({ value, saving, saved, error, onChange }: Props) {
  return (
    <section class="shipping" aria-labelledby="shipping-heading">
      <h2 id="shipping-heading">Shipping defaults</h2>
      <div class="field-row">
        <label for="ship-default">Default shipping method</label>
        <select
          id="ship-default"
          value={value.default}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (isMethod(v)) onChange({ ...value, default: v });
          }}
        >
          <MethodOptions />
        </select>
      </div>
      <OverrideList value={value} onChange={onChange} />
      <AddOverride value={value} onChange={onChange} />
      <p class="save-state" role="status">
        {saving ? 'Saving…' : saved ? 'Saved' : ''}
      </p>
      {error && (
        <p class="notice error" role="alert">
          Not saved: {error}
        </p>
      )}
    </section>
  );
}
