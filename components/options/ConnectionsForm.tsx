import { useRef, useState } from 'preact/hooks';
import { call, type ServiceState, type SettingsView, type StatusView } from '@/lib/protocol';
import { errorMessage } from '../shared/format';
import { Spinner } from '../shared/Spinner';
import { BigCartelFields, InkthreadableFields, TestResults } from './ConnectionFields';
import {
  changes,
  credentialsRequest,
  type Errors,
  type FieldName,
  initial,
  validate,
  type Values,
} from './connections';

export { cleanSubdomain } from './connections';

interface Props {
  view: SettingsView;
  status: StatusView | null;
  onSaved: (view: SettingsView) => void;
}

/**
 * The values as typed, kept in a ref ahead of the next render (a fast "Save" after typing sees
 * them); a change clears the changed fields' errors and the "Saved".
 */
function useConnectionValues(view: SettingsView) {
  const [v, setV] = useState<Values>(() => initial(view));
  const latest = useRef(v);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
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
  return { v, latest, replace, set, errors, setErrors, saved, setSaved };
}

/** One action at a time: `run` does nothing while another is busy. */
function useBusy() {
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const busyRef = useRef(false);
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
  return { busy, run };
}

/** Save what changed (credentials, then the brand name); true when everything was saved. */
function useSave(
  view: SettingsView,
  onSaved: (view: SettingsView) => void,
  values: ReturnType<typeof useConnectionValues>,
  setFormError: (error: string | null) => void,
  formRef: { current: HTMLFormElement | null },
) {
  const { latest, replace, setErrors, setSaved } = values;
  return async function save(): Promise<boolean> {
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
    const req = credentialsRequest(cur, d);
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
  };
}

/** Both connections, "Save" and "Test connection". Secrets are never shown, only their masks. */
export function ConnectionsForm({ view, status, onSaved }: Props) {
  const values = useConnectionValues(view);
  const { v, latest, set, errors, saved } = values;
  const { busy, run } = useBusy();
  const [formError, setFormError] = useState<string | null>(null);
  const [results, setResults] = useState<{ bigcartel: ServiceState; inkthreadable: ServiceState } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSave(view, onSaved, values, setFormError, formRef);

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

  const fields = { view, v, errors, set };
  return (
    <form ref={formRef} class="card" aria-labelledby="connections-heading" onSubmit={(e) => void onSave(e)} noValidate>
      <h2 id="connections-heading">Connections</h2>
      <p class="muted">
        Your password, token and Secret key stay in this browser and are sent only to their own service.
      </p>

      <BigCartelFields {...fields} state={results?.bigcartel ?? status?.bigcartel ?? null} />

      <InkthreadableFields {...fields} state={results?.inkthreadable ?? status?.inkthreadable ?? null} />

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
      {results && <TestResults results={results} />}
    </form>
  );
}
