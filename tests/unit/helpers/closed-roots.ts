/**
 * The overlay attaches closed shadow roots (page scripts cannot reach them). The unit tests read
 * what the overlay drew the way a merchant sees it, so for the overlay's own hosts
 * ([data-ink-overlay]) the root stays reachable as `host.shadowRoot` here, and every mode the
 * overlay asked for is recorded (overlay-host.test.ts checks it is 'closed'). Roots the admin page
 * itself attaches keep the platform's behaviour (a closed one reads as null).
 */
export const overlayRootModes: ShadowRootMode[] = [];

export function exposeOverlayRoots(): void {
  if (typeof Element === 'undefined') return; // a test in the node environment: no DOM
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attach.call(this, init);
    if (this.hasAttribute('data-ink-overlay')) {
      overlayRootModes.push(init.mode);
      if (init.mode === 'closed') Object.defineProperty(this, 'shadowRoot', { configurable: true, get: () => root });
    }
    return root;
  };
}
