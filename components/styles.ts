// The dashboard stylesheet, served by routes/pages.ts at /assets/dashboard.css?v=STYLES_VERSION.
// Light and dark themes are the same rules over two sets of custom properties: the system
// preference picks one unless the reader chose with the toggle (html[data-theme]).

const LIGHT = `
  --bg: #f5f6f8; --surface: #ffffff; --surface-2: #f0f2f5; --surface-3: #e7eaef;
  --border: #e1e4ea; --border-strong: #cdd2da;
  --text: #151820; --muted: #5b6371; --faint: #8a919d;
  --accent: #4f46e5; --accent-text: #ffffff; --accent-weak: #eef0fe; --accent-ink: #3730a3;
  --ok: #15803d; --ok-weak: #e7f6ec; --err: #c81e1e; --err-weak: #fdecec;
  --warn: #b45309; --warn-weak: #fdf3e2;
  --grid: rgba(20, 24, 32, 0.07); --shadow: 0 1px 2px rgba(16, 24, 40, 0.05);
  --focus: #2563eb;
  --s1: #6366f1; --s2: #14b8a6; --s3: #f59e0b; --s4: #ec4899; --s5: #3b82f6;
  --s6: #84cc16; --s7: #a855f7; --s8: #f97316; --s9: #06b6d4; --s10: #e11d48;
  --s11: #0d9488; --s12: #ca8a04; --other: #94a3b8;
  --status-success: #22a06b; --status-error: #e5484d; --status-timeout: #f5a524;
`;

const DARK = `
  --bg: #0b0e13; --surface: #131821; --surface-2: #19202b; --surface-3: #222a36;
  --border: #232b37; --border-strong: #334050;
  --text: #e7eaf0; --muted: #9ba4b3; --faint: #6f7886;
  --accent: #8b8cf8; --accent-text: #0b0e13; --accent-weak: #1e2140; --accent-ink: #c7c8ff;
  --ok: #4ade80; --ok-weak: #10291b; --err: #f87171; --err-weak: #33161a;
  --warn: #fbbf24; --warn-weak: #30240c;
  --grid: rgba(231, 234, 240, 0.08); --shadow: 0 1px 2px rgba(0, 0, 0, 0.4);
  --focus: #60a5fa;
  --s1: #818cf8; --s2: #2dd4bf; --s3: #fbbf24; --s4: #f472b6; --s5: #60a5fa;
  --s6: #a3e635; --s7: #c084fc; --s8: #fb923c; --s9: #22d3ee; --s10: #fb7185;
  --s11: #5eead4; --s12: #facc15; --other: #8391a7;
  --status-success: #3fb97f; --status-error: #f2555a; --status-timeout: #f5b93b;
`;

export const STYLES = `
:root { color-scheme: light; ${LIGHT} }
:root[data-theme="dark"] { color-scheme: dark; ${DARK} }
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) { color-scheme: dark; ${DARK} }
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: clamp(13px, 0.3vw + 9.5px, 24px); -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 400 1rem/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    Arial, "Noto Sans", sans-serif;
  -webkit-font-smoothing: antialiased;
}
a { color: var(--accent-ink); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
h1, h2, h3 { margin: 0; font-weight: 600; letter-spacing: -0.01em; }
h1 { font-size: 1.45rem; }
h2 { font-size: 1rem; }
h3 { font-size: 0.9rem; }
p { margin: 0; }
.num, .card-value, td.num, th.num { font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.bad-text { color: var(--err); }
.faint { color: var(--faint); }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip { position: absolute; left: -999px; top: 0; z-index: 10; background: var(--surface); padding: .5rem 1rem; }
.skip:focus { left: 1rem; top: 1rem; }

/* Layout */
.app { display: grid; grid-template-columns: 13.5rem minmax(0, 1fr); min-height: 100vh; }
.sidebar {
  position: sticky; top: 0; height: 100vh; display: flex; flex-direction: column; gap: 1rem;
  padding: 1rem .75rem; background: var(--surface); border-right: 1px solid var(--border);
}
.brand { display: flex; align-items: center; gap: .55rem; padding: .25rem .5rem; color: var(--text); font-weight: 650; }
.brand:hover { text-decoration: none; }
.brand svg { width: 1.6rem; height: 1.6rem; color: var(--accent); }
.brand small { display: block; font-weight: 400; color: var(--faint); font-size: .75rem; }
.nav { display: flex; flex-direction: column; gap: 2px; }
.nav a {
  display: flex; align-items: center; gap: .6rem; padding: .5rem .6rem; border-radius: 8px;
  color: var(--muted); font-weight: 500;
}
.nav a svg { width: 1.1rem; height: 1.1rem; flex: none; }
.nav a:hover { background: var(--surface-2); color: var(--text); text-decoration: none; }
.nav a[aria-current="page"] { background: var(--accent-weak); color: var(--accent-ink); }
.sidebar-foot { margin-top: auto; display: flex; flex-direction: column; gap: .6rem; font-size: .85rem; }
.who { padding: .5rem .6rem; border-radius: 8px; background: var(--surface-2); }
.who b { display: block; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.foot-actions { display: flex; gap: .4rem; align-items: center; }
.foot-actions form { margin: 0; flex: 1; }
.foot-actions .btn { width: 100%; }
.main { padding: 1.25rem 1.5rem 3rem; display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
.main:focus { outline: none; }
@media (max-width: 900px) {
  .app { grid-template-columns: 1fr; }
  .sidebar { position: static; height: auto; flex-direction: row; flex-wrap: wrap; align-items: center; padding: .5rem .75rem; }
  .nav { flex-direction: row; flex-wrap: wrap; }
  .nav a span { display: none; }
  .sidebar-foot { margin: 0 0 0 auto; flex-direction: row; }
  .who { display: none; }
  .main { padding: 1rem; }
}

/* Page header and toolbar */
.page-head { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.25rem; }
.page-head .title { display: flex; flex-direction: column; gap: .15rem; margin-right: auto; }
.page-head .title p { color: var(--muted); font-size: .9rem; }
.seg {
  display: inline-flex; padding: 3px; gap: 2px; border-radius: 9px; background: var(--surface-2);
  border: 1px solid var(--border);
}
.seg a, .seg button {
  padding: .3rem .65rem; border-radius: 6px; color: var(--muted); font: inherit; font-size: .85rem;
  font-weight: 500; background: none; border: 0; cursor: pointer; white-space: nowrap;
}
.seg a:hover, .seg button:hover { color: var(--text); text-decoration: none; }
.seg [aria-current="page"], .seg [aria-current="true"], .seg [aria-pressed="true"] {
  background: var(--surface); color: var(--text); box-shadow: var(--shadow), 0 0 0 1px var(--border);
}
.toolbar {
  display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .6rem; padding: .6rem .7rem;
  background: var(--surface); border: 1px solid var(--border); border-radius: 12px;
}
.toolbar form { display: contents; }
.toolbar .break { flex-basis: 100%; height: 0; }
.toolbar label.filter select, .toolbar label.filter input { width: 9.5rem; }
.toolbar label.filter { display: inline-flex; align-items: center; gap: .35rem; font-size: .8rem; color: var(--muted); }
.toolbar select, .toolbar input { max-width: 12rem; }
.custom-range { display: inline-flex; align-items: center; gap: .35rem; font-size: .85rem; }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.chip {
  display: inline-flex; align-items: center; gap: .35rem; padding: .15rem .25rem .15rem .6rem;
  border-radius: 999px; background: var(--accent-weak); color: var(--accent-ink); font-size: .8rem;
}
.chip a { display: inline-grid; place-items: center; width: 1.2rem; height: 1.2rem; border-radius: 50%; color: inherit; }
.chip a:hover { background: var(--surface); text-decoration: none; }

/* Controls */
.btn {
  display: inline-flex; align-items: center; justify-content: center; gap: .4rem;
  padding: .42rem .8rem; border-radius: 8px; border: 1px solid var(--border-strong);
  background: var(--surface); color: var(--text); font: inherit; font-size: .875rem; font-weight: 500;
  cursor: pointer; white-space: nowrap;
}
.btn:hover { background: var(--surface-2); text-decoration: none; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
.btn.primary:hover { filter: brightness(1.08); }
.btn.danger { color: var(--err); }
.btn.small { padding: .2rem .55rem; font-size: .8rem; }
.btn.icon { padding: .42rem; }
.btn svg { width: 1rem; height: 1rem; }
.btn[disabled] { opacity: .55; cursor: default; }
input, select, textarea {
  font: inherit; font-size: .875rem; color: var(--text); background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 8px; padding: .38rem .55rem; min-width: 0;
}
textarea { width: 100%; }
select { padding-right: 1.6rem; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--focus); outline-offset: 0; }
.field { display: flex; flex-direction: column; gap: .3rem; font-size: .85rem; color: var(--muted); }
.field > span { font-weight: 500; }
.form-row { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
.form-row .field input, .form-row .field select { min-width: 9rem; }
.field.check { flex-direction: row; align-items: center; gap: .4rem; padding-bottom: .45rem; }
.field.check input { min-width: 0; }
.metric-picks { border: 1px solid var(--border); border-radius: 10px; padding: .6rem .8rem; margin: 0;
  display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .3rem .8rem; font-size: .85rem; }
.metric-picks legend { padding: 0 .3rem; color: var(--muted); font-size: .8rem; }
.preview-box { padding: 1rem; border: 1px dashed var(--border-strong); border-radius: 10px; max-width: 22rem; }

/* Panels and grids */
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 34rem), 1fr)); }
.grid.three { grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); }
.span-all { grid-column: 1 / -1; }
.panel {
  background: var(--surface); border: 1px solid var(--border); border-radius: 12px;
  box-shadow: var(--shadow); padding: 1rem 1.1rem; display: flex; flex-direction: column; gap: .75rem;
  min-width: 0; margin: 0;
}
.panel-head { display: flex; align-items: baseline; gap: .75rem; flex-wrap: wrap; }
.panel-head h2 { margin-right: auto; }
.panel-head .sub, .sub { color: var(--muted); font-size: .8rem; }
.section-title { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--faint); font-weight: 600; }

/* Stat cards */
.cards { display: grid; gap: .75rem; grid-template-columns: repeat(4, minmax(0, 1fr)); }
.cards.hero { grid-template-columns: repeat(3, minmax(0, 1fr)); }
@media (min-width: 1400px) { .cards.hero { grid-template-columns: repeat(6, minmax(0, 1fr)); } }
@media (min-width: 1900px) {
  .cards { grid-template-columns: repeat(8, minmax(0, 1fr)); }
  .cards.hero { grid-template-columns: repeat(6, minmax(0, 1fr)); }
}
@media (max-width: 1100px) { .cards, .cards.hero { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.card {
  background: var(--surface); border: 1px solid var(--border); border-radius: 12px; box-shadow: var(--shadow);
  padding: .85rem 1rem; display: flex; flex-direction: column; gap: .3rem; min-width: 0; margin: 0;
}
.card-label { font-size: .8rem; font-weight: 500; color: var(--muted); }
.card-value { font-size: 1.75rem; font-weight: 650; letter-spacing: -0.02em; line-height: 1.15; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cards.hero .card { padding: 1.1rem 1.25rem; }
.cards.hero .card-value { font-size: 2rem; }
.card-foot { display: flex; align-items: center; gap: .45rem; font-size: .78rem; color: var(--faint); min-height: 1.3em; white-space: nowrap; overflow: hidden; }
.card-foot > span:last-child { overflow: hidden; text-overflow: ellipsis; }
.trend { flex: none; display: inline-flex; align-items: center; gap: .15rem; font-weight: 600; padding: 0 .35rem; border-radius: 5px; }
.trend.good { color: var(--ok); background: var(--ok-weak); }
.trend.bad { color: var(--err); background: var(--err-weak); }
.trend.flat { color: var(--muted); background: var(--surface-2); }
.card.flash .card-value { animation: flash 1.2s ease-out; }
@keyframes flash { from { color: var(--accent); } to { color: inherit; } }

/* Charts */
.chart-box { position: relative; height: 15rem; }
.chart-box canvas { position: absolute; inset: 0; }
.cards + .grid .chart-box, .tall .chart-box { height: 17rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem .35rem; margin: -.25rem 0 0; padding: 0; list-style: none; }
.legend button {
  display: inline-flex; align-items: center; gap: .35rem; border: 0; background: none; color: var(--muted);
  font: inherit; font-size: .78rem; padding: .1rem .35rem; border-radius: 5px; cursor: pointer;
}
.legend button:hover { background: var(--surface-2); color: var(--text); }
.legend button[aria-pressed="false"] { opacity: .45; text-decoration: line-through; }
.swatch { width: .7rem; height: .7rem; border-radius: 3px; flex: none; display: inline-block; }
.chart-empty {
  position: absolute; inset: 0; display: grid; place-items: center; color: var(--faint); font-size: .85rem;
  pointer-events: none;
}
details.data summary { cursor: pointer; color: var(--muted); font-size: .8rem; width: max-content; }
details.data[open] summary { margin-bottom: .5rem; }
details.data .scroll { max-height: 16rem; overflow: auto; }
.stale { color: var(--warn); font-size: .78rem; }

/* Tables */
.table-wrap { overflow-x: auto; margin: 0 -1.1rem; padding: 0 1.1rem; }
table.table { width: 100%; border-collapse: collapse; font-size: .85rem; }
.table th {
  text-align: left; font-weight: 500; color: var(--faint); font-size: .75rem; text-transform: uppercase;
  letter-spacing: .04em; padding: .45rem .6rem; border-bottom: 1px solid var(--border); white-space: nowrap;
  position: sticky; top: 0; background: var(--surface);
}
.table td { padding: .5rem .6rem; border-bottom: 1px solid var(--border); vertical-align: middle; }
.table tr:last-child td { border-bottom: 0; }
.table .num { text-align: right; white-space: nowrap; }
.table tbody tr.link { cursor: pointer; }
.table tbody tr:hover td { background: var(--surface-2); }
.table tbody tr.new td { animation: newrow 2s ease-out; }
@keyframes newrow { from { background: var(--accent-weak); } to { background: transparent; } }
.table th button {
  font: inherit; color: inherit; text-transform: inherit; letter-spacing: inherit; background: none; border: 0;
  padding: 0; cursor: pointer; display: inline-flex; gap: .25rem; align-items: center;
}
.table th[aria-sort="descending"] { color: var(--text); }
.table th[aria-sort="descending"] button::after { content: "↓"; }
.cell-main { font-weight: 500; color: var(--text); }
.cell-main small { display: block; font-weight: 400; color: var(--faint); font-size: .75rem; }
.truncate { max-width: 22rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar { display: block; position: relative; height: .5rem; min-width: 5rem; border-radius: 999px; background: var(--surface-3); overflow: hidden; }
.bar > span { position: absolute; inset: 0 auto 0 0; border-radius: 999px; background: var(--accent); }
.bar > .ghost { background: var(--accent); opacity: .28; }
.bar.warn > span { background: var(--warn); }
.bar.bad > span { background: var(--err); }
.bar .tick { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--surface); }
.empty { padding: 1.5rem; text-align: center; color: var(--faint); font-size: .9rem; }
.empty b { display: block; color: var(--muted); margin-bottom: .25rem; }

/* Share list (model distribution) */
.share-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
.share-list li a {
  display: grid; grid-template-columns: minmax(9rem, 1.7fr) minmax(3rem, 1.4fr) 3.6rem 4.6rem 5.2rem 4.6rem; gap: .75rem;
  align-items: center; padding: .45rem .5rem; border-radius: 8px; color: var(--text); font-size: .85rem;
}
.share-list li a:hover { background: var(--surface-2); text-decoration: none; }
.share-list .name { display: flex; gap: .5rem; align-items: center; min-width: 0; }
.share-list .name span:last-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; line-height: 1.25; }
.share-list .name small { display: block; }
.share-list .name small { color: var(--faint); }

/* Badges */
.badge {
  display: inline-flex; align-items: center; gap: .3rem; padding: .05rem .5rem; border-radius: 999px;
  font-size: .75rem; font-weight: 600; background: var(--surface-2); color: var(--muted); white-space: nowrap;
}
.badge::before { content: ""; width: .45rem; height: .45rem; border-radius: 50%; background: currentColor; }
.badge.success { color: var(--ok); background: var(--ok-weak); }
.badge.error { color: var(--err); background: var(--err-weak); }
.badge.timeout { color: var(--warn); background: var(--warn-weak); }
.badge.plain::before { display: none; }

/* Live indicator */
.live { display: inline-flex; align-items: center; gap: .4rem; font-size: .8rem; color: var(--muted); white-space: nowrap; }
.live i { width: .55rem; height: .55rem; border-radius: 50%; background: var(--faint); }
.live.on i { background: var(--status-success); box-shadow: 0 0 0 0 var(--status-success); animation: pulse 2s infinite; }
.live.off i { background: var(--status-error); }
.live.wait i { background: var(--status-timeout); }
@keyframes pulse { 0% { box-shadow: 0 0 0 0 color-mix(in srgb, var(--status-success) 60%, transparent); } 70% { box-shadow: 0 0 0 .45rem transparent; } 100% { box-shadow: 0 0 0 0 transparent; } }
@media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation: none !important; transition: none !important; } }

/* Notices */
.notice { padding: .7rem .9rem; border-radius: 10px; border: 1px solid var(--border); background: var(--surface-2); font-size: .875rem; }
.notice.ok { background: var(--ok-weak); border-color: transparent; }
.notice.warn { background: var(--warn-weak); border-color: transparent; }
.notice.err { background: var(--err-weak); border-color: transparent; color: var(--text); }
.secret { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin-top: .5rem; }
.secret code { padding: .4rem .6rem; background: var(--surface); border: 1px solid var(--border); border-radius: 8px; word-break: break-all; }
pre.snippet, pre.content {
  margin: 0; padding: .8rem 1rem; background: var(--surface-2); border: 1px solid var(--border); border-radius: 10px;
  overflow: auto; white-space: pre-wrap; word-break: break-word; font-size: .82rem; line-height: 1.5; max-height: 28rem;
}

/* Event detail */
.kv { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr)); gap: .9rem 1.25rem; margin: 0; }
.kv div { min-width: 0; }
.kv dt { font-size: .75rem; color: var(--faint); text-transform: uppercase; letter-spacing: .04em; }
.kv dd { margin: .15rem 0 0; font-weight: 500; overflow-wrap: anywhere; }
a.back { display: inline-flex; align-items: center; gap: .3rem; font-size: .85rem; width: max-content; }
a.back svg { width: 1rem; height: 1rem; }
.event-head { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem; }

/* Settings */
.settings-nav { display: flex; flex-wrap: wrap; gap: .4rem; }
.settings-nav a { padding: .3rem .7rem; border-radius: 999px; background: var(--surface); border: 1px solid var(--border); font-size: .85rem; color: var(--muted); }
.stack { display: flex; flex-direction: column; gap: .75rem; }
.inline-form { display: inline; margin: 0; }

/* Theme toggle: the icon of the theme a click switches to */
.theme-toggle .sun { display: none; }
:root[data-theme="dark"] .theme-toggle .sun { display: block; }
:root[data-theme="dark"] .theme-toggle .moon { display: none; }
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) .theme-toggle .sun { display: block; }
  :root:not([data-theme="light"]) .theme-toggle .moon { display: none; }
}

/* Login */
.login-page { min-height: 100vh; display: grid; place-items: center; padding: 1.5rem; }
.login-card { width: min(100%, 26rem); }
.login-card .brand { padding: 0; margin-bottom: .5rem; }
.login-card form { display: flex; flex-direction: column; gap: .9rem; }
.login-card input { width: 100%; padding: .55rem .7rem; }

/* Wall screens: more air, bigger numbers */
@media (min-width: 2200px) {
  .main { padding: 2rem 2.5rem; gap: 1.25rem; }
  .chart-box { height: 19rem; }
}
`;

/** A short content hash, to version the stylesheet URL (cached for a year). */
export const STYLES_VERSION = (() => {
  let h = 0x811c9dc5;
  for (let i = 0; i < STYLES.length; i++) h = Math.imul(h ^ STYLES.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
})();
