import { useRef, useState } from 'preact/hooks';
import { call, type Request, type ServiceState, type SettingsView, type StatusView } from '@/lib/protocol';
import { describe, Field } from '../shared/Field';
import { errorMessage } from '../shared/format';
import { Spinner } from '../shared/Spinner';

type Method = 'basic' | 'token';
type FieldName = 'subdomain' | 'password' | 'token' | 'appId' | 'secretKey' | 'brandName';
type Errors = Partial<Record<FieldName, string>>;

interface Props {
  view: SettingsView;
  status: StatusView | null;
  onSaved: (view: SettingsView) => void;
}

interface Values {
  method: Method;
  subdomain: string;
  password: string;
  token: string;
  appId: string;
  secretKey: string;
  brandName: string;
}

function initial(view: SettingsView): Values {
  return {
    method: view.bigcartel?.kind ?? 'basic',
    subdomain: view.bigcartel?.kind === 'basic' ? view.bigcartel.subdomain : '',
    password: '',
    token: '',
    appId: view.inkthreadable?.appId ?? '',
    secretKey: '',
    brandName: view.settings.brandName,
  };
}

/** "https://mothpress.bigcartel.com/" -> "mothpress" */
export function cleanSubdomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.bigcartel\.com$/, '');
}

const SERVICE_NAMES = { bigcartel: 'Big Cartel', inkthreadable: 'Inkthreadable' } as const;

function stateWords(s: ServiceState): string {
  return s.state === 'ok' ? s.message || 'Connected' : s.message;
}

interface Changes {
  sendBc: boolean;
  sendInk: boolean;
  brand: boolean;
}

/** What differs from what is saved, and so what a save sends. */
function changes(v: Values, view: SettingsView): Changes {
  const bc = view.bigcartel;
  const ink = view.inkthreadable;
  const bcDirty =
    v.method !== (bc?.kind ?? 'basic') ||
    (v.method === 'basic' &&
      (cleanSubdomain(v.subdomain) !== (bc?.kind === 'basic' ? bc.subdomain : '') || v.password !== '')) ||
    (v.method === 'token' && v.token !== '');
  const bcFilled = v.method === 'basic' ? v.subdomain.trim() !== '' || v.password !== '' : v.token.trim() !== '';
  const inkDirty = v.appId.trim() !== (ink?.appId ?? '') || v.secretKey !== '';
  const inkFilled = v.appId.trim() !== '' || v.secretKey !== '';
  return {
    sendBc: bcDirty && (!!bc || bcFilled),
    sendInk: inkDirty && (!!ink || inkFilled),
    brand: v.brandName.trim() !== view.settings.brandName,
  };
}

function validate(v: Values, view: SettingsView, d: Changes): Errors {
  const bc = view.bigcartel;
  const e: Errors = {};
  if (d.sendBc) {
    if (v.method === 'basic') {
      const sub = cleanSubdomain(v.subdomain);
      if (!sub) e.subdomain = 'Enter your store subdomain: the "mystore" in mystore.bigcartel.com.';
      else if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(sub))
        e.subdomain = `"${v.subdomain.trim()}" is not a Big Cartel subdomain: use letters, digits and dashes, as in mystore.bigcartel.com.`;
      if (!v.password && bc?.kind !== 'basic')
        e.password = 'Enter the store password (the one you use to sign in to Big Cartel).';
    } else if (!v.token.trim() && bc?.kind !== 'token') {
      e.token = 'Paste the API access token.';
    }
  }
  if (d.sendInk) {
    if (!v.appId.trim()) e.appId = 'Enter the App ID from Inkthreadable (Account, API).';
    else if (v.appId.trim().length > 100) e.appId = 'That App ID is too long.';
    if (!v.secretKey && !view.inkthreadable) e.secretKey = 'Enter the Secret key from Inkthreadable (Account, API).';
  }
  if (v.brandName.trim().length > 100) e.brandName = 'Keep the brand name to 100 characters.';
  return e;
}

/** Both connections, "Save" and "Test connection". Secrets are never shown, only their masks. */
export function ConnectionsForm({ view, status, onSaved }: Props) {
  const [v, setV] = useState<Values>(() => initial(view));
  /** the values as typed, ahead of the next render (a fast "Save" after typing sees them) */
  const latest = useRef(v);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [results, setResults] = useState<{ bigcartel: ServiceState; inkthreadable: ServiceState } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const busyRef = useRef(false);

  const replace = (next: Values) => {
    latest.current = next;
    setV(next);
  };

  const set = (patch: Partial<Values>) => {
    replace({ ...latest.current, ...patch });
    setSaved(false);
    const touched = Object.keys(patch) as (keyof Values)[];
    setErrors((e) => {
      if (!touched.some((k) => k in e)) return e;
      const next = { ...e };
      for (const k of touched) delete next[k as FieldName];
      return next;
    });
  };

  const bc = view.bigcartel;
  const ink = view.inkthreadable;

  /** Save what changed; true when everything was saved. */
  async function save(): Promise<boolean> {
    setFormError(null);
    setSaved(false);
    const cur = latest.current;
    const d = changes(cur, view);
    const e = validate(cur, view, d);
    setErrors(e);
    const first = (Object.keys(e) as FieldName[])[0];
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`#conn-${first}`)?.focus();
      return false;
    }
    const req: Extract<Request, { type: 'saveCredentials' }> = { type: 'saveCredentials' };
    if (d.sendBc) {
      req.bigcartel =
        cur.method === 'basic'
          ? {
              kind: 'basic',
              subdomain: cleanSubdomain(cur.subdomain),
              ...(cur.password ? { password: cur.password } : {}),
            }
          : { kind: 'token', ...(cur.token.trim() ? { token: cur.token.trim() } : {}) };
    }
    if (d.sendInk) {
      req.inkthreadable = { appId: cur.appId.trim(), ...(cur.secretKey ? { secretKey: cur.secretKey.trim() } : {}) };
    }
    try {
      if (req.bigcartel !== undefined || req.inkthreadable !== undefined) {
        const after = await call(req);
        onSaved(after);
        replace({ ...latest.current, ...initial(after), brandName: latest.current.brandName });
      }
      if (d.brand) {
        const after = await call({ type: 'saveSettings', settings: { brandName: cur.brandName.trim() } });
        onSaved(after);
        replace({ ...latest.current, brandName: after.settings.brandName });
      }
      setSaved(true);
      return true;
    } catch (err) {
      setFormError(`Not saved: ${errorMessage(err)}`);
      return false;
    }
  }

  async function run(what: 'saving' | 'testing', fn: () => Promise<void>) {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(what);
    try {
      await fn();
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  }

  const onSave = (ev: Event) => {
    ev.preventDefault();
    void run('saving', async () => {
      await save();
    });
  };

  const onTest = () =>
    run('testing', async () => {
      setResults(null);
      setFormError(null);
      const d = changes(latest.current, view);
      if (d.sendBc || d.sendInk || d.brand) {
        if (!(await save())) return;
      }
      try {
        setResults(await call({ type: 'testConnection' }));
      } catch (err) {
        setFormError(`The test could not run: ${errorMessage(err)}`);
      }
    });

  const current = {
    bigcartel: results?.bigcartel ?? status?.bigcartel ?? null,
    inkthreadable: results?.inkthreadable ?? status?.inkthreadable ?? null,
  };
  const passwordMasked = bc?.kind === 'basic' ? bc.passwordMasked : '';
  const tokenMasked = bc?.kind === 'token' ? bc.tokenMasked : '';

  return (
    <form ref={formRef} class="card" aria-labelledby="connections-heading" onSubmit={(e) => void onSave(e)} noValidate>
      <h2 id="connections-heading">Connections</h2>
      <p class="muted">
        Your password, token and Secret key stay in this browser and are sent only to their own service.
      </p>

      <fieldset class="service-box">
        <legend>Big Cartel</legend>
        <ServiceLine state={current.bigcartel} />
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
        {v.method === 'basic' ? (
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
        ) : (
          <Field
            id="conn-token"
            label="API access token"
            help={
              tokenMasked ? 'Leave empty to keep the saved token.' : 'From an app you made in your Big Cartel account.'
            }
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
        )}
      </fieldset>

      <fieldset class="service-box">
        <legend>Inkthreadable</legend>
        <ServiceLine state={current.inkthreadable} />
        <p class="notice" id="conn-one-integration">
          Use either this extension or Inkthreadable's own Big Cartel integration for this store, never both: with both
          on, every order is printed and shipped twice. If Inkthreadable's integration is connected, disconnect it in
          your Inkthreadable account before connecting here.
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

      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy === 'saving' && <Spinner />}
          Save
        </button>
        <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={() => void onTest()}>
          {busy === 'testing' && <Spinner />}
          Test connection
        </button>
        <span role="status" class="saved">
          {busy === 'testing' ? 'Testing…' : saved ? 'Saved' : ''}
        </span>
      </div>
      {formError && (
        <p class="notice error" role="alert">
          {formError}
        </p>
      )}
      {results && (
        <div class="test-results" role="status">
          <h3>Connection test</h3>
          <ul aria-label="Connection test results">
            {(['bigcartel', 'inkthreadable'] as const).map((k) => (
              <li key={k} class={results[k].state}>
                <span aria-hidden="true">{results[k].state === 'ok' ? '✓' : '✗'}</span>{' '}
                <strong>{SERVICE_NAMES[k]}:</strong>{' '}
                {results[k].state === 'ok' ? stateWords(results[k]) : `Failed: ${results[k].message}`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
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
