// The dashboard stylesheet, part 2: the app shell (sidebar, main column), page header and toolbar,
// controls and forms, panels and grids. Joined in order by styles.ts.

export const SHELL_CSS = `
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
  .nav a span { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .sidebar-foot { margin: 0 0 0 auto; flex-direction: row; }
  .who { display: none; }
  .main { padding: 1rem; }
}
/* Phones: one bar of icons (the hidden words stay the links' accessible names) */
@media (max-width: 600px) {
  .sidebar { flex-wrap: nowrap; gap: .5rem; padding: .5rem; }
  .brand { padding: .25rem; }
  .nav { flex-wrap: nowrap; gap: 0; }
  .nav a { padding: .5rem .45rem; }
  .foot-actions { gap: .25rem; }
  .foot-actions .btn { padding: .42rem; }
  .wide-only {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  }
}

/* Page header and toolbar */
.page-head { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.25rem; }
.page-head .title { display: flex; flex-direction: column; gap: .15rem; margin-right: auto; min-width: 0; }
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
  max-width: 100%;
}
textarea { width: 100%; }
select { padding-right: 1.6rem; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--focus); outline-offset: 0; }
.field { display: flex; flex-direction: column; gap: .3rem; font-size: .85rem; color: var(--muted); max-width: 100%; }
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
`;
