// Widget tokens over the admin API (GET/POST /api/widget-tokens, DELETE /api/widget-tokens/:id):
// list, create (shown once), revoke. The API takes the admin token; when it does not accept the
// dashboard session, the admin pastes the token here (kept in this page's memory only).
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { html } from "../components/html.ts";
import CopyButton from "./CopyButton.ts";

export interface WidgetTokensProps {
  project_id: string;
  metrics: Array<{ name: string; label: string }>;
}

interface WidgetToken {
  id: string;
  name: string;
  prefix: string;
  metrics: string[] | null;
  filters: Record<string, string[]>;
  origins: string[];
  created_at: string;
  expires_at: string | null;
}

type Access = "loading" | "ok" | "needs-token" | "missing" | "failed";

export const WIDGET_TOKEN_EVENT = "widget-token-created";
const EXPIRIES = [["", "never"], ["1d", "1 day"], ["7d", "7 days"], ["30d", "30 days"], [
  "90d",
  "90 days",
], [
  "365d",
  "1 year",
]];

export default function WidgetTokens(props: WidgetTokensProps) {
  const access = useSignal<Access>("loading");
  const message = useSignal("");
  const tokens = useSignal<WidgetToken[]>([]);
  const adminToken = useSignal("");
  const created = useSignal<{ token: string; name: string } | null>(null);
  const form = useSignal({ name: "", metrics: [] as string[], origins: "", expires_in: "" });

  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (adminToken.value) headers.authorization = `Bearer ${adminToken.value.trim()}`;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json().catch(() => ({}));
    return { status: response.status, json };
  };

  const load = async () => {
    const r = await call(
      "GET",
      `/api/widget-tokens?project=${encodeURIComponent(props.project_id)}`,
    )
      .catch(() => null);
    if (!r) {
      access.value = "failed";
      message.value = "The monitor did not answer.";
    } else if (r.status === 200) {
      access.value = "ok";
      tokens.value = r.json.widget_tokens ?? [];
    } else if (r.status === 401 || r.status === 403) {
      access.value = "needs-token";
      message.value = adminToken.value ? (r.json.error ?? "That token was refused.") : "";
    } else if (r.status === 404) {
      access.value = "missing";
    } else {
      access.value = "failed";
      message.value = r.json.error ?? `HTTP ${r.status}`;
    }
  };
  useEffect(() => void load(), []);

  const create = async (e: Event) => {
    e.preventDefault();
    const f = form.value;
    const origins = f.origins.split(/[\s,]+/).filter(Boolean);
    const r = await call("POST", "/api/widget-tokens", {
      project: props.project_id,
      ...(f.name ? { name: f.name } : {}),
      ...(f.metrics.length > 0 ? { metrics: f.metrics } : {}),
      ...(origins.length > 0 ? { origins } : {}),
      ...(f.expires_in ? { expires_in: f.expires_in } : {}),
    });
    if (r.status !== 201) {
      message.value = r.json.error ?? `HTTP ${r.status}`;
      return;
    }
    message.value = "";
    created.value = { token: r.json.token, name: r.json.name || r.json.prefix };
    dispatchEvent(new CustomEvent(WIDGET_TOKEN_EVENT, { detail: r.json.token }));
    form.value = { name: "", metrics: [], origins: "", expires_in: "" };
    await load();
  };

  const revoke = async (id: string) => {
    const r = await call("DELETE", `/api/widget-tokens/${encodeURIComponent(id)}`);
    if (r.status !== 200) message.value = r.json.error ?? `HTTP ${r.status}`;
    await load();
  };

  const set = (patch: Partial<typeof form.value>) => form.value = { ...form.value, ...patch };
  const label = (name: string) => props.metrics.find((m) => m.name === name)?.label ?? name;

  if (access.value === "loading") return html`<p class="faint">Loading widget tokens…</p>`;
  if (access.value === "missing") {
    return html`
      <p
        class="notice warn">This server has no widget-token API yet (<code>/api/widget-tokens</code> answered 404).
            Widget tokens can be created once the embeddable widgets are installed.</p>
    `;
  }
  if (access.value === "needs-token") {
    return html`
      <form class="stack" onSubmit=${(e: Event) => {
        e.preventDefault();
        void load();
      }}>
        <p class="notice warn">The widget-token API takes the admin token itself (it does not accept the dashboard session).
          Paste it to manage widget tokens here; it stays in this page's memory only.</p>
        ${message.value && html`<p class="notice err" role="alert">${message.value}</p>`}
        <div class="form-row">
          <label class="field"><span>Admin token</span>
            <input type="password" autocomplete="off" required value=${adminToken.value}
              onInput=${(e: Event) =>
                adminToken.value = (e.currentTarget as HTMLInputElement).value} /></label>
          <button class="btn" type="submit">Use token</button>
        </div>
      </form>
    `;
  }
  return html`
    <div class="stack">
      ${access.value === "failed" && html`<p class="notice err" role="alert">${message.value}</p>`}
      ${created.value &&
        html`<div class="notice ok" role="status">
          New widget token "${created.value.name}". Copy it now: it is shown this once.
          <div class="secret"><code data-secret>${created.value.token}</code>
            <${CopyButton} text=${created.value.token} label="Copy token" /></div>
        </div>`}
      ${tokens.value.length === 0
        ? html`<p class="faint">No widget tokens for this project yet.</p>`
        : html`
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Token</th>
                  <th scope="col">Metrics</th>
                  <th scope="col">Origins</th>
                  <th scope="col">Expires</th>
                  <th scope="col"><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>${tokens.value.map((t) =>
                html`
                  <tr key=${t.id}>
                    <td class="cell-main">${t.name || html`<span class="faint">unnamed</span>`}</td>
                    <td class="mono">${t.prefix}…</td>
                    <td class="truncate">${t.metrics ? t.metrics.map(label).join(", ") : "all"}</td>
                    <td class="truncate">${t.origins.length > 0
                      ? t.origins.join(", ")
                      : html`<span class="faint">ALLOWED_ORIGINS</span>`}</td>
                    <td>${t.expires_at ? t.expires_at.slice(0, 10) : "never"}</td>
                    <td class="num"><button class="btn small danger" type="button" onClick=${() =>
                      revoke(t.id)}
                                  aria-label=${`Revoke widget token ${
                                    t.name || t.prefix
                                  }`}>Revoke</button></td>
                  </tr>
                `
              )}</tbody>
            </table>
          </div>
        `}
      <form class="stack" onSubmit=${create} aria-label="New widget token">
        <div class="form-row">
          <label class="field"><span>Name</span>
            <input value=${form.value.name} placeholder="partner portal"
              onInput=${(e: Event) =>
                set({ name: (e.currentTarget as HTMLInputElement).value })} /></label>
          <label class="field"><span>Allowed origins</span>
            <input value=${form.value.origins} placeholder="https://portal.example.com" size="30"
              onInput=${(e: Event) =>
                set({ origins: (e.currentTarget as HTMLInputElement).value })} /></label>
          <label class="field"><span>Expires</span>
            <select onChange=${(e: Event) =>
              set({ expires_in: (e.currentTarget as HTMLSelectElement).value })}>
              ${EXPIRIES.map(([v, l]) =>
                html`<option value=${v} selected=${form.value.expires_in === v}>${l}</option>`
              )}
            </select></label>
          <button class="btn primary" type="submit">Create widget token</button>
        </div>
        <fieldset class="metric-picks">
          <legend>Metrics it may read (none ticked: all)</legend>
          ${props.metrics.map((m) =>
            html`<label key=${m.name}><input type="checkbox" checked=${
              form.value.metrics.includes(m.name)
            }
              onChange=${(e: Event) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              set({
                metrics: on
                  ? [...form.value.metrics, m.name]
                  : form.value.metrics.filter((x) => x !== m.name),
              });
            }} /> ${m.label}</label>`
          )}
        </fieldset>
        ${message.value && html`<p class="notice err" role="alert">${message.value}</p>`}
      </form>
    </div>
  `;
}
