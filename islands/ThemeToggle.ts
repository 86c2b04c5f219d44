// Light/dark switch: the choice is kept in localStorage (read before the first paint by the
// layout's inline script); without a choice the system preference rules.
import { html } from "../components/html.ts";
import { Icon } from "../components/Icon.ts";

function toggle() {
  const root = document.documentElement;
  const dark = root.dataset.theme
    ? root.dataset.theme === "dark"
    : matchMedia("(prefers-color-scheme: dark)").matches;
  const next = dark ? "light" : "dark";
  root.dataset.theme = next;
  localStorage.setItem("lm-theme", next);
  dispatchEvent(new Event("themechange"));
}

export default function ThemeToggle() {
  return html`
    <button
      class="btn icon theme-toggle"
      type="button"
      onClick=${toggle}
      aria-label="Switch between light and dark theme"
      title="Switch theme"
    >
      <${Icon} name="moon" class="moon" />
      <${Icon} name="sun" class="sun" />
    </button>
  `;
}
