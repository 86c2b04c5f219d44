// Shadow DOM styles. Nothing of the page leaks in (`all: initial` on the host) or out (shadow
// scoping); the page styles a widget through the --llm-* custom properties and ::part().
// Themes: light, dark, or auto (the reader's color scheme).

/** Each color: its short name inside, the --llm-* property a page may set, light, dark. */
const PALETTE = [
  ["bg", "card-bg", "#fff", "#111827"],
  ["fg", "card-fg", "#0f172a", "#f1f5f9"],
  ["mu", "card-muted", "#64748b", "#94a3b8"],
  ["ln", "card-border", "#e2e8f0", "#273449"],
  ["ac", "accent", "#4f46e5", "#818cf8"],
  ["bad", "bad", "#dc2626", "#f87171"],
  ["ok", "good", "#15803d", "#4ade80"],
  ["wn", "warn", "#b45309", "#fbbf24"],
];
const theme = (i: 2 | 3) =>
  PALETTE.map((c) => `--${c[0]}:var(--llm-${c[1]},${c[i]});`).join("") +
  `color-scheme:${i === 2 ? "light" : "dark"}`;

export const BASE = `
:host{all:initial;${theme(2)};display:inline-block;vertical-align:top;
font:var(--llm-card-font,14px/1.4 system-ui,sans-serif);
color:var(--fg)}
:host([theme=dark]){${theme(3)}}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){${theme(3)}}}
:host([hidden]){display:none}
*{box-sizing:border-box}
.box{height:100%;background:var(--bg);border:1px solid var(--ln);
border-radius:var(--llm-card-radius,12px);padding:var(--llm-card-padding,14px 16px);
box-shadow:var(--llm-card-shadow,0 1px 2px #0f172a0f)}
.head{display:flex;align-items:center;gap:8px;min-width:0}
.label{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;
font-weight:600;font-size:.8125em;color:var(--mu)}
.status{display:inline-flex;align-items:center;gap:5px;font-size:.6875em;font-weight:600;
letter-spacing:.02em;color:var(--mu);white-space:nowrap}
.status i{width:7px;height:7px;border-radius:50%;background:currentColor}
.live .status{color:var(--ok)}
.stale .status,.unreachable .status{color:var(--wn)}
.unauthorized .status,.invalid .status{color:var(--bad)}
.loading .status i{opacity:.4}
.note{width:0;min-width:100%;margin:6px 0 0;font-size:.75em;color:var(--mu)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

export const CARD = `${BASE}
:host{min-width:var(--llm-card-min-width,13rem)}
.value{margin:6px 0 2px;font-size:var(--llm-value-size,1.875em);font-weight:700;
line-height:1.15;letter-spacing:-.02em;font-variant-numeric:tabular-nums;color:var(--fg)}
.stale .value,.unreachable .value{opacity:.55}
.trend{font-size:.8125em;font-weight:600;font-variant-numeric:tabular-nums;color:var(--mu)}
.trend.bad{color:var(--bad)}
.trend.good{color:var(--ok)}
.trend span{font-weight:400;color:var(--mu)}
svg{display:block;width:100%;height:var(--llm-sparkline-height,32px);margin-top:8px;overflow:visible}
.spark-line{fill:none;stroke:var(--ac);stroke-width:1.5;vector-effect:non-scaling-stroke;
stroke-linejoin:round}
.spark-area{fill:var(--ac);opacity:.12}
`;
