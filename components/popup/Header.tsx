import type { ServiceState, StatusView } from '@/lib/protocol';
import { openSettings } from './openers';

const SERVICES = [
  { key: 'bigcartel', name: 'Big Cartel' },
  { key: 'inkthreadable', name: 'Inkthreadable' },
] as const;

function stateText(s: ServiceState): string {
  if (s.state === 'ok') return 'Connected';
  return s.message || (s.state === 'unconfigured' ? 'Not connected' : 'Not working');
}

/** Store name and the state of both connections, with the way to fix what is wrong. */
export function Header({ status }: { status: StatusView | null }) {
  const problem = status ? SERVICES.some((s) => status[s.key].state !== 'ok') : false;
  return (
    <header class="header">
      <div class="header-top">
        <div>
          <p class="eyebrow">Inkthreadable for Big Cartel</p>
          <h1>{status?.storeName || 'Your store'}</h1>
        </div>
        {!problem && (
          <button type="button" class="icon-button" aria-label="Open settings" title="Settings" onClick={openSettings}>
            <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
              <path
                fill="currentColor"
                d="M11.3 1.5l.4 2.2c.5.2 1 .5 1.4.8l2.1-.8 1.3 2.2-1.7 1.5c.1.5.1 1.1 0 1.6l1.7 1.5-1.3 2.2-2.1-.8c-.4.3-.9.6-1.4.8l-.4 2.2H8.7l-.4-2.2c-.5-.2-1-.5-1.4-.8l-2.1.8-1.3-2.2 1.7-1.5a4.6 4.6 0 010-1.6L3.5 5.9l1.3-2.2 2.1.8c.4-.3.9-.6 1.4-.8l.4-2.2h2.6zM10 7a3 3 0 100 6 3 3 0 000-6z"
                transform="translate(0 1.5)"
              />
            </svg>
          </button>
        )}
      </div>
      {status && (
        <ul class="services" aria-label="Connections">
          {SERVICES.map(({ key, name }) => {
            const s = status[key];
            return (
              <li key={key} class={`service ${s.state}`}>
                <span class="dot" aria-hidden="true" />
                <span>
                  <strong>{name}:</strong> {stateText(s)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {problem && (
        <button type="button" class="primary fix" onClick={openSettings}>
          Open settings
        </button>
      )}
    </header>
  );
}
