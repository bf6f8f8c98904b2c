import { useEffect } from 'preact/hooks';
import { call } from '@/lib/protocol';
import { useChanged } from '../shared/useChanged';
import { useResource } from '../shared/resource';
import { Spinner } from '../shared/Spinner';
import { ConnectionsForm } from './ConnectionsForm';
import { CatalogueView } from './CatalogueView';
import { LinksManager } from './LinksManager';
import { SettingsForm } from './SettingsForm';

/** The options page: connections, order settings and links. */
export function Options() {
  const [view, loadView, setView] = useResource(() => call({ type: 'getSettings' }));
  const [status, loadStatus] = useResource(() => call({ type: 'getStatus' }));

  useEffect(() => {
    void loadView();
    void loadStatus();
  }, [loadView, loadStatus]);
  // Connection states change after a sync or a test; the forms keep what is being typed.
  useChanged(() => void loadStatus(), 500);

  return (
    <div class="options">
      <header class="page-head">
        <p class="eyebrow">Inkthreadable for Big Cartel</p>
        <h1>Settings</h1>
        <nav aria-label="Sections">
          <a href="#connections-heading">Connections</a>
          <a href="#settings-heading">Orders</a>
          <a href="#products-heading">Products</a>
          <a href="#links-heading">Links</a>
        </nav>
      </header>
      <main>
        {view.data ? (
          <>
            <ConnectionsForm view={view.data} status={status.data} onSaved={(v) => setView(() => v)} />
            <SettingsForm view={view.data} onSaved={(v) => setView(() => v)} />
          </>
        ) : view.error ? (
          <div class="card notice error" role="alert">
            <p>Could not load the settings: {view.error}</p>
            <button type="button" onClick={() => void loadView()}>
              Try again
            </button>
          </div>
        ) : (
          <p class="card loading" role="status">
            <Spinner /> Loading settings…
          </p>
        )}
        <CatalogueView />
        <LinksManager />
      </main>
    </div>
  );
}
