// One event in full: when, what, how long, how many tokens, what it cost, how it failed, its
// metadata, and the prompt and output when content storage is on.
import type { ApiEvent } from "../islands/EventList.ts";
import { type FormatUnit, formatValue } from "../lib/shared/format.ts";
import { eventsHref, href } from "./hrefs.ts";
import { html } from "./html.ts";
import { Icon } from "./Icon.ts";
import { Layout } from "./Layout.ts";
import type { PageModel } from "./page_model.ts";
import { formatTime } from "./time.ts";

type Row = [label: string, value: unknown, link?: string | null];

function Facts({ title, rows }: { title: string; rows: Row[] }) {
  return html`
    <section class="panel" aria-label=${title}>
      <h2>${title}</h2>
      <dl class="kv">
        ${rows.map(([label, value, link]) =>
          html`
            <div key=${label}>
              <dt>${label}</dt>
              <dd>${value === null || value === undefined || value === ""
                ? html`<span class="faint">—</span>`
                : link
                ? html`<a href=${link}>${value}</a>`
                : value}</dd>
            </div>
          `
        )}
      </dl>
    </section>
  `;
}

export function EventPage(
  { model: m, event: e, contentStored }: {
    model: PageModel;
    event: ApiEvent;
    contentStored: boolean;
  },
) {
  const f = (
    v: number | null,
    unit: FormatUnit,
  ) => (v === null ? null : formatValue(v, unit, m.locale));
  const exact = (v: number | null, digits = 6) =>
    v === null ? null : `$${v.toLocaleString(m.locale, { maximumFractionDigits: digits })}`;
  const where = { timeZone: m.timeZone, locale: m.locale };
  const by = (field: string, value: string | null) =>
    value ? eventsHref(m.link, { filters: { [field]: [value] } }) : null;
  const generating = e.latency_ms !== null && e.output_tokens > 0
    ? (e.output_tokens / Math.max(1, e.latency_ms - (e.time_to_first_token_ms ?? 0))) * 1000
    : null;
  const metadata = Object.entries(e.metadata ?? {});
  return html`
    <${Layout} chrome=${m.chrome}>
      <header class="page-head">
        <div class="title">
          <a class="back" href=${href("/events", {
            ...m.link,
            view: null,
          })}><${Icon} name="back" /> Events</a>
          <div class="event-head">
            <h1>${e.model}</h1>
            <span class=${`badge ${e.status}`}>${e.status}</span>
            <span class="muted">${formatTime(Date.parse(e.timestamp), "full", where)}</span>
          </div>
          <p class="mono faint">${e.id}</p>
        </div>
      </header>
      ${e.status !== "success" &&
        html`<section class="notice err" aria-label="Error">
          <b>${e.error_type ?? (e.status === "timeout" ? "Timeout" : "Error")}</b>${
          e.status_code !== null ? ` · HTTP ${e.status_code}` : ""
        }
          ${
          e.error_message &&
          html`<pre class="content" style="margin-top: .5rem">${e.error_message}</pre>`
        }
        </section>`}
      <div class="grid three">
        <${Facts} title="Request" rows=${[
          ["Model", e.model, by("model", e.model)],
          ["Provider", e.provider, by("provider", e.provider)],
          ["Endpoint", e.endpoint, by("endpoint", e.endpoint)],
          ["Application", e.application, by("application", e.application)],
          ["User", e.user_id, by("user_id", e.user_id)],
          ["Status code", e.status_code],
          ["Session", e.session_id],
          ["Trace", e.trace_id],
          ["Received", formatTime(Date.parse(e.received_at), "seconds", where)],
        ] satisfies Row[]} />
        <${Facts} title="Latency and tokens" rows=${[
          ["Latency", f(e.latency_ms, "ms")],
          ["Time to first token", f(e.time_to_first_token_ms, "ms")],
          ["Output speed", generating === null ? null : `${generating.toFixed(0)} tokens/s`],
          ["Input tokens", e.input_tokens.toLocaleString(m.locale)],
          ["Output tokens", e.output_tokens.toLocaleString(m.locale)],
          ["Cached input tokens", e.cached_input_tokens?.toLocaleString(m.locale)],
          ["Reasoning tokens", e.reasoning_tokens?.toLocaleString(m.locale)],
          ["Total tokens", (e.input_tokens + e.output_tokens).toLocaleString(m.locale)],
        ] satisfies Row[]} />
        <${Facts} title="Cost" rows=${[
          ["Cost", e.cost_usd === null ? "unpriced" : exact(e.cost_usd)],
          ["Input cost", exact(e.input_cost_usd)],
          ["Output cost", exact(e.output_cost_usd)],
          ["Cache savings", exact(e.cache_savings_usd)],
          [
            "Priced from",
            e.cost_source === "reported"
              ? "reported by the client"
              : e.cost_source === "override"
              ? "a price override"
              : e.cost_source === "computed"
              ? "the price table"
              : null,
          ],
          ["Price version", e.price_version],
        ] satisfies Row[]} />
      </div>
      <section class="panel" aria-labelledby="metadata-title">
        <h2 id="metadata-title">Metadata</h2>
        ${metadata.length === 0
          ? html`<p class="faint">No metadata on this event.</p>`
          : html`<dl class="kv">${
            metadata.map(([k, v]) =>
              html`
                <div key=${k}>
                  <dt>${k}</dt>
                  <dd class="mono">${String(v)}</dd>
                </div>
              `
            )
          }</dl>`}
      </section>
      <div class="grid">
        ${(["input", "output"] as const).map((part) =>
          html`<section class="panel" aria-labelledby=${`${part}-title`} key=${part}>
            <h2 id=${`${part}-title`}>${part === "input" ? "Prompt" : "Output"}</h2>
            ${
            e[part] !== null
              ? html`<pre class="content">${e[part]}</pre>`
              : html`<p class="faint">${
                contentStored
                  ? `No ${part === "input" ? "prompt" : "output"} was sent with this event.`
                  : "Not stored: content storage is off (set STORE_CONTENT=true to keep prompts and outputs, PII-redacted)."
              }</p>`
          }
          </section>`
        )}
      </div>
      <details class="panel data">
        <summary>Raw event (JSON)</summary>
        <pre class="content">${JSON.stringify(e, null, 2)}</pre>
      </details>
    <//>
  `;
}
