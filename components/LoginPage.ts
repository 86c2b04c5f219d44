// The sign-in page (no sidebar: nothing is readable before signing in).
import LoginForm from "../islands/LoginForm.ts";
import { html } from "./html.ts";
import { Icon } from "./Icon.ts";
import { Island } from "./Island.ts";
import { Document } from "./Layout.ts";

export function LoginPage(
  { next, locale, bundle, notice }: {
    next: string;
    locale: string;
    bundle: string | null;
    notice: string | null;
  },
) {
  return html`
    <${Document} title="Sign in" locale=${locale} bundle=${bundle}>
      <main class="login-page" id="main">
        <section class="panel login-card" aria-labelledby="login-title">
          <span class="brand"><${Icon} name="pulse" /><span>llm-monitor<small>LLM traffic, latency and cost</small></span></span>
          <h1 id="login-title">Sign in</h1>
          ${notice && html`<p class="notice warn">${notice}</p>`}
          <${Island} name="LoginForm" component=${LoginForm} props=${{ next }} />
        </section>
      </main>
      <//>
  `;
}

/** A page for a request the dashboard cannot answer (bad range, unknown project or event). */
export function ErrorPage(
  { status, message, locale, bundle, back }: {
    status: number;
    message: string;
    locale: string;
    bundle: string | null;
    back: string;
  },
) {
  return html`
    <${Document} title=${`Error ${status}`} locale=${locale} bundle=${bundle}>
      <main class="login-page" id="main">
        <section class="panel login-card" aria-labelledby="error-title">
          <span class="brand"><${Icon} name="pulse" /><span>llm-monitor</span></span>
          <h1 id="error-title">${status === 404
            ? "Not found"
            : status === 403
            ? "Not allowed"
            : "That did not work"}</h1>
          <p class="notice err">${message}</p>
          <p><a class="btn" href=${back}>Back to the dashboard</a></p>
        </section>
      </main>
      <//>
  `;
}
