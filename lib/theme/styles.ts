/**
 * The overlay's stylesheets, set as text inside each shadow root (never innerHTML). The rules are
 * in the .css files beside this one; the build minifies them into the content script (and into
 * the options page, which shows the link dialog in the same kind of host).
 */
import base from './base.css?inline';
import controls from './controls.css?inline';
import panel from './panel.css?inline';

/** Item marks and chips: many hosts, so only what they need. */
export const CONTROLS_CSS = base + controls;
/** The panels, and the dialog's host (whose module adds the dialog's own rules). */
export const OVERLAY_CSS = CONTROLS_CSS + panel;
