/**
 * The overlay's stylesheets, set as text inside each shadow root (never innerHTML). The rules are
 * in styles/*.css; the build minifies them into the content script.
 */
import base from './styles/base.css?inline';
import controls from './styles/controls.css?inline';
import panel from './styles/panel.css?inline';

/** Item marks and chips: many hosts, so only what they need. */
export const CONTROLS_CSS = base + controls;
/** The panels, and the dialog's host (whose module adds the dialog's own rules). */
export const OVERLAY_CSS = CONTROLS_CSS + panel;
