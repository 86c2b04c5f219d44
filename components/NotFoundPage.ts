// The page for a dashboard URL no route answers: inside the sidebar for a signed-in reader, a lone
// card otherwise (nothing is readable before signing in). Either way, a link home.
import { html } from "./html.ts";
import { Icon } from "./Icon.ts";
import { type Chrome, Document, Layout } from "./Layout.ts";

export interface NotFoundProps {
  /** The path nobody serves, shown to the reader. */
  path: string;
  locale: string;
  bundle: string | null;
  /** The frame of a signed-in reader; null shows the page without the sidebar. */
  chrome: Chrome | null;
}

export function NotFoundPage({ path, locale, bundle, chrome }: NotFoundProps) {
  const body = html`
    <h1 id="not-found-title">Page not found</h1>
    <p class="notice warn">There is no dashboard page at <code>${path}</code>.</p>
    <p><a class="btn" href="/">Back to the overview</a></p>
  `;
  if (chrome) {
    return html`
      <${Layout} chrome=${chrome}>
        <section class="panel" aria-labelledby="not-found-title">${body}</section>
        <//>
    `;
  }
  return html`
    <${Document} title="Not found" locale=${locale} bundle=${bundle}>
      <main class="login-page" id="main">
        <section class="panel login-card" aria-labelledby="not-found-title">
          <span class="brand"><${Icon} name="pulse" /><span>llm-monitor</span></span>
          ${body}
        </section>
      </main>
      <//>
  `;
}
