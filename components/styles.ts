// The dashboard stylesheet, served by routes/pages.ts at /assets/dashboard.css?v=STYLES_VERSION.
// Light and dark themes are the same rules over two sets of custom properties: the system
// preference picks one unless the reader chose with the toggle (html[data-theme]). The rules are
// kept in four parts, joined in cascade order.
import { BASE_CSS } from "./_base_css.ts";
import { DATA_CSS } from "./_data_css.ts";
import { PAGES_CSS } from "./_pages_css.ts";
import { SHELL_CSS } from "./_shell_css.ts";

export const STYLES = BASE_CSS + SHELL_CSS + DATA_CSS + PAGES_CSS;

/** A short content hash, to version the stylesheet URL (cached for a year). */
export const STYLES_VERSION = (() => {
  let h = 0x811c9dc5;
  for (let i = 0; i < STYLES.length; i++) h = Math.imul(h ^ STYLES.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
})();
