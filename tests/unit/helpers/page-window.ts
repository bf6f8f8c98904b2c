/** Admin pages loaded with their own scripts running, in a happy-dom Window of their own. */
import { afterEach } from 'vitest';
import { Window } from 'happy-dom';

type WindowSettings = ConstructorParameters<typeof Window>[0] extends infer O
  ? O extends { settings?: infer S }
    ? S
    : never
  : never;

const windows: Window[] = [];

/** Close every window a test opened (call once per test file). */
export function closePageWindows(): void {
  afterEach(async () => {
    for (const w of windows.splice(0)) await w.happyDOM.close();
  });
}

/** Loads a page with its scripts and waits for them (and their timers) to finish. */
export async function loadPage(html: string, url: string, settle = true): Promise<{ doc: Document; win: Window }> {
  const win = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableCSSFileLoading: true,
      disableJavaScriptFileLoading: true,
      navigation: { disableChildPageNavigation: true, disableMainFrameNavigation: true },
    } as WindowSettings,
  });
  windows.push(win);
  win.document.write(html);
  if (settle) await win.happyDOM.waitUntilComplete();
  return { doc: win.document as unknown as Document, win };
}
