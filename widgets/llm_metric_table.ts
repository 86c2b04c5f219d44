/// <reference lib="dom" />
// <llm-metric-table>: the top models or endpoints of the window, live (the `active_models` and
// `top_endpoints` of the stream, so it shares the connection of cards with the same attributes).
import { formatValue } from "../lib/shared/format.ts";
import { SERIES_PALETTE, slotColor, swatchCss } from "../lib/shared/palette.ts";
import { sparkStep, WINDOWS } from "../lib/shared/windows.ts";
import { TABLES } from "../lib/shared/widget_catalogue.ts";
import { metricInfo } from "./_catalogue.ts";
import { MetricElement, OBSERVED } from "./_element.ts";
import { html } from "./_html.ts";
import { getJson } from "./_sources.ts";
import { BASE } from "./_styles.ts";

type Row = Record<string, string | number>;
type Numbers = Record<string, unknown>;

/** The columns of each table: a row field, and the catalogue metric that formats it. */
const COLUMNS = {
  model: [["requests", "requests"], ["share", "error_rate"], ["cost_usd", "cost_usd"], [
    "p95_latency_ms",
    "p95_latency_ms",
  ], ["error_rate", "error_rate"]],
  endpoint: [["requests", "requests"], ["cost_usd", "cost_usd"], [
    "p95_latency_ms",
    "p95_latency_ms",
  ], ["error_rate", "error_rate"]],
} as const;

const HEADINGS: Record<string, string> = {
  requests: "Requests",
  share: "Share",
  cost_usd: "Cost",
  p95_latency_ms: "p95",
  error_rate: "Errors",
};

const TABLE = `${BASE}
:host{display:block;min-width:var(--llm-table-min-width,16rem)}
.scroll{overflow-x:auto;margin-top:8px;container-type:inline-size}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.8125em}
th,td{padding:6px 0 6px 12px;text-align:right;border-bottom:1px solid var(--ln);white-space:nowrap}
th:first-child{padding-left:0;text-align:left}
thead th{font-weight:600;font-size:.9em;color:var(--mu)}
thead th[aria-sort]{color:var(--fg)}
tbody th{font-weight:600}
tbody th small{display:block;font-weight:400;font-size:.9em;color:var(--mu)}
.sw{display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:6px}
@container (max-width:420px){.share{display:none}}
tbody tr:last-child>*{border-bottom:0}
.stale table,.unreachable table{opacity:.55}
`;

/** The colour slots of new rows are asked for at most this often. */
const SLOTS_REFRESH_MS = 30_000;

export class LlmMetricTable extends MetricElement<Numbers> {
  static observedAttributes = [...OBSERVED, "by", "limit"];
  /** Each row's palette slot: the colour its series has on the dashboard and in charts. */
  #slots: Record<string, number> = {};
  #slotsAt = 0;

  constructor() {
    super(TABLE);
  }

  /** `model` (active_models, the default) or `endpoint` (top_endpoints). */
  get by(): "model" | "endpoint" {
    return this.getAttribute("by") === "endpoint" ? "endpoint" : "model";
  }

  /** How many rows (default 5, at most 50). */
  get limit(): number {
    const n = Number(this.getAttribute("limit"));
    return Number.isInteger(n) && n > 0 ? Math.min(n, 50) : 5;
  }

  /** The column rows are sorted by (`metric`; default `requests`). */
  get sortBy(): string {
    const m = this.metric;
    return COLUMNS[this.by].some(([field]) => field === m) ? m : "requests";
  }

  protected watch(): () => void {
    this.#slots = {};
    this.#slotsAt = 0;
    return this.watchStream((s) => {
      this.onSource(s);
      if (s.status === "live") this.#refreshSlots();
    });
  }

  /** The colour scheme drawn: the `theme` attribute, or the reader's. */
  #scheme(): "light" | "dark" {
    const t = this.getAttribute("theme");
    return t === "dark" || (t !== "light" && matchMedia("(prefers-color-scheme: dark)").matches)
      ? "dark"
      : "light";
  }

  /** Asks the history API for the slots of rows that have none (a token may not allow it). */
  #refreshSlots(): void {
    const by = this.by;
    const rows = this.source.data?.[by === "model" ? "active_models" : "top_endpoints"] as
      | Row[]
      | undefined;
    const missing = rows?.some((r) => !(String(r[by]) in this.#slots));
    if (!missing || Date.now() - this.#slotsAt < SLOTS_REFRESH_MS) return;
    this.#slotsAt = Date.now();
    const step = sparkStep(WINDOWS[this.window]);
    const url = this.url("/api/metrics/history", [["metric", "requests"], ["group_by", by], [
      "step",
      step,
    ]]);
    getJson<{ colors?: Record<string, number> }>(url).then((h) => {
      this.#slots = { ...this.#slots, ...h.colors };
      this.update();
    }, () => {});
  }

  #swatch(key: string) {
    const slot = this.#slots[key];
    if (slot === undefined) return null;
    const style = swatchCss(slotColor(slot, this.#scheme()), slot >= SERIES_PALETTE.length);
    return html`<i part="swatch" class="sw" style=${style}></i>`;
  }

  protected view() {
    const s = this.source;
    const by = this.by;
    const table = by === "model" ? "active_models" : "top_endpoints";
    const rows = s.data?.[table] as Row[] | undefined;
    let status = s.status;
    let message = s.message;
    if (s.data && !rows && (status === "live" || status === "stale")) {
      status = "unauthorized";
      message = `this token cannot read ${table}`;
    }
    const label = this.label ?? `Top ${TABLES[table].label.toLowerCase()}`;
    const sort = this.sortBy;
    const shown = [...rows ?? []].sort((a, b) => Number(b[sort]) - Number(a[sort]))
      .slice(0, this.limit);
    const locale = this.locale;
    const columns = COLUMNS[by];
    const cell = (row: Row, [field, metric]: readonly [string, string]) => {
      const info = this.catalogue && metricInfo(this.catalogue, metric);
      const value = Number(row[field]);
      const text = info ? formatValue(value, info.unit, locale) : value;
      // A cost never reads as a silent $0: unpriced requests are marked and counted.
      const unpriced = field === "cost_usd" ? Number(row.unpriced_requests ?? 0) : 0;
      if (unpriced > 0) {
        const title = `${unpriced} request${unpriced === 1 ? "" : "s"} not priced`;
        return html`
          <td part="cell" class=${field} title=${title}>
            ${unpriced >= Number(row.requests) ? "unpriced" : `${text}*`}
          </td>
        `;
      }
      return html`
        <td part="cell" class=${field}>${text}</td>
      `;
    };
    const header = html`
      <tr part="header">
        <th scope="col">${by === "model" ? "Model" : "Endpoint"}</th>
        ${columns.map(([field]) =>
          html`
            <th scope="col" class=${field} aria-sort=${field === sort ? "descending" : undefined}>
              ${HEADINGS[field]}
            </th>
          `
        )}
      </tr>
    `;
    const body = shown.map((row) =>
      html`
        <tr part="row" key=${`${row[by]} ${row.provider ?? ""}`}>
          <th scope="row" part="cell">
            ${this.#swatch(String(row[by]))}${row[by]}${row.provider &&
              html`<small> ${row.provider}</small>`}
          </th>
          ${columns.map((column) => cell(row, column))}
        </tr>
      `
    );
    const note = message ||
      (rows?.length === 0 ? `No requests in the last ${this.window}` : "") ||
      [`last ${this.window}`, ...this.filters.map(([, value]) => value)].join(" · ");
    return html`
      <div part="table" class="box ${status}" role="group" aria-label=${label}>
        ${this.head(label, status, message)} ${shown.length > 0 && html`
          <div class="scroll">
            <table>
              <thead>${header}</thead>
              <tbody>${body}</tbody>
            </table>
          </div>
        `}
        <p part="note" class="note">${note}</p>
      </div>
    `;
  }
}
