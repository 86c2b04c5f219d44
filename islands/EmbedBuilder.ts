// Builds the two lines that embed a live <llm-metric-card> in another site: the module script and
// the tag with the chosen metric, window, filters, token and theme; previews it when it can.
import { useComputed, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { html } from "../components/html.ts";
import { FILTER_LABELS } from "../lib/shared/windows.ts";
import CopyButton from "./CopyButton.ts";
import { WIDGET_TOKEN_EVENT } from "./WidgetTokens.ts";

export interface EmbedBuilderProps {
  origin: string;
  metrics: Array<{ name: string; label: string }>;
  windows: string[];
  /** Values seen lately, per filter field (model, provider, endpoint, application). */
  options: Record<string, string[]>;
}

/** The filters offered (values seen lately come with the props). */
const FILTERS = (["model", "provider", "endpoint", "application"] as const).map(
  (field) => [field, FILTER_LABELS[field]] as const,
);
const SCRIPT_PATH = "/widgets/llm-metric-card.js";

function attr(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
}

export default function EmbedBuilder(props: EmbedBuilderProps) {
  const metric = useSignal("cost_per_hour");
  const range = useSignal("24h");
  const theme = useSignal("auto");
  const label = useSignal("");
  const sparkline = useSignal(true);
  const token = useSignal("");
  const filters = useSignal<Record<string, string>>({});
  const preview = useRef<HTMLDivElement>(null);
  const scriptState = useSignal<"idle" | "ready" | "missing">("idle");

  const attributes = useComputed(() => {
    const a: Array<[string, string]> = [["metric", metric.value], ["window", range.value]];
    for (const [field] of FILTERS) {
      const v = filters.value[field];
      if (v) a.push([field, v]);
    }
    if (label.value.trim()) a.push(["label", label.value.trim()]);
    if (sparkline.value) a.push(["sparkline", ""]);
    a.push(["theme", theme.value]);
    a.push(["token", token.value.trim() || "wt_…"]);
    return a;
  });
  const snippet = useComputed(() =>
    `<script type="module" src="${props.origin}${SCRIPT_PATH}"></script>\n<llm-metric-card ${
      attributes.value.map(([k, v]) => (v === "" ? k : `${k}="${attr(v)}"`)).join(" ")
    }></llm-metric-card>`
  );

  useEffect(() => {
    const fill = (e: Event) => token.value = (e as CustomEvent<string>).detail;
    addEventListener(WIDGET_TOKEN_EVENT, fill);
    return () => removeEventListener(WIDGET_TOKEN_EVENT, fill);
  }, []);

  // The preview loads the widget module once, then redraws the card as the choices change.
  useEffect(() => {
    if (!token.value.trim() || scriptState.value === "missing") return;
    if (scriptState.value === "idle") {
      const script = document.createElement("script");
      script.type = "module";
      script.src = SCRIPT_PATH;
      script.onload = () => scriptState.value = "ready";
      script.onerror = () => scriptState.value = "missing";
      document.head.append(script);
      return;
    }
    const card = document.createElement("llm-metric-card");
    for (const [k, v] of attributes.value) card.setAttribute(k, v);
    card.setAttribute("src", location.origin);
    preview.current?.replaceChildren(card);
  }, [attributes.value, scriptState.value, token.value]);

  const select = (
    name: string,
    value: string,
    choices: Array<[string, string]>,
    set: (v: string) => void,
  ) =>
    html`<label class="field"><span>${name}</span>
      <select onChange=${(e: Event) => set((e.currentTarget as HTMLSelectElement).value)}>
        ${choices.map(([v, l]) => html`<option value=${v} selected=${v === value}>${l}</option>`)}
      </select></label>`;

  return html`
    <div class="stack">
      <div class="form-row">
        ${select(
          "Metric",
          metric.value,
          props.metrics.map((m) => [m.name, m.label]),
          (v) => metric.value = v,
        )}
        ${select("Window", range.value, props.windows.map((w) => [w, w]), (v) => range.value = v)}
        ${FILTERS.map(([field, name]) =>
          select(name, filters.value[field] ?? "", [
            ["", "All"],
            ...(props.options[field] ?? []).map((v): [string, string] => [v, v]),
          ], (v) => filters.value = { ...filters.value, [field]: v })
        )}
        ${select(
          "Theme",
          theme.value,
          [["auto", "Auto"], ["light", "Light"], ["dark", "Dark"]],
          (v) => theme.value = v,
        )}
      </div>
      <div class="form-row">
        <label class="field"><span>Label (optional)</span>
          <input value=${label.value} placeholder="LLM spend"
            onInput=${(e: Event) =>
              label.value = (e.currentTarget as HTMLInputElement).value} /></label>
        <label class="field"><span>Widget token</span>
          <input class="mono" value=${token.value} placeholder="wt_… (create one above)" size="34"
            onInput=${(e: Event) =>
              token.value = (e.currentTarget as HTMLInputElement).value} /></label>
        <label class="field check"><input type="checkbox" checked=${sparkline.value}
          onChange=${(e: Event) =>
            sparkline.value = (e.currentTarget as HTMLInputElement).checked} /> Sparkline</label>
      </div>
      <pre class="snippet" aria-label="Embed snippet" data-snippet>${snippet}</pre>
      <div class="form-row">
        <${CopyButton} text=${snippet.value} label="Copy snippet" />
        <span class="sub">Paste both lines into the portal's HTML. The portal's origin must be in the token's
          origins or in ALLOWED_ORIGINS.</span>
      </div>
      ${token.value.trim() &&
        html`<div class="embed-preview">
          <span class="section-title">Preview</span>
          ${
          scriptState.value === "missing"
            ? html`<p class="notice warn">The widget bundle (${SCRIPT_PATH}) is not served here yet.</p>`
            : html`<div ref=${preview} class="preview-box"></div>`
        }
        </div>`}
    </div>
  `;
}
