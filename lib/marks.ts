/**
 * Performance marks the benchmark reads back (overlay, popup, poll). A mark must never break what
 * it measures: where there is no performance timeline it does nothing.
 */
export function mark(name: string, detail?: unknown): void {
  try {
    performance.mark(name, detail === undefined ? undefined : { detail });
  } catch {
    /* no performance timeline */
  }
}

/** Forget earlier marks of these names (a long-lived worker would otherwise keep every one). */
export function clearMarks(...names: string[]): void {
  try {
    for (const n of names) performance.clearMarks(n);
  } catch {
    /* no performance timeline */
  }
}
