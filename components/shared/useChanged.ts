import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ChangedNotice } from '@/lib/protocol';

function isChangedNotice(msg: unknown): msg is ChangedNotice {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'ink:changed';
}

/**
 * Call `onChanged` when the background says data changed (`{type: 'ink:changed'}`), at most once
 * per `delayMs` (a sync sends one notice per page of orders). Other messages are left alone.
 */
export function useChanged(onChanged: () => void, delayMs = 200): void {
  const latest = useRef(onChanged);
  latest.current = onChanged;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (msg: unknown): undefined => {
      if (!isChangedNotice(msg)) return undefined;
      if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          latest.current();
        }, delayMs);
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      browser.runtime.onMessage.removeListener(listener);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [delayMs]);
}
