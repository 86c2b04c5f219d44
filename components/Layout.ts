// The document around every signed-in page: head (stylesheet, theme before first paint), the
// sidebar with the pages, and the island bundle.
import type { ComponentChildren } from "preact";
import ThemeToggle from "../islands/ThemeToggle.ts";
import { html } from "./html.ts";
import { href, type LinkState } from "./hrefs.ts";
import { Icon, type IconName } from "./Icon.ts";
import { Island } from "./Island.ts";
import { STYLES_VERSION } from "./styles.ts";

export type Section =
  | "overview"
  | "models"
  | "endpoints"
  | "users"
  | "costs"
  | "events"
  | "settings";

const NAV: ReadonlyArray<{ section: Section; path: string; label: string; icon: IconName }> = [
  { section: "overview", path: "/", label: "Overview", icon: "overview" },
  { section: "models", path: "/models", label: "Models", icon: "models" },
  { section: "endpoints", path: "/endpoints", label: "Endpoints", icon: "endpoints" },
  { section: "users", path: "/users", label: "Users", icon: "users" },
  { section: "costs", path: "/costs", label: "Costs", icon: "costs" },
  { section: "events", path: "/events", label: "Events", icon: "events" },
  { section: "settings", path: "/settings", label: "Settings", icon: "settings" },
];

/** What every page's frame needs to know. */
export interface Chrome {
  title: string;
  section: Section | null;
  state: LinkState;
  locale: string;
  reader: "admin" | "read";
  project: { id: string; name: string; time_zone: string };
  /** The island bundle URL (versioned). */
  bundle: string;
}

/** Applies a stored theme choice before the first paint, so a dark screen never flashes white. */
const THEME_SCRIPT =
  `try{var t=localStorage.getItem("lm-theme");if(t==="dark"||t==="light")document.documentElement.dataset.theme=t}catch(e){}`;

/** Every inline script a Document carries: the pages' Content-Security-Policy allows these by hash. */
export const INLINE_SCRIPTS: readonly string[] = [THEME_SCRIPT];

export function Document(
  { title, locale, bundle, children }: {
    title: string;
    locale: string;
    bundle: string | null;
    children: ComponentChildren;
  },
) {
  return html`
    <html lang=${locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>${title} · llm-monitor</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href=${`/assets/dashboard.css?v=${STYLES_VERSION}`} />
        <script dangerouslySetInnerHTML=${{ __html: THEME_SCRIPT }}></script>
        ${bundle && html`<script type="module" src=${bundle}></script>`}
      </head>
      <body>${children}</body>
    </html>
  `;
}

export function Layout({ chrome, children }: { chrome: Chrome; children: ComponentChildren }) {
  const keep = { ...chrome.state, view: chrome.state.view };
  return html`
    <${Document} title=${chrome.title} locale=${chrome.locale} bundle=${chrome.bundle}>
      <a class="skip" href="#main">Skip to content</a>
      <div class="app">
        <aside class="sidebar">
          <a class="brand" href=${href("/", keep)}>
            <${Icon} name="pulse" />
            <span class="wide-only">llm-monitor<small>${chrome.project.name}</small></span>
          </a>
          <nav class="nav" aria-label="Pages">
            ${NAV.map((item) =>
              html`
                <a
                  href=${item.section === "settings"
                    ? href(item.path, {
                      ...keep,
                      window: null,
                      from: null,
                      to: null,
                      filters: {},
                      view: null,
                    })
                    : href(item.path, keep)}
                  aria-current=${item.section === chrome.section ? "page" : undefined}
                ><${Icon} name=${item.icon} /><span>${item.label}</span></a>
              `
            )}
          </nav>
          <div class="sidebar-foot">
            <div class="who">
              <span class="faint">Signed in with</span>
              <b>${chrome.reader === "admin" ? "the admin token" : "a read key"}</b>
            </div>
            <div class="foot-actions">
              <${Island} name="ThemeToggle" component=${ThemeToggle} props=${{}} />
              <form method="post" action="/logout">
                <button class="btn"
                  type="submit"><${Icon} name="logout" /> <span class="wide-only">Sign out</span></button>
              </form>
            </div>
          </div>
        </aside>
        <main class="main" id="main" tabindex="-1">${children}</main>
      </div>
      <//>
  `;
}
