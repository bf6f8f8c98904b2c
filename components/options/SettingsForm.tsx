import { useRef, useState } from 'preact/hooks';
import { call, type SettingsView } from '@/lib/protocol';
import type { Settings } from '@/lib/settings-schema';
import { errorMessage } from '../shared/format';

interface Props {
  view: SettingsView;
  onSaved: (view: SettingsView) => void;
  today?: () => string;
}

function isoToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function checkPollMinutes(raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = raw.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < 1 || n > 60)
    return { ok: false, message: 'Enter a whole number of minutes from 1 to 60.' };
  return { ok: true, value: n };
}

function checkUnpaidHours(raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = raw.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < 1 || n > 720)
    return { ok: false, message: 'Enter a whole number of hours from 1 to 720.' };
  return { ok: true, value: n };
}

export function checkImportSince(
  raw: string,
  today: string,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const t = raw.trim();
  if (!t) return { ok: true, value: null };
  const d = new Date(`${t}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t) {
    return { ok: false, message: 'Enter a date, e.g. 2026-01-31.' };
  }
  if (t > today) return { ok: false, message: 'Choose today or a day in the past.' };
  if (t < '2000-01-01') return { ok: false, message: 'Choose a date from 2000 onwards.' };
  return { ok: true, value: t };
}

type SaveState = { saving: boolean; saved: boolean; error: string | null };
type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
type FieldErrors = { poll?: string; since?: string; unpaid?: string };

/**
 * Saves run one after another; only the last one's outcome is shown, and after a refused save
 * `onSaved` gets what is really stored.
 */
function useQueuedSave(onSaved: (view: SettingsView) => void) {
  const [state, setState] = useState<SaveState>({ saving: false, saved: false, error: null });
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const seq = useRef(0);
  const save = (patch: Partial<Settings>) => {
    const mine = ++seq.current;
    setState({ saving: true, saved: false, error: null });
    const run = queue.current.then(() => call({ type: 'saveSettings', settings: patch }));
    queue.current = run.catch(() => undefined);
    run.then(
      (after) => {
        onSaved(after);
        if (mine === seq.current) setState({ saving: false, saved: true, error: null });
      },
      (err: unknown) => {
        if (mine === seq.current) setState({ saving: false, saved: false, error: errorMessage(err) });
        // Show what is really stored.
        call({ type: 'getSettings' }).then(onSaved, () => undefined);
      },
    );
  };
  return { state, setState, save };
}

function Check(props: { id: string; checked: boolean; label: string; help: string; onChange: (on: boolean) => void }) {
  const { id } = props;
  return (
    <div class="check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={`${id}-help`}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <div>
        <label for={id}>{props.label}</label>
        <p id={`${id}-help`} class="help">
          {props.help}
        </p>
      </div>
    </div>
  );
}

function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={id} class="field-error">
      {error}
    </p>
  );
}

/** A whole number from 1 to `max`, its unit after it; committed on change. */
function NumberField(props: {
  id: string;
  label: string;
  max: number;
  unit: string;
  value: string;
  error?: string;
  onInput: (raw: string) => void;
  onCommit: (raw: string) => void;
}) {
  const { id, error } = props;
  return (
    <div class="field inline">
      <label for={id}>{props.label}</label>
      <span class="suffixed">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={props.max}
          step={1}
          value={props.value}
          class="narrow"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={`${id}-unit${error ? ` ${id}-error` : ''}`}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          onChange={(e) => props.onCommit(e.currentTarget.value)}
        />
        <span id={`${id}-unit`}>{props.unit}</span>
      </span>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

function SinceField(props: {
  max: string;
  value: string;
  error?: string;
  onInput: (raw: string) => void;
  onCommit: (raw: string) => void;
}) {
  const { error } = props;
  return (
    <div class="field inline">
      <label for="set-since">Import orders since</label>
      <input
        id="set-since"
        type="date"
        max={props.max}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={`set-since-help${error ? ' set-since-error' : ''}`}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        onChange={(e) => props.onCommit(e.currentTarget.value)}
      />
      <p id="set-since-help" class="help">
        Unshipped orders from this day on are imported when the store is first connected. Empty: 30 days before
        connecting.
      </p>
      <FieldError id="set-since-error" error={error} />
    </div>
  );
}

/** The form's fields as typed, their errors, and committing each (checked, then saved if changed). */
function useSettingsFields(view: SettingsView, onSaved: (view: SettingsView) => void, today: () => string) {
  const s = view.settings;
  const [poll, setPoll] = useState(String(s.pollMinutes));
  const [since, setSince] = useState(s.importSince ?? '');
  const [unpaid, setUnpaid] = useState(String(s.unpaidHours));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { state, setState, save } = useQueuedSave(onSaved);

  /** Check a field's value: show what is wrong, or clear its error and go on with the value. */
  const commit = <T,>(field: keyof FieldErrors, c: Checked<T>, then: (value: T) => void) => {
    if (!c.ok) {
      setErrors((e) => ({ ...e, [field]: c.message }));
      setState((st) => ({ ...st, saved: false }));
      return;
    }
    setErrors((e) => ({ ...e, [field]: undefined }));
    then(c.value);
  };
  const commitPoll = (raw: string) =>
    commit('poll', checkPollMinutes(raw), (value) => {
      setPoll(String(value));
      if (value !== s.pollMinutes) save({ pollMinutes: value });
    });
  const commitUnpaid = (raw: string) =>
    commit('unpaid', checkUnpaidHours(raw), (value) => {
      setUnpaid(String(value));
      if (value !== s.unpaidHours) save({ unpaidHours: value });
    });
  const commitSince = (raw: string) =>
    commit('since', checkImportSince(raw, today()), (value) => {
      if (value !== s.importSince) save({ importSince: value });
    });
  const toggle = (key: 'autoSend' | 'notifications' | 'markShipped') => (checked: boolean) => {
    onSaved({ ...view, settings: { ...s, [key]: checked } });
    save({ [key]: checked });
  };
  const fields = {
    poll: { value: poll, onInput: setPoll, onCommit: commitPoll },
    since: { value: since, onInput: setSince, onCommit: commitSince },
    unpaid: { value: unpaid, onInput: setUnpaid, onCommit: commitUnpaid },
  };
  /** A field's value as typed, its error, and what typing and committing it do. */
  const field = (key: keyof typeof fields) => ({ ...fields[key], error: errors[key] });
  return { field, state, toggle };
}

/** The engine's settings; each change is saved at once, with "Saved" or what was wrong. */
export function SettingsForm({ view, onSaved, today = isoToday }: Props) {
  const s = view.settings;
  const { field, state, toggle } = useSettingsFields(view, onSaved, today);

  return (
    <section class="card" aria-labelledby="settings-heading">
      <div class="card-head">
        <h2 id="settings-heading">Orders</h2>
        <span class="saved" role="status">
          {state.saving ? 'Saving…' : state.saved ? 'Saved' : ''}
        </span>
      </div>
      {view.unreadable && (
        <p class="notice error" role="alert">
          Your settings could not be read (another version of the extension may have written them), so automatic sending
          is off. Check the settings below; turn automatic sending on again if you want it.
        </p>
      )}
      <Check
        id="set-autoSend"
        checked={s.autoSend}
        label="Send orders automatically when every item is linked"
        help="Off: ready orders wait for you to press Send on the order."
        onChange={toggle('autoSend')}
      />
      <SinceField max={today()} {...field('since')} />
      <NumberField
        id="set-poll"
        label="Check for new orders every"
        max={60}
        unit="minutes (1 to 60)"
        {...field('poll')}
      />
      <NumberField
        id="set-unpaid"
        label="Count an order unpaid in Inkthreadable after"
        max={720}
        unit="hours: it then counts on the badge until paid"
        {...field('unpaid')}
      />
      <Check
        id="set-notifications"
        checked={s.notifications}
        label="Show notifications"
        help="A notification when a sync finds new orders that need you."
        onChange={toggle('notifications')}
      />
      <Check
        id="set-markShipped"
        checked={s.markShipped}
        label="Mark Big Cartel orders shipped when Inkthreadable ships them"
        help="Adds the carrier and tracking number to the Big Cartel order, once."
        onChange={toggle('markShipped')}
      />
      {state.error && (
        <p class="notice error" role="alert">
          Not saved: {state.error}
        </p>
      )}
    </section>
  );
}
