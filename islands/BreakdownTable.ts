// Every metric per model, endpoint, user, … from GET /api/metrics/breakdown: sortable by any
// column (kept in the URL when it is the page's main table), refreshed while the stream says
// numbers move; a row opens its events.
import { useSignal } from "@preact/signals";
import type { Column } from "../components/columns.ts";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatCost, formatValue } from "../lib/shared/format.ts";
import type { BreakdownResult } from "../lib/metrics/live_metrics.ts";
import { getJson, useLive } from "./_live.ts";

export interface BreakdownTableProps {
  id: string;
  title: string;
  subtitle: string;
  /** The dimension: model, endpoint, user_id, … */
  by: string;
  key_label: string;
  sort: string;
  columns: Column[];
  initial: BreakdownResult["rows"];
  limit: number;
  /** The column a share bar is drawn for (its share of the rows' total), or null. */
  share_of: string | null;
  /** Whether clicking a header re-sorts (and, with sync_url, writes ?sort= to the URL). */
  sortable: boolean;
  sync_url: boolean;
  api: string;
  stream: string;
  link: LinkState;
  locale: string;
  refresh_ms: number;
}

export default function BreakdownTable(props: BreakdownTableProps) {
  const rows = useSignal(props.initial);
  const sort = useSignal(props.sort);
  const stale = useSignal(false);

  const load = (by: string) => {
    getJson<BreakdownResult>(
      `/api/metrics/breakdown?${props.api}&by=${props.by}&sort=${by}&limit=${props.limit}`,
    ).then((r) => {
      rows.value = r.rows;
      stale.value = false;
    }, () => stale.value = true);
  };
  useLive(props.stream, () => load(sort.value), { throttleMs: props.refresh_ms, skipFirst: true });

  const resort = (metric: string) => {
    sort.value = metric;
    load(metric);
    if (props.sync_url) {
      const url = new URL(location.href);
      url.searchParams.set("sort", metric);
      history.replaceState(null, "", url);
    }
  };

  const f = (v: number, unit: Column["unit"]) => formatValue(v, unit, props.locale);
  /** A money cell: "unpriced" when no request of the row has a price, "$1.23*" when some have none. */
  const costCell = (r: BreakdownResult["rows"][number], c: Column) => {
    const { text, note } = formatCost(
      r[c.metric],
      c.unit === "usd_per_hour" ? c.unit : "usd",
      r,
      props.locale,
    );
    const cls = note !== null && r.unpriced_requests >= r.requests ? "num faint" : "num";
    return html`<td class=${cls} title=${note ?? undefined}>${text}</td>`;
  };
  const shareTotal = props.share_of
    ? rows.value.reduce((s, r) => s + (r[props.share_of as keyof typeof r] as number), 0)
    : 0;
  return html`
    <section class="panel" aria-labelledby=${`${props.id}-title`} data-breakdown=${props.by}>
      <div class="panel-head">
        <h2 id=${`${props.id}-title`}>${props.title}</h2>
        ${stale.value && html`<span class="stale">not refreshed</span>`}
        <span class="sub">${props.subtitle}</span>
      </div>
      ${rows.value.length === 0
        ? html`<p class="empty"><b>Nothing in this range</b>Rows appear as events arrive.</p>`
        : html`
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                      <th scope="col">${props.key_label}</th>
                      ${props.share_of &&
                        html`<th scope="col"><span class="sr-only">Share</span></th>`}
                      ${props.columns.map((c) =>
                        html`<th scope="col" class="num" aria-sort=${
                          sort.value === c.metric ? "descending" : undefined
                        }>
                ${
                          props.sortable
                            ? html`<button type="button" onClick=${() =>
                              resort(c.metric)} title=${`Sort by ${c.label}`}>${c.label}</button>`
                            : c.label
                        }
              </th>`
                      )}
                    </tr>
              </thead>
              <tbody>
                      ${rows.value.map((r) => {
                        const to = r.key
                          ? eventsHref(props.link, { filters: { [props.by]: [r.key] } })
                          : null;
                        const share = props.share_of && shareTotal > 0
                          ? (r[props.share_of as keyof typeof r] as number) / shareTotal
                          : 0;
                        return html`<tr key=${r.key} class=${to ? "link" : ""} onClick=${
                          to ? () => location.assign(to) : undefined
                        }>
                <td class="cell-main truncate">${
                          to
                            ? html`<a href=${to}>${r.key}</a>`
                            : html`<span class="faint">(none)</span>`
                        }</td>
                ${
                          props.share_of &&
                          html`<td><span class="bar" title=${
                            f(share, "rate")
                          }><span style=${`width: ${
                            (share * 100).toFixed(1)
                          }%`}></span></span></td>`
                        }
                ${
                          props.columns.map((c) =>
                            c.cost
                              ? costCell(r, c)
                              : html`<td class=${
                                c.metric === "error_rate" && r.error_rate > 0.05
                                  ? "num bad-text"
                                  : "num"
                              }>${f(r[c.metric], c.unit)}</td>`
                          )
                        }
              </tr>`;
                      })}
                    </tbody>
            </table>
          </div>
        `}
    </section>
  `;
}
