/**
 * Features in the Refined GitHub style: each has an `include` predicate on the URL and an `init`
 * that sets itself up on the current page and tears everything down when its signal aborts
 * (navigation to another page, or the extension being reloaded). A feature that throws is
 * logged once and stopped; the others and the page carry on.
 */
type ChangeListener = (orderIds: string[] | null) => void;

/** Fans the background's `ink:changed` notices out to the features of the current page. */
export interface ChangeHub {
  emit(orderIds: string[] | null): void;
  subscribe(listener: ChangeListener, signal: AbortSignal): void;
}

export function createChangeHub(): ChangeHub {
  const listeners = new Set<ChangeListener>();
  return {
    emit(orderIds) {
      for (const l of [...listeners]) {
        try {
          l(orderIds);
        } catch (err) {
          console.warn('Inkthreadable overlay: a change listener failed', err);
        }
      }
    },
    subscribe(listener, signal) {
      if (signal.aborted) return;
      listeners.add(listener);
      signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
    },
  };
}

export interface FeatureEnv {
  doc: Document;
  win: Window;
  url: URL;
  signal: AbortSignal;
  /** Data changed in the background (orderIds null: anything may have changed). */
  onChanged(listener: ChangeListener): void;
  /** An unexpected error: logged once for this feature, which then stops. */
  fail(err: unknown): void;
  /** Wrap a callback (event handler, observer, timer) so that what it throws goes to `fail`. */
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  setTimeout(fn: () => void, ms: number): void;
  /** Returns a function that stops it (it also stops with the feature). */
  setInterval(fn: () => void, ms: number): () => void;
}

export interface Feature {
  name: string;
  include(url: URL): boolean;
  init(env: FeatureEnv): void | Promise<void>;
}

export interface Runner {
  /** Start the features that fit `url`, after stopping those of the previous page. */
  navigate(url: URL): void;
  stop(): void;
  /** Names of the features running now. */
  active(): string[];
}

export interface RunnerOptions {
  features: readonly Feature[];
  doc: Document;
  win: Window;
  hub: ChangeHub;
  log?: (message: string, err: unknown) => void;
}

function pageKey(url: URL): string {
  return url.origin + url.pathname + url.search;
}

/** What a feature is given: the page, its URL, and listeners and timers that stop with it. */
function featureEnv(opts: RunnerOptions, url: URL, signal: AbortSignal, fail: (err: unknown) => void): FeatureEnv {
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (signal.aborted) return;
      try {
        fn(...args);
      } catch (err) {
        fail(err);
      }
    };
  return {
    doc: opts.doc,
    win: opts.win,
    url,
    signal,
    onChanged: (listener) => opts.hub.subscribe(guard(listener), signal),
    fail,
    guard,
    setTimeout: (fn, ms) => {
      const id = opts.win.setTimeout(guard(fn), ms);
      signal.addEventListener('abort', () => opts.win.clearTimeout(id), { once: true });
    },
    setInterval: (fn, ms) => {
      const id = opts.win.setInterval(guard(fn), ms);
      const stop = () => opts.win.clearInterval(id);
      signal.addEventListener('abort', stop, { once: true });
      return stop;
    },
  };
}

export function createRunner(opts: RunnerOptions): Runner {
  const log = opts.log ?? ((message, err) => console.warn(message, err));
  const logged = new Set<string>();
  let running: { name: string; ac: AbortController }[] = [];
  let current: string | null = null;

  const stop = () => {
    const was = running;
    running = [];
    current = null;
    for (const r of was) {
      try {
        r.ac.abort();
      } catch (err) {
        report(r.name, err);
      }
    }
  };

  function report(name: string, err: unknown): void {
    if (logged.has(name)) return;
    logged.add(name);
    try {
      log(`Inkthreadable overlay: the "${name}" feature failed and was switched off on this page`, err);
    } catch {
      /* nothing more we can do */
    }
  }

  function start(feature: Feature, url: URL): void {
    const ac = new AbortController();
    const { signal } = ac;
    const entry = { name: feature.name, ac };
    const fail = (err: unknown) => {
      report(feature.name, err);
      if (!signal.aborted) {
        try {
          ac.abort();
        } catch {
          /* teardown failed too: already logged */
        }
      }
      running = running.filter((r) => r !== entry);
    };
    const env = featureEnv(opts, url, signal, fail);
    running.push(entry);
    try {
      const result = feature.init(env);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).catch((err) => {
          if (!signal.aborted) fail(err);
        });
      }
    } catch (err) {
      fail(err);
    }
  }

  return {
    navigate(url) {
      const key = pageKey(url);
      if (key === current) return;
      stop();
      current = key;
      for (const feature of opts.features) {
        let included = false;
        try {
          included = feature.include(url);
        } catch (err) {
          report(feature.name, err);
        }
        if (included) start(feature, url);
      }
    },
    stop,
    active: () => running.map((r) => r.name),
  };
}

/** The longest a feature waits for the admin page's load event before drawing. */
export const LOAD_WAIT_MS = 300;

/**
 * Resolves once the admin page has loaded (in a task after its load event's own: a listener's
 * work would still count inside the event), or after LOAD_WAIT_MS at most (a slow image must not
 * hide the overlay), or when the feature stops. Features draw after it: the page's own loading
 * never waits for the overlay.
 */
export function afterLoad(env: Pick<FeatureEnv, 'doc' | 'win' | 'signal' | 'setTimeout'>): Promise<void> {
  const { doc, win, signal } = env;
  if (doc.readyState === 'complete' || signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    win.addEventListener('load', () => env.setTimeout(resolve, 0), { once: true, signal });
    env.setTimeout(resolve, LOAD_WAIT_MS);
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
