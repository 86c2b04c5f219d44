// Sign-in with a token (the admin token or a read key): POST /api/login sets the HttpOnly
// session cookie, then the page the reader came for opens.
import { useSignal } from "@preact/signals";
import { safeNext } from "../components/hrefs.ts";
import { html } from "../components/html.ts";

export interface LoginFormProps {
  /** A path on this site to open after signing in. */
  next: string;
}

export default function LoginForm(props: LoginFormProps) {
  const token = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    const response = await fetch("/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: token.value.trim() }),
    }).catch(() => null);
    if (response?.ok) {
      await response.body?.cancel();
      // The server checked `next` already; the page's props are checked again before leaving.
      location.assign(safeNext(props.next));
      return;
    }
    const body = response ? await response.json().catch(() => ({})) : {};
    error.value = response === null
      ? "The monitor did not answer. Is it running?"
      : (body as { error?: string }).error ?? `Sign-in failed (HTTP ${response.status})`;
    busy.value = false;
  };

  return html`
    <form method="post" action="/api/login" onSubmit=${submit}>
      <label class="field">
        <span>Token</span>
        <input
          name="token"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          autofocus
          placeholder="lma_… or lmr_…"
          value=${token.value}
          onInput=${(e: Event) => token.value = (e.currentTarget as HTMLInputElement).value}
          aria-describedby="token-help login-error"
        />
      </label>
      <p id="login-error" class="notice err" role="alert" hidden=${error.value === null}>${error
        .value}</p>
      <button class="btn primary" type="submit" disabled=${busy.value}>${busy.value
        ? "Signing in…"
        : "Sign in"}</button>
      <p id="token-help" class="sub">
        Use the admin token printed at the first start, or a read key
        (<code>deno task admin keys create --project default --kind read</code>). The session is kept in an
        HttpOnly cookie.
      </p>
    </form>
  `;
}
