/**
 * The overlay's one stylesheet, set as text inside each shadow root (never innerHTML). Small,
 * system fonts, light and dark (`.dark`: the admin page itself is dark, see host.ts), visible
 * focus rings; nothing here can reach the page. Written
 * compactly: it ships in the content script.
 *   --f text  --m muted  --b background  --s subtle background  --l lines  --a accent
 *   --af text on accent  --ok tick  --no cross  --nv dash  --w warning  --eb error background
 *   --nb notice background
 */
const BASE = `:host{all:initial}
.ink,.ink *{box-sizing:border-box}
.ink{--f:#1f2328;--m:#59636e;--b:#fff;--s:#f6f8fa;--l:#d1d9e0;--a:#0b57d0;--af:#fff;--ok:#1a7f37;--no:#c4262e;--nv:#6e7781;--w:#9a6700;--eb:#ffebe9;--nb:#dafbe1;font:400 13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--f);text-align:start;white-space:normal}
.ink.dark{--f:#e6edf3;--m:#9ea7b3;--b:#161b22;--s:#1f2630;--l:#3d444d;--a:#6ea8fe;--af:#0d1117;--ok:#3fb950;--no:#ff7b72;--nv:#8b949e;--w:#d29922;--eb:#3c1618;--nb:#12301c}
.ink :focus-visible{outline:2px solid var(--a);outline-offset:2px}
button,select,input{font:inherit;color:inherit;margin:0}
p{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;
const CONTROLS = `.item,.row,.check,.panel-head{display:flex;align-items:center;gap:6px;flex-wrap:wrap}
.mark{display:inline-flex;width:16px;height:16px;flex:none;border-radius:50%;color:#fff;align-items:center;justify-content:center}
.mark svg{width:10px;height:10px}
.mark-linked{background:var(--ok)}.mark-unlinked{background:var(--no)}.mark-never{background:var(--nv)}.mark-excluded{background:var(--w)}
.pn{color:var(--m);font:12px ui-monospace,Menlo,Consolas,monospace}
.btn{display:inline-flex;cursor:pointer;border-radius:6px;border:1px solid var(--l);background:var(--s);padding:3px 10px;font-size:12px;font-weight:500;line-height:18px;white-space:nowrap;text-decoration:none}
.btn:hover{border-color:var(--m)}
.btn-small{padding:1px 8px}
.btn-primary{background:var(--a);border-color:var(--a);color:var(--af)}
.btn[aria-disabled=true]{opacity:.6;cursor:progress}
.chip{display:inline-block;border-radius:9px;padding:0 8px;font-size:11px;line-height:16px;font-weight:600;border:1px solid;white-space:nowrap}
.chip-needs-linking,.chip-failed{background:var(--eb);color:var(--no)}
.chip-ready{color:var(--a)}.chip-sending{color:var(--m)}.chip-sent{background:var(--nb);color:var(--ok)}`;
const PANEL = `.panel{background:var(--b);border:1px solid var(--l);border-radius:8px;padding:12px 14px;display:grid;gap:10px;max-width:760px}
.panel-head{align-items:baseline;gap:8px}
.brand{font-size:11px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:var(--m)}
h2{font-size:15px;font-weight:600;margin:0;overflow-wrap:anywhere}
.state,.label,legend,.field label{font-weight:500}
.muted,.hint{color:var(--m)}.hint{font-size:12px}
select,.field input{border:1px solid var(--l);border-radius:6px;background:var(--b);padding:2px 6px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
.facts dt{color:var(--m)}.facts dd{margin:0;font-weight:500}
.alert,.notice{border-left:3px solid var(--no);background:var(--eb);padding:6px 10px;border-radius:4px}
.notice{border-color:var(--ok);background:var(--nb)}
.unplaced{margin:0;padding:0;list-style:none;display:grid;gap:6px}
.unplaced li{display:flex;align-items:center;gap:8px;flex-wrap:wrap}`;
/** The link dialog's own rules: it brings them (mountLinkDialog), so only its module carries them. */
export const DIALOG_CSS = `.backdrop{position:fixed;inset:0;background:#0f141973;display:flex;align-items:flex-start;justify-content:center;padding:6vh 16px;overflow:auto}
.dialog{background:var(--b);border:1px solid var(--l);border-radius:10px;width:min(520px,100%);padding:16px 18px;display:grid;gap:12px;box-shadow:0 12px 40px #0004}
.dialog h2{font-size:16px}
.dialog form{display:grid;gap:12px}
.field{display:grid;gap:3px}
.field input{padding:5px 8px;font-size:13px;width:100%}
.field input[aria-invalid=true]{border-color:var(--no)}
.error{color:var(--no);font-size:12px}
.extra{display:grid;grid-template-columns:110px 1fr auto;gap:6px;align-items:end}
.check{align-items:flex-start;flex-wrap:nowrap}
fieldset{border:1px solid var(--l);border-radius:6px;padding:8px 10px;margin:0;display:grid;gap:4px}
.actions{display:flex;gap:8px;justify-content:flex-end}`;

/** Item marks and chips: many hosts, so only what they need. */
export const CONTROLS_CSS = BASE + CONTROLS;
/** The panels, and the dialog's host (whose module adds DIALOG_CSS). */
export const OVERLAY_CSS = BASE + CONTROLS + PANEL;
