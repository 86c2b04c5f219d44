// The models whose requests have no price, live from the stream: the stream's active_models with
// unpriced requests, so the table adds up to the unpriced requests card of the same message.
import { useSignal } from "@preact/signals";
import { eventsHref, type LinkState } from "../components/hrefs.ts";
import { html } from "../components/html.ts";
import { type UnpricedModel, unpricedModels } from "../lib/cost/unpriced.ts";
import { formatValue } from "../lib/shared/format.ts";
import { useLive } from "./_live.ts";

export interface UnpricedModelsProps {
  initial: UnpricedModel[];
  stream: string;
  link: LinkState;
  locale: string;
  /** Where an admin adds a price override; null for other readers. */
  prices_href: string | null;
}

export default function UnpricedModels(props: UnpricedModelsProps) {
  const rows = useSignal(props.initial);
  useLive(props.stream, (m) => {
    rows.value = unpricedModels(
      m.active_models.map((a) => ({ ...a, unpriced: a.unpriced_requests ?? 0 })),
    );
  });
  return html`
    <section class="panel" aria-labelledby="unpriced-title">
      <div class="panel-head">
        <h2 id="unpriced-title">Unpriced models</h2>
        <span class="sub">no list price and no override: cost figures leave these requests out</span>
      </div>
      ${rows.value.length === 0
        ? html`
          <p
            class="empty"><b>Every request is priced</b>Costs come from the price table or your overrides.</p>
        `
        : html`
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Provider</th>
                  <th scope="col" class="num">Unpriced requests</th>
                </tr>
              </thead>
              <tbody>
                ${rows.value.map((r) =>
                  html`
                    <tr key=${`${r.model}|${r.provider}`}>
                      <td class="cell-main"><a href=${eventsHref(props.link, {
                        filters: { model: [r.model] },
                      })}>${r.model}</a></td>
                      <td>${r.provider || html`<span class="faint">—</span>`}</td>
                      <td class="num">${formatValue(r.requests, "count", props.locale)}</td>
                    </tr>
                  `
                )}
              </tbody>
            </table>
          </div>
          ${props.prices_href
            ? html`
              <p
                class="sub"><a href=${props
                  .prices_href}>Add a price override</a> to price them (and re-price past events with <code>POST /api/prices/reprice</code>).</p>
            `
            : html`<p class="sub">An admin can add price overrides in Settings.</p>`}
        `}
    </section>
  `;
}
