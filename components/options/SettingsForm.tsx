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

export function checkUnpaidHours(raw: string): { ok: true; value: number } | { ok: false; message: string } {
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

/** The engine's settings; each change is saved at once, with "Saved" or what was wrong. */
export function SettingsForm({ view, onSaved, today = isoToday }: Props) {
  const s = view.settings;
  const [poll, setPoll] = useState(String(s.pollMinutes));
  const [since, setSince] = useState(s.importSince ?? '');
  const [unpaid, setUnpaid] = useState(String(s.unpaidHours));
  const [errors, setErrors] = useState<{ poll?: string; since?: string; unpaid?: string }>({});
  const [state, setState] = useState<{ saving: boolean; saved: boolean; error: string | null }>({
    saving: false,
    saved: false,
    error: null,
  });
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

  const commitPoll = (raw: string) => {
    const c = checkPollMinutes(raw);
    if (!c.ok) {
      setErrors((e) => ({ ...e, poll: c.message }));
      setState((st) => ({ ...st, saved: false }));
      return;
    }
    setErrors((e) => ({ ...e, poll: undefined }));
    setPoll(String(c.value));
    if (c.value !== s.pollMinutes) save({ pollMinutes: c.value });
  };

  const commitUnpaid = (raw: string) => {
    const c = checkUnpaidHours(raw);
    if (!c.ok) {
      setErrors((e) => ({ ...e, unpaid: c.message }));
      setState((st) => ({ ...st, saved: false }));
      return;
    }
    setErrors((e) => ({ ...e, unpaid: undefined }));
    setUnpaid(String(c.value));
    if (c.value !== s.unpaidHours) save({ unpaidHours: c.value });
  };

  const commitSince = (raw: string) => {
    const c = checkImportSince(raw, today());
    if (!c.ok) {
      setErrors((e) => ({ ...e, since: c.message }));
      setState((st) => ({ ...st, saved: false }));
      return;
    }
    setErrors((e) => ({ ...e, since: undefined }));
    if (c.value !== s.importSince) save({ importSince: c.value });
  };

  const checkbox = (id: string, key: 'autoSend' | 'notifications' | 'markShipped', label: string, help: string) => (
    <div class="check">
      <input
        id={id}
        type="checkbox"
        checked={s[key]}
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          const checked = e.currentTarget.checked;
          onSaved({ ...view, settings: { ...s, [key]: checked } });
          save({ [key]: checked });
        }}
      />
      <div>
        <label for={id}>{label}</label>
        <p id={`${id}-help`} class="help">
          {help}
        </p>
      </div>
    </div>
  );

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
      {checkbox(
        'set-autoSend',
        'autoSend',
        'Send orders automatically when every item is linked',
        'Off: ready orders wait for you to press Send on the order.',
      )}
      <div class="field inline">
        <label for="set-since">Import orders since</label>
        <input
          id="set-since"
          type="date"
          max={today()}
          value={since}
          aria-invalid={errors.since ? 'true' : undefined}
          aria-describedby={`set-since-help${errors.since ? ' set-since-error' : ''}`}
          onInput={(e) => setSince(e.currentTarget.value)}
          onChange={(e) => commitSince(e.currentTarget.value)}
        />
        <p id="set-since-help" class="help">
          Unshipped orders from this day on are imported when the store is first connected. Empty: 30 days before
          connecting.
        </p>
        {errors.since && (
          <p id="set-since-error" class="field-error">
            {errors.since}
          </p>
        )}
      </div>
      <div class="field inline">
        <label for="set-poll">Check for new orders every</label>
        <span class="suffixed">
          <input
            id="set-poll"
            type="number"
            inputMode="numeric"
            min={1}
            max={60}
            step={1}
            value={poll}
            class="narrow"
            aria-invalid={errors.poll ? 'true' : undefined}
            aria-describedby={`set-poll-unit${errors.poll ? ' set-poll-error' : ''}`}
            onInput={(e) => setPoll(e.currentTarget.value)}
            onChange={(e) => commitPoll(e.currentTarget.value)}
          />
          <span id="set-poll-unit">minutes (1 to 60)</span>
        </span>
        {errors.poll && (
          <p id="set-poll-error" class="field-error">
            {errors.poll}
          </p>
        )}
      </div>
      <div class="field inline">
        <label for="set-unpaid">Count an order unpaid in Inkthreadable after</label>
        <span class="suffixed">
          <input
            id="set-unpaid"
            type="number"
            inputMode="numeric"
            min={1}
            max={720}
            step={1}
            value={unpaid}
            class="narrow"
            aria-invalid={errors.unpaid ? 'true' : undefined}
            aria-describedby={`set-unpaid-unit${errors.unpaid ? ' set-unpaid-error' : ''}`}
            onInput={(e) => setUnpaid(e.currentTarget.value)}
            onChange={(e) => commitUnpaid(e.currentTarget.value)}
          />
          <span id="set-unpaid-unit">hours: it then counts on the badge until paid</span>
        </span>
        {errors.unpaid && (
          <p id="set-unpaid-error" class="field-error">
            {errors.unpaid}
          </p>
        )}
      </div>
      {checkbox(
        'set-notifications',
        'notifications',
        'Show notifications',
        'A notification when a sync finds new orders that need you.',
      )}
      {checkbox(
        'set-markShipped',
        'markShipped',
        'Mark Big Cartel orders shipped when Inkthreadable ships them',
        'Adds the carrier and tracking number to the Big Cartel order, once.',
      )}
      {state.error && (
        <p class="notice error" role="alert">
          Not saved: {state.error}
        </p>
      )}
    </section>
  );
}
