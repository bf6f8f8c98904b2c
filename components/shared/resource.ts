import { useCallback, useRef, useState } from 'preact/hooks';
import { errorMessage } from './format';

/** Something fetched from the background: the last good data, and the last error if any. */
export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

/**
 * Load data with `fetcher`; later loads replace earlier ones only when they finish last (a slow
 * early reply never overwrites a newer one). Data already shown stays while reloading.
 */
export function useResource<T, A extends unknown[]>(
  fetcher: (...args: A) => Promise<T>,
  /** shown until the first load answers (the popup's snapshot) */
  initial: T | null = null,
): [Resource<T>, (...args: A) => Promise<void>, (update: (data: T) => T) => void] {
  const [res, setRes] = useState<Resource<T>>({ data: initial, error: null, loading: true });
  const seq = useRef(0);
  const latest = useRef(fetcher);
  latest.current = fetcher;
  const load = useCallback(async (...args: A) => {
    const mine = ++seq.current;
    setRes((r) => ({ ...r, loading: true }));
    try {
      const data = await latest.current(...args);
      if (mine === seq.current) setRes({ data, error: null, loading: false });
    } catch (err) {
      if (mine === seq.current) setRes((r) => ({ data: r.data, error: errorMessage(err), loading: false }));
    }
  }, []);
  const update = useCallback((fn: (data: T) => T) => {
    // A local change wins over any load still on its way.
    seq.current++;
    setRes((r) => (r.data === null ? r : { data: fn(r.data), error: null, loading: false }));
  }, []);
  return [res, load, update];
}
