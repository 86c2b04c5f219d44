// The dashboard stylesheet, part 1: the light and dark themes (the same rules over two sets of
// custom properties: the system preference picks one unless the reader chose with the toggle,
// html[data-theme]) and the element defaults. Joined in order by styles.ts.
import { paletteCss } from "../lib/shared/palette.ts";

const LIGHT = `
  --bg: #f5f6f8; --surface: #ffffff; --surface-2: #f0f2f5; --surface-3: #e7eaef;
  --border: #e1e4ea; --border-strong: #cdd2da;
  --text: #151820; --muted: #5b6371; --faint: #8a919d;
  --accent: #4f46e5; --accent-text: #ffffff; --accent-weak: #eef0fe; --accent-ink: #3730a3;
  --ok: #15803d; --ok-weak: #e7f6ec; --err: #c81e1e; --err-weak: #fdecec;
  --warn: #b45309; --warn-weak: #fdf3e2;
  --grid: rgba(20, 24, 32, 0.07); --shadow: 0 1px 2px rgba(16, 24, 40, 0.05);
  --focus: #2563eb;
  ${paletteCss("light")} --other: #94a3b8;
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
  ${paletteCss("dark")} --other: #8391a7;
  --status-success: #3fb97f; --status-error: #f2555a; --status-timeout: #f5b93b;
`;

export const BASE_CSS = `
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
h1, h2, h3 { margin: 0; font-weight: 600; letter-spacing: -0.01em; overflow-wrap: anywhere; }
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
`;
