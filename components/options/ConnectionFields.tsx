import type { ServiceState, SettingsView } from '@/lib/protocol';
import { describe, Field } from '../shared/Field';
import type { Errors, Values } from './connections';

const SERVICE_NAMES = { bigcartel: 'Big Cartel', inkthreadable: 'Inkthreadable' } as const;

function stateWords(s: ServiceState): string {
  return s.state === 'ok' ? s.message || 'Connected' : s.message;
}

interface FieldsProps {
  view: SettingsView;
  v: Values;
  errors: Errors;
  state: ServiceState | null;
  set: (patch: Partial<Values>) => void;
}

function MethodChoice({ v, set }: Pick<FieldsProps, 'v' | 'set'>) {
  return (
    <div class="radios" role="radiogroup" aria-label="How to connect to Big Cartel">
      <label>
        <input
          type="radio"
          name="bc-method"
          value="basic"
          checked={v.method === 'basic'}
          onChange={() => set({ method: 'basic' })}
        />
        Subdomain and password
      </label>
      <label>
        <input
          type="radio"
          name="bc-method"
          value="token"
          checked={v.method === 'token'}
          onChange={() => set({ method: 'token' })}
        />
        Access token
      </label>
    </div>
  );
}

function BasicFields({ view, v, errors, set }: Omit<FieldsProps, 'state'>) {
  const bc = view.bigcartel;
  const passwordMasked = bc?.kind === 'basic' ? bc.passwordMasked : '';
  return (
    <div class="grid-2">
      <Field
        id="conn-subdomain"
        label="Store subdomain"
        help="The name before .bigcartel.com, e.g. mothpress."
        error={errors.subdomain}
      >
        <div class="suffixed">
          <input
            {...describe('conn-subdomain', true, errors.subdomain)}
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={v.subdomain}
            onInput={(e) => set({ subdomain: e.currentTarget.value })}
          />
          <span class="muted" aria-hidden="true">
            .bigcartel.com
          </span>
        </div>
      </Field>
      <Field
        id="conn-password"
        label="Store password"
        help={passwordMasked ? 'Leave empty to keep the saved password.' : undefined}
        error={errors.password}
      >
        <input
          {...describe('conn-password', !!passwordMasked, errors.password)}
          type="password"
          autocomplete="new-password"
          placeholder={passwordMasked ? `Saved (${passwordMasked})` : ''}
          value={v.password}
          onInput={(e) => set({ password: e.currentTarget.value })}
        />
      </Field>
    </div>
  );
}

function TokenField({ view, v, errors, set }: Omit<FieldsProps, 'state'>) {
  const bc = view.bigcartel;
  const tokenMasked = bc?.kind === 'token' ? bc.tokenMasked : '';
  return (
    <Field
      id="conn-token"
      label="API access token"
      help={tokenMasked ? 'Leave empty to keep the saved token.' : 'From an app you made in your Big Cartel account.'}
      error={errors.token}
    >
      <input
        {...describe('conn-token', true, errors.token)}
        type="password"
        autocomplete="new-password"
        placeholder={tokenMasked ? `Saved (${tokenMasked})` : ''}
        value={v.token}
        onInput={(e) => set({ token: e.currentTarget.value })}
      />
    </Field>
  );
}

export function BigCartelFields(props: FieldsProps) {
  return (
    <fieldset class="service-box">
      <legend>Big Cartel</legend>
      <ServiceLine state={props.state} />
      <MethodChoice v={props.v} set={props.set} />
      {props.v.method === 'basic' ? <BasicFields {...props} /> : <TokenField {...props} />}
    </fieldset>
  );
}

export function InkthreadableFields({ view, v, errors, state, set }: FieldsProps) {
  const ink = view.inkthreadable;
  return (
    <fieldset class="service-box">
      <legend>Inkthreadable</legend>
      <ServiceLine state={state} />
      <p class="notice" id="conn-one-integration">
        Use either this extension or Inkthreadable's own Big Cartel integration for this store, never both: with both
        on, every order is printed and shipped twice. If Inkthreadable's integration is connected, disconnect it in your
        Inkthreadable account before connecting here.
      </p>
      <div class="grid-2">
        <Field id="conn-appId" label="App ID" error={errors.appId}>
          <input
            {...describe('conn-appId', false, errors.appId)}
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={v.appId}
            onInput={(e) => set({ appId: e.currentTarget.value })}
          />
        </Field>
        <Field
          id="conn-secretKey"
          label="Secret key"
          help={ink ? 'Leave empty to keep the saved key.' : undefined}
          error={errors.secretKey}
        >
          <input
            {...describe('conn-secretKey', !!ink, errors.secretKey)}
            type="password"
            autocomplete="new-password"
            placeholder={ink ? `Saved (${ink.secretKeyMasked})` : ''}
            value={v.secretKey}
            onInput={(e) => set({ secretKey: e.currentTarget.value })}
          />
        </Field>
      </div>
      <Field
        id="conn-brandName"
        label="Brand name"
        help="Printed on packing slips; empty uses your Inkthreadable default."
        error={errors.brandName}
      >
        <input
          {...describe('conn-brandName', true, errors.brandName)}
          type="text"
          maxLength={100}
          value={v.brandName}
          onInput={(e) => set({ brandName: e.currentTarget.value })}
        />
      </Field>
    </fieldset>
  );
}

export function TestResults({ results }: { results: { bigcartel: ServiceState; inkthreadable: ServiceState } }) {
  return (
    <div class="test-results" role="status">
      <h3>Connection test</h3>
      <ul aria-label="Connection test results">
        {(['bigcartel', 'inkthreadable'] as const).map((k) => (
          <li key={k} class={results[k].state}>
            <span aria-hidden="true">{results[k].state === 'ok' ? '✓' : '✗'}</span> <strong>{SERVICE_NAMES[k]}:</strong>{' '}
            {results[k].state === 'ok' ? stateWords(results[k]) : `Failed: ${results[k].message}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ServiceLine({ state }: { state: ServiceState | null }) {
  if (!state) return null;
  return (
    <p class={`service-state ${state.state}`}>
      <span class="dot" aria-hidden="true" /> {stateWords(state)}
    </p>
  );
}
