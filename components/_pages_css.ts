// The dashboard stylesheet, part 4: notices and snippets, the event detail, settings, the theme
// toggle, the login page and wall screens. Joined in order by styles.ts.

export const PAGES_CSS = `
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
.kv dt { overflow-wrap: anywhere; font-size: .75rem; color: var(--faint); text-transform: uppercase; letter-spacing: .04em; }
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

/* Executive view: one screen. The charts take the height the rest leaves; long legends shorten. */
@media (min-width: 901px) and (min-height: 560px) {
  .main:has(> .exec-charts) { height: 100vh; padding-bottom: 1.25rem; }
  .exec-charts { flex: 1 1 0; min-height: 14rem; grid-auto-rows: minmax(0, 1fr); }
  .exec-charts > * { display: flex; flex-direction: column; min-height: 0; }
  .exec-charts > * > .panel { flex: 1 1 0; min-height: 0; }
  .exec-charts .chart-box { flex: 1 1 0; height: auto; min-height: 6rem; }
}
.exec-charts .legend button {
  display: inline-block; max-width: 14rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
.exec-charts .legend .swatch { margin-right: .35rem; vertical-align: -.05rem; }

/* Wall screens: more air, bigger numbers */
@media (min-width: 2200px) {
  .main { padding: 2rem 2.5rem; gap: 1.25rem; }
  .chart-box { height: 19rem; }
}
`;
