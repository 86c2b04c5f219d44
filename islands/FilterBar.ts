// Time range, project and filters of every page. Each choice is a navigation to the same page
// with the new URL, so every view is a bookmarkable, shareable link and the server renders it.
import { useSignal } from "@preact/signals";
import { href, type LinkState, withFilters } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { formatTime } from "../components/time.ts";
import type { BreakdownResult } from "../lib/metrics/live_metrics.ts";
import { FILTER_FIELDS, FILTER_LABELS } from "../lib/shared/windows.ts";
import { getJson } from "./_live.ts";

export interface FilterBarProps {
  path: string;
  link: LinkState;
  windows: string[];
  /** Values seen in the time range, per filter field (users are suggested on demand). */
  options: Record<string, string[]>;
  /** The read-API query of the page, for the user suggestions. */
  api: string;
  /** Admins switch projects; null for a read key (one project). */
  projects: Array<{ id: string; name: string }> | null;
  project_id: string;
  /** Page parameters to keep across filter changes (e.g. sort). */
  keep: Record<string, string>;
  time_zone: string;
  locale: string;
}

const LABELS: Record<string, string> = FILTER_LABELS;

/** "2026-11-23T10:00" in the browser's time zone, for datetime-local inputs. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export default function FilterBar(props: FilterBarProps) {
  const { link } = props;
  const editing = useSignal(false);
  const users = useSignal<string[] | null>(null);
  const from = useSignal("");
  const to = useSignal("");
  const go = (state: LinkState) => location.assign(href(props.path, state, props.keep));
  const where = { timeZone: props.time_zone, locale: props.locale };

  const openCustom = () => {
    const now = Date.now();
    from.value = localInput(link.from ? Date.parse(link.from) : now - 3_600_000);
    to.value = localInput(link.to ? Date.parse(link.to) : now);
    editing.value = !editing.value;
  };
  const applyCustom = (e: Event) => {
    e.preventDefault();
    const a = new Date(from.value);
    const b = to.value ? new Date(to.value) : new Date();
    if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime()) || b <= a) return;
    go({ ...link, window: null, from: a.toISOString(), to: b.toISOString() });
  };

  // The busiest users of the range, fetched when the user field is first focused.
  const suggestUsers = () => {
    if (users.value !== null) return;
    users.value = [];
    getJson<BreakdownResult>(
      `/api/metrics/breakdown?${props.api}&by=user_id&sort=requests&limit=100`,
    )
      .then(
        (r) => users.value = r.rows.map((row) => row.key).filter((k) => k !== ""),
        () => users.value = null,
      );
  };
  const userField = html`
    <label class="filter">
      <span>User</span>
      <input
        name="user_id"
        data-filter="user_id"
        list="filter-users"
        placeholder="All"
        autocomplete="off"
        value=${(link.filters.user_id ?? []).join(",")}
        onFocus=${suggestUsers}
        onChange=${(e: Event) => {
          const v = (e.currentTarget as HTMLInputElement).value.trim();
          go(
            withFilters(link, {
              user_id: v ? v.split(",").map((x) => x.trim()).filter(Boolean) : [],
            }),
          );
        }}
      />
      <datalist id="filter-users">${(users.value ?? []).map((u) =>
        html`<option value=${u} />`
      )}</datalist>
    </label>
  `;

  const active = Object.entries(link.filters).filter(([, v]) => v.length > 0);
  return html`
    <div class="toolbar" role="search" aria-label="Time range and filters">
      ${props.projects && props.projects.length > 1 &&
        html`<label class="filter"><span>Project</span>
          <select
            name="project"
            onChange=${(e: Event) =>
          go({ ...link, project: (e.currentTarget as HTMLSelectElement).value, filters: {} })}
          >
            ${
          props.projects.map((p) =>
            html`<option value=${p.id} selected=${p.id === props.project_id}>${p.name}</option>`
          )
        }
          </select>
        </label>`}
      <nav class="seg" aria-label="Time range">
        ${props.windows.map((w) =>
          html`
            <a
              href=${href(props.path, { ...link, window: w, from: null, to: null }, props.keep)}
              aria-current=${!link.from && link.window === w ? "true" : undefined}
            >${w}</a>
          `
        )}
        <button type="button" aria-expanded=${editing.value} aria-current=${link.from
          ? "true"
          : undefined} onClick=${openCustom}>
          ${link.from
            ? `${formatTime(Date.parse(link.from), "datetime", where)} – ${
              link.to ? formatTime(Date.parse(link.to), "datetime", where) : "now"
            }`
            : "Custom"}
        </button>
      </nav>
      ${editing.value &&
        html`
          <form class="custom-range" onSubmit=${applyCustom}>
            <label>From <input type="datetime-local" required value=${from.value}
                      onInput=${(e: Event) =>
                        from.value = (e.currentTarget as HTMLInputElement).value} /></label>
            <label>to <input type="datetime-local" value=${to.value}
                      onInput=${(e: Event) =>
                        to.value = (e.currentTarget as HTMLInputElement).value} /></label>
            <span class="faint">your local time</span>
            <button class="btn small primary" type="submit">Apply</button>
          </form>
        `}
      <span class="break"></span>
      ${FILTER_FIELDS.map((field) => {
        if (field === "user_id") return userField;
        const current = (link.filters[field] ?? []).join(",");
        const values = props.options[field] ?? [];
        const choices = current && !values.includes(current) ? [current, ...values] : values;
        return html`
          <label class="filter" key=${field}>
            <span>${LABELS[field]}</span>
            <select
              name=${field}
              data-filter=${field}
              onChange=${(e: Event) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                go(withFilters(link, { [field]: v ? v.split(",") : [] }));
              }}
            >
                      <option value="">All</option>
                      ${choices.map((v) =>
                        html`<option value=${v} selected=${v === current}>${v}</option>`
                      )}
                    </select>
          </label>
        `;
      })}
      ${active.length > 0 &&
        html`<div class="chips" aria-label="Active filters">
          ${
          active.map(([field, values]) =>
            html`<span class="chip" key=${field}>${LABELS[field] ?? field}: ${values.join(", ")}
              <a href=${
              href(props.path, withFilters(link, { [field]: [] }), props.keep)
            } aria-label=${`Remove the ${LABELS[field] ?? field} filter`}>×</a></span>`
          )
        }
          <a class="btn small" href=${
          href(props.path, { ...link, filters: {} }, props.keep)
        }>Clear all</a>
        </div>`}
    </div>
  `;
}
