// Settings: projects, ingest and read keys, widget tokens and the embed snippet, price overrides,
// budgets and dead letters. Forms post to /settings/* (admin only); a new key is shown this once.
import CopyButton from "../islands/CopyButton.ts";
import EmbedBuilder from "../islands/EmbedBuilder.ts";
import WidgetTokens from "../islands/WidgetTokens.ts";
import type { BudgetStatus } from "../lib/cost/budgets.ts";
import { METRIC_NAMES, METRICS } from "../lib/metrics/catalogue.ts";
import type { PriceOverride } from "../lib/cost/pricing.ts";
import type { PublicKey } from "../lib/access/types.ts";
import type { DeadLetterSummary } from "../lib/store/dead_letter.ts";
import { html } from "./html.ts";
import { Island } from "./Island.ts";
import { Layout } from "./Layout.ts";
import type { PageModel } from "./page_model.ts";
import { BudgetSettings, PriceSettings } from "./SettingsCosts.ts";
import { DeadLetterSettings } from "./SettingsDeadLetters.ts";
import { action, Section } from "./SettingsSection.ts";
import { formatTime } from "./time.ts";

export interface SettingsNotice {
  tone: "ok" | "warn" | "err";
  text: string;
  /** A secret to show this once (a new key). */
  secret?: string;
}

export interface SettingsData {
  model: PageModel;
  projects: Array<{ id: string; name: string; time_zone: string; created_at: string }>;
  keys: PublicKey[];
  overrides: PriceOverride[];
  budgets: BudgetStatus[];
  /** Admin only: events the database refused (empty for a read key). */
  deadLetters: DeadLetterSummary[];
  notice: SettingsNotice | null;
  origin: string;
}

const SECTIONS = [
  ["projects", "Projects"],
  ["keys", "Keys"],
  ["widget-tokens", "Widget tokens"],
  ["embed", "Embed a card"],
  ["prices", "Price overrides"],
  ["budgets", "Budgets"],
  ["dead-letters", "Dead letters"],
] as const;

export function SettingsPage(d: SettingsData) {
  const m = d.model;
  const where = { timeZone: m.timeZone, locale: m.locale };
  const metrics = METRIC_NAMES.map((name) => ({ name, label: METRICS[name].label }));
  return html`
    <${Layout} chrome=${m.chrome}>
      <header class="page-head">
        <div class="title">
          <h1>Settings</h1>
          <p>project <b>${m.chrome.project.name}</b> · <span class="mono">${m.chrome.project
            .id}</span> · times in ${m.timeZone}</p>
        </div>
      </header>
      <nav class="settings-nav" aria-label="Settings sections">
        ${SECTIONS.filter(([id]) => m.isAdmin || id !== "dead-letters").map(([id, label]) =>
          html`<a href=${`#${id}`}>${label}</a>`
        )}
      </nav>
      ${d.notice &&
        html`<div class=${`notice ${d.notice.tone}`} role=${
          d.notice.tone === "err" ? "alert" : "status"
        }>
          ${d.notice.text}
          ${
          d.notice.secret &&
          html`<div class="secret"><code data-secret>${d.notice.secret}</code>
              <${Island} name="CopyButton" component=${CopyButton} props=${{
            text: d.notice.secret,
            label: "Copy key",
          }} /></div>`
        }
        </div>`}
      ${!m.isAdmin &&
        html`
          <p
            class="notice warn">You are signed in with a read key: settings are read-only. Sign in with the admin
                    token to manage projects, keys, prices and budgets.</p>
        `}
      ${m.isAdmin &&
        html`
          <${Section} id="projects" title="Projects"
            blurb="each has its own keys, events, prices and budgets">
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Id</th>
                    <th scope="col">Time zone</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>${d.projects.map((p) =>
                  html`
                    <tr key=${p.id}>
                      <td class="cell-main">${p.id === m.chrome.project.id
                        ? html`${p.name} <span class="badge plain">shown</span>`
                        : html`<a href=${`/settings?project=${
                          encodeURIComponent(p.id)
                        }`}>${p.name}</a>`}</td>
                      <td class="mono">${p.id}</td>
                      <td>${p.time_zone}</td>
                      <td>${formatTime(Date.parse(p.created_at), "date", where)}</td>
                    </tr>
                  `
                )}</tbody>
              </table>
            </div>
            <form method="post" action=${action(
              m,
              "/projects",
            )} class="form-row" aria-label="New project">
              <label
                class="field"><span>Name</span><input name="name" required maxlength="100" placeholder="search" /></label>
              <label class="field"><span>Time zone</span>
                <input name="time_zone" list="time-zones" placeholder="UTC" /></label>
              <datalist id="time-zones">${Intl.supportedValuesOf("timeZone").map((tz) =>
                html`<option value=${tz} />`
              )}</datalist>
              <button class="btn primary" type="submit">Create project</button>
            </form>
            <//>
            <${Section} id="keys" title="Keys" blurb=${`ingest keys send events, read keys read the API and sign in · ${m.chrome.project.name}`}>
            ${d.keys.length === 0 ? html`<p class="faint">No keys for this project.</p>` : html`
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Key</th>
                      <th scope="col">Created</th>
                      <th scope="col"><span class="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>${d.keys.map((k) =>
                    html`
                      <tr key=${k.id} data-key=${k.id}>
                        <td class="cell-main">${k.name ||
                          html`<span class="faint">unnamed</span>`}</td>
                        <td><span class="badge plain">${k.kind}</span></td>
                        <td class="mono">${k.prefix}…</td>
                        <td>${formatTime(Date.parse(k.created_at), "datetime", where)}</td>
                        <td class="num">
                          <form method="post" action=${action(
                            m,
                            `/keys/${encodeURIComponent(k.id)}/revoke`,
                          )} class="inline-form">
                            <button class="btn small danger" type="submit" aria-label=${`Revoke ${k.kind} key ${
                              k.name || k.prefix
                            }`}>Revoke</button>
                          </form>
                        </td>
                      </tr>
                    `
                  )}</tbody>
                </table>
              </div>
            `}
            <form method="post" action=${action(m, "/keys")} class="form-row" aria-label="New key">
              <label class="field"><span>Kind</span>
                <select name="kind"><option value="ingest">ingest — sends events</option><option value="read">read — reads the API</option></select></label>
              <label class="field"><span>Name</span><input name="name" maxlength="100" placeholder="production" /></label>
              <button class="btn primary" type="submit">Create key</button>
            </form>
          <//>
          <${Section} id="widget-tokens" title="Widget tokens" blurb="read-only tokens for cards embedded in other sites">
            <${Island} name="WidgetTokens" component=${WidgetTokens} props=${{
              project_id: m.chrome.project.id,
              metrics,
            }} />
          <//>
        `}
      <${Section} id="embed" title="Embed a card" blurb="a live <llm-metric-card> for a portal or an internal page">
        <${Island}
          name="EmbedBuilder"
          component=${EmbedBuilder}
          props=${{ origin: d.origin, metrics, windows: m.windows, options: m.options }}
        />
      <//>
      <${PriceSettings} model=${m} overrides=${d.overrides} />
      <${BudgetSettings} model=${m} budgets=${d.budgets} />
      ${m.isAdmin && html`<${DeadLetterSettings} model=${m} deadLetters=${d.deadLetters} />`}
    <//>
  `;
}
