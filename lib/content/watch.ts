/**
 * Watching the admin's DOM for late content: one MutationObserver on the document and on every
 * open shadow root found (items may render inside web components). Mutations that only add or
 * remove our own hosts are ignored, so placing a mark never triggers another scan.
 */
import { deepElements } from '../bigcartel/page';
import { isOverlayNode } from './host';

export interface DomWatcher {
  /** Observe the open shadow roots under `root` not yet observed. */
  observeShadows(root: ParentNode): void;
}

function onlyOurs(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  return nodes.length > 0 && nodes.every(isOverlayNode);
}

export function watchDom(doc: Document, onChange: () => void, signal: AbortSignal): DomWatcher {
  const seen = new WeakSet<Node>();
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true };
  const observer = new MutationObserver((records) => {
    if (signal.aborted) return;
    let relevant = false;
    for (const r of records) {
      if (onlyOurs(r)) continue;
      relevant = true;
      for (const n of Array.from(r.addedNodes)) {
        if (n.nodeType === 1 && !isOverlayNode(n)) watcher.observeShadows(n as Element);
      }
    }
    if (relevant) onChange();
  });
  const watcher: DomWatcher = {
    observeShadows(root) {
      for (const el of deepElements(root)) {
        const sr = el.shadowRoot;
        if (sr && sr.mode === 'open' && !seen.has(sr)) {
          seen.add(sr);
          observer.observe(sr, options);
        }
      }
    },
  };
  observer.observe(doc, options);
  seen.add(doc);
  // Finding the shadow roots walks the whole page: in the next task, so that the marks the
  // caller is about to place are not kept waiting for it.
  const win = doc.defaultView;
  const timer = win?.setTimeout(() => {
    if (!signal.aborted) watcher.observeShadows(doc);
  }, 0);
  if (!win) watcher.observeShadows(doc);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) win?.clearTimeout(timer);
    },
    { once: true },
  );
  return watcher;
}

/**
 * Run `fn` at once while it stays cheap (under `budgetMs` per second), later (`delayMs`) when a
 * page mutates so much that scanning on every change would slow it down.
 */
export function budgeted(
  fn: () => void,
  env: { setTimeout(fn: () => void, ms: number): void },
  budgetMs = 120,
  delayMs = 250,
): () => void {
  let windowStart = now();
  let spent = 0;
  let pending = false;
  const runTimed = () => {
    const t0 = now();
    try {
      fn();
    } finally {
      spent += now() - t0;
    }
  };
  return () => {
    if (pending) return;
    const t = now();
    if (t - windowStart > 1000) {
      windowStart = t;
      spent = 0;
    }
    if (spent < budgetMs) {
      runTimed();
      return;
    }
    pending = true;
    env.setTimeout(() => {
      pending = false;
      windowStart = now();
      spent = 0;
      runTimed();
    }, delayMs);
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
