/// <reference lib="dom" />
// <llm-metric-table>: the top models or endpoints of the window, live (the `active_models` and
// `top_endpoints` of the stream, so it shares the connection of cards with the same attributes).
import { formatValue } from "../lib/shared/format.ts";
import { TABLES } from "../lib/shared/widget_catalogue.ts";
import { metricInfo } from "./_catalogue.ts";
import { MetricElement, OBSERVED } from "./_element.ts";
import { html } from "./_html.ts";
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
@container (max-width:420px){.share{display:none}}
tbody tr:last-child>*{border-bottom:0}
.stale table,.unreachable table{opacity:.55}
`;

export class LlmMetricTable extends MetricElement<Numbers> {
  static observedAttributes = [...OBSERVED, "by", "limit"];

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
    return this.watchStream();
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
      return html`
        <td part="cell" class=${field}>${info ? formatValue(value, info.unit, locale) : value}</td>
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
            ${row[by]}${row.provider && html`<small> ${row.provider}</small>`}
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
