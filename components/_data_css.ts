// The dashboard stylesheet, part 3: how numbers are shown (stat cards, charts, tables, the share
// list, badges, the live indicator). Joined in order by styles.ts.

export const DATA_CSS = `
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
  container-type: inline-size; /* the value shrinks with a narrow card rather than being cut */
}
.card-label { font-size: .8rem; font-weight: 500; color: var(--muted); }
.card-value { font-size: min(1.75rem, 12.5cqi); font-weight: 650; letter-spacing: -0.02em; line-height: 1.15; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cards.hero .card { padding: 1.1rem 1.25rem; }
.cards.hero .card-value { font-size: min(2rem, 12.5cqi); }
.card-foot { display: flex; align-items: center; gap: .45rem; font-size: .78rem; color: var(--faint); min-height: 1.3em; white-space: nowrap; overflow: hidden; }
.card-foot > span:last-child { overflow: hidden; text-overflow: ellipsis; }
.card-foot.card-caveat { white-space: normal; min-height: 0; }
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
  font: inherit; font-size: .78rem; padding: .1rem .35rem; border-radius: 5px; cursor: pointer; text-align: left;
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
/* A wide table scrolls in its own box: the first column stays put, and a shade marks each edge
   that hides more (right: a cover scrolls over it at the end; left: a scroll timeline). */
.table-wrap, details.data .scroll {
  overflow-x: auto; overscroll-behavior-x: contain;
  --shade: color-mix(in srgb, var(--text) 22%, transparent);
  background:
    linear-gradient(to left, var(--surface) .8rem, transparent) right / 1.6rem 100% no-repeat local,
    radial-gradient(farthest-side at 100% 50%, var(--shade), transparent) right / .8rem 100% no-repeat scroll;
}
.table-wrap .table th:not(:first-child) { background: none; }
:where(.table-wrap, details.data .scroll) .table tr > :first-child {
  position: sticky; left: 0; z-index: 1;
  background: linear-gradient(to left, var(--shade), transparent) right / 0 100% no-repeat, var(--surface);
}
:where(.table-wrap, details.data .scroll) .table th:first-child { z-index: 2; }
@supports (animation-timeline: scroll()) {
  :where(.table-wrap, details.data .scroll) .table tr > :first-child {
    animation: stuck linear both; animation-timeline: scroll(nearest inline); animation-range: 0 1.5rem;
  }
}
@keyframes stuck { to { background-size: .5rem 100%, auto; } }
@media (max-width: 640px) {
  .table-wrap td:first-child:not(.num), .table-wrap td.cell-main { min-width: 10rem; white-space: normal; overflow-wrap: anywhere; }
  .table-wrap .bar { min-width: 3rem; }
}
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
.share-list .name small { display: block; color: var(--faint); }
/* Narrow: name and share on one line, the bar under them, the numbers on a third */
@media (max-width: 600px) {
  .share-list li a { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .3rem .75rem; }
  .share-list li a > :first-child { grid-column: 1 / 3; }
  .share-list li a > .bar { grid-column: 1 / -1; grid-row: 2; min-width: 0; }
  .share-list li a > .num { text-align: right; }
  .share-list li a > :nth-child(4) { text-align: left; }
  .share-list li a > :nth-child(5) { text-align: center; }
}

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
`;
