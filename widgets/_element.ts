/// <reference lib="dom" />
// The base of every llm-monitor widget: attributes are the source of truth, read through typed
// getters that fall back to defaults; a Shadow DOM rendered by Preact (diffed, so the live region
// and the nodes the page styles through ::part stay in place); a data source watched while
// connected, and watched anew when an attribute that changes the read changes.
import { type ComponentChild, render } from "preact";
import {
  DEFAULT_WINDOW,
  FILTER_FIELDS,
  isWindowName,
  type WindowName,
} from "../lib/shared/windows.ts";
import type { Catalogue } from "./_catalogue.ts";
import { getJson, watch } from "./_sources.ts";
import { html } from "./_html.ts";
import { initialState, type SourceState, type Status, STATUS_TEXT } from "./_state.ts";

/** Attributes every widget observes; any but `label` and `theme` changes what is read. */
export const OBSERVED = ["metric", "window", "token", "src", ...FILTER_FIELDS, "label", "theme"];

/** Where the bundle was served from: the monitor, unless `src` says otherwise. */
const SCRIPT_BASE = new URL("..", import.meta.url).href.replace(/\/$/, "");

const sheets = new Map<string, CSSStyleSheet>();

export abstract class MetricElement<T> extends HTMLElement {
  /** The watched source's state. */
  source: SourceState<T> = initialState(0);
  /** The monitor's metrics catalogue (units and labels); null until it has answered. */
  catalogue: Catalogue | null = null;
  readonly #root: ShadowRoot;
  #unwatch: (() => void) | null = null;
  #queued = false;

  constructor(css: string) {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    // One parsed sheet for every widget of a kind.
    let sheet = sheets.get(css);
    if (!sheet) {
      sheets.set(css, sheet = new CSSStyleSheet());
      sheet.replaceSync(css);
    }
    this.#root.adoptedStyleSheets = [sheet];
  }

  /** The metric shown (default `requests`). */
  get metric(): string {
    return this.getAttribute("metric") || "requests";
  }

  /** The time window (default `1h`; an unknown value falls back to it). */
  get window(): WindowName {
    const w = this.getAttribute("window") ?? "";
    return isWindowName(w) ? w : DEFAULT_WINDOW;
  }

  get token(): string {
    return this.getAttribute("token") ?? "";
  }

  /** The monitor's base URL (default: where this script came from). */
  get src(): string {
    return (this.getAttribute("src") || SCRIPT_BASE).replace(/\/+$/, "");
  }

  /** The filters given as attributes, as [name, value] pairs in a fixed order. */
  get filters(): Array<[string, string]> {
    return FILTER_FIELDS.flatMap((f) => {
      const v = this.getAttribute(f);
      return v ? [[f, v] as [string, string]] : [];
    });
  }

  /** The label shown (default: the metric's name in the catalogue). */
  get label(): string | null {
    return this.getAttribute("label");
  }

  /** The reader's language where it refines the page's ("en" page, "en-GB" reader), for Intl. */
  get locale(): string | undefined {
    const lang = document.documentElement.lang;
    return navigator.languages.find((l) => l.startsWith(lang)) || lang || undefined;
  }

  /** A monitor URL with the read's parameters: window, filters and token. */
  url(path: string, extra: Array<[string, string]> = []): string {
    const params = new URLSearchParams([["window", this.window], ...this.filters, ...extra]);
    if (this.token) params.set("token", this.token);
    return `${this.src}${path}?${params}`;
  }

  /**
   * Watches the live stream of the widget's window and filters. Every widget asks for the same
   * URL (previous window and heartbeat events included), so a card, a chart and a table with the
   * same src, token, window and filters share one EventSource.
   */
  protected watchStream(listener: (s: SourceState<T>) => void = this.onSource): () => void {
    return watch(
      this.url("/api/stream", [["compare", "previous"], ["heartbeat", "event"]]),
      { probe: this.url("/api/metrics/current"), ping: `${this.src}/widgets/ping` },
      listener as (s: SourceState<unknown>) => void,
    );
  }

  /** Starts watching the data source; returns the function that stops. */
  protected abstract watch(): () => void;
  /** The Shadow DOM's content, from the state and the attributes. */
  protected abstract view(): ComponentChild;

  /**
   * The label and the status of the widget. The status is a live region: a change of state is
   * announced, with the label and the reason; a change of numbers is not.
   */
  protected head(label: string, status: Status, message: string) {
    return html`
      <div class="head">
        <span part="label" class="label">${label}</span>
        <span part="status" class="status" role="status" aria-live="polite">
          <i aria-hidden="true"></i>
          <span class="sr">${label}: </span>${STATUS_TEXT[status]}
          <span class="sr">${message && `. ${message}`}</span>
        </span>
      </div>
    `;
  }

  /** Renders again (Preact diffs: only what changed is touched). */
  update(): void {
    if (!this.#unwatch) return;
    render(this.view(), this.#root);
  }

  /** The listener of a watched source. */
  protected readonly onSource = (s: SourceState<T>): void => {
    this.source = s;
    this.update();
  };

  connectedCallback(): void {
    this.#unwatch ??= this.#watch();
    this.update();
  }

  disconnectedCallback(): void {
    this.#unwatch?.();
    this.#unwatch = null;
    render(null, this.#root);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value) return;
    this.update();
    if (name === "label" || name === "theme" || !this.#unwatch || this.#queued) return;
    // Several attributes set in a row: one new subscription.
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (!this.#unwatch) return;
      this.#unwatch();
      this.source = initialState(Date.now());
      this.#unwatch = this.#watch();
      this.update();
    });
  }

  #watch(): () => void {
    // The token goes along only for CORS: the catalogue itself is public.
    const url = `${this.src}/api/metrics${this.token ? `?token=${this.token}` : ""}`;
    getJson<Catalogue>(url, true).then((body) => {
      this.catalogue = body;
      this.update();
    }, () => {});
    return this.watch();
  }
}
