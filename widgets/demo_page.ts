// The demo portal: a page of an imaginary internal portal embedding the widgets, server-rendered
// (routes/widgets.ts serves it at /widgets/demo; tools/portal.ts serves it from another origin).
// Server-side only: it is not part of any bundle.
import { renderToString } from "preact-render-to-string";
import { html } from "../components/html.ts";

export interface DemoOptions {
  /** Where the widget bundles and the API are: "" for the monitor itself, else its origin. */
  monitor: string;
  /** The widget token from the page's `?token=`; the page explains how to make one without. */
  token: string;
  /** Shown in the header: the origin the page is served from. */
  origin: string;
}

export const DEMO_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#0f172a;background:#f1f5f9}
header{display:flex;align-items:center;gap:16px;padding:14px 32px;background:#0f172a;color:#e2e8f0}
header b{font-size:17px}
header span{color:#94a3b8;font-size:13px}
header form{margin-left:auto;display:flex;gap:8px;align-items:center;font-size:13px}
select,input,button{font:inherit;padding:5px 8px;border-radius:6px;border:1px solid #334155;
background:#1e293b;color:#e2e8f0}
main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}
h2{margin:28px 0 12px;font-size:15px;text-transform:uppercase;letter-spacing:.06em;color:#475569}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}
.grid llm-metric-card{display:block}
.split{display:grid;grid-template-columns:3fr 2fr;gap:16px}
@media (max-width:900px){.split{grid-template-columns:1fr}}
.dark{margin-top:28px;padding:20px;border-radius:16px;background:#020617}
.dark h2{margin-top:0;color:#94a3b8}
.brand{--llm-card-bg:linear-gradient(135deg,#4338ca,#7c3aed);--llm-card-fg:#fff;
--llm-card-muted:#e0e7ff;--llm-card-border:transparent;--llm-accent:#fde68a;--llm-good:#bbf7d0;
--llm-bad:#fecaca;--llm-card-radius:18px}
.brand::part(value){font-size:2.4em}
.note{padding:14px 18px;border-radius:12px;background:#fff;border:1px solid #e2e8f0}
code,pre{font:13px/1.5 ui-monospace,monospace}
@media (prefers-color-scheme:dark){body{background:#0b1120;color:#e2e8f0}h2{color:#94a3b8}
.note{background:#111827;border-color:#273449}.dark{background:#1e293b}}
pre{margin:8px 0 0;padding:12px 14px;border-radius:8px;background:#0f172a;color:#e2e8f0;overflow:auto}
`;

/** Changing the window select re-subscribes every widget (an attribute change). */
export const DEMO_SCRIPT = `document.querySelector("#window").addEventListener("change", (e) => {
  for (const el of document.querySelectorAll("[window]")) el.setAttribute("window", e.target.value);
});`;

export function renderDemoPage({ monitor, token, origin }: DemoOptions): string {
  const common = { token: token || undefined, src: monitor || undefined, window: "1h" };
  const snippet = `<script type="module" src="${
    monitor || origin
  }/widgets/llm-metric-card.js"></script>
<llm-metric-card metric="cost_per_hour" window="24h" token="wt_…"></llm-metric-card>`;
  const page = html`
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>Acme portal · LLM usage</title>
        <link rel="icon" href=${`${monitor}/assets/favicon.svg`} type="image/svg+xml" />
        <style dangerouslySetInnerHTML=${{ __html: DEMO_STYLE }}></style>
        <script type="module" src=${`${monitor}/widgets/llm-metric-card.js`}></script>
        <script type="module" src=${`${monitor}/widgets/llm-metric-chart.js`}></script>
        <script type="module" src=${`${monitor}/widgets/llm-metric-table.js`}></script>
      </head>
      <body>
        <header>
          <b>Acme support portal</b><span>${origin} · widgets from ${monitor ||
            "this monitor"}</span>
          <form>
            <label for="window">Window</label>
            <select id="window">
              ${["5m", "15m", "1h", "6h", "24h", "7d"].map((w) =>
                html`<option selected=${w === "1h"}>${w}</option>`
              )}
            </select>
          </form>
        </header>
        <main>
          ${!token && html`
            <div class="note">
                        <b>No widget token.</b> Create one with the admin token and open this page with
                        <code>?token=wt_…</code>:
                        <pre>curl -X POST ${monitor ||
                          origin}/api/widget-tokens -H "Authorization: Bearer $ADMIN_TOKEN" \\
            -d '{"origins":["${origin}"],"expires_in":"30d"}'</pre>
                      </div>
          `}
          <h2>LLM usage right now</h2>
          <div class="grid">
            <llm-metric-card metric="cost_per_hour" sparkline ...${common}></llm-metric-card>
            <llm-metric-card metric="requests" sparkline ...${common}></llm-metric-card>
            <llm-metric-card metric="p95_latency_ms" sparkline ...${common}></llm-metric-card>
            <llm-metric-card metric="error_rate" ...${common}></llm-metric-card>
          </div>
          <h2>Latency and models</h2>
          <div class="split">
            <llm-metric-chart metric="p95_latency_ms" group_by="model" ...${common}></llm-metric-chart>
            <llm-metric-table by="model" limit="6" ...${common}></llm-metric-table>
          </div>
          <section class="dark">
            <h2>Dark theme, one model, a branded card</h2>
            <div class="grid">
              <llm-metric-card
                metric="cost_usd"
                model="gpt-4o"
                label="GPT-4o spend"
                theme="dark"
                sparkline
                ...${common}
              ></llm-metric-card>
              <llm-metric-card metric="tokens_per_minute" theme="dark" ...${common}></llm-metric-card>
              <llm-metric-card
                class="brand"
                metric="cost_per_request"
                label="Cost per answer"
                sparkline
                ...${common}
              ></llm-metric-card>
            </div>
          </section>
          <h2>Embed it</h2>
          <pre>${snippet}</pre>
        </main>
        <script type="module" dangerouslySetInnerHTML=${{ __html: DEMO_SCRIPT }}></script>
      </body>
    </html>
  `;
  return `<!doctype html>${renderToString(page)}`;
}
