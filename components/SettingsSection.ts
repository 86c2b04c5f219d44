// A settings section (a titled panel with an anchor) and the URL its forms post to.
import type { ComponentChildren } from "preact";
import { html } from "./html.ts";
import type { PageModel } from "./page_model.ts";

/** The action URL of a settings form, for the project on screen. */
export function action(m: PageModel, path: string): string {
  return `/settings${path}?project=${encodeURIComponent(m.chrome.project.id)}`;
}

export function Section(
  { id, title, blurb, children }: {
    id: string;
    title: string;
    blurb: string;
    children: ComponentChildren;
  },
) {
  return html`
    <section class="panel" id=${id} aria-labelledby=${`${id}-title`}>
      <div class="panel-head"><h2 id=${`${id}-title`}>${title}</h2><span class="sub">${blurb}</span></div>
      ${children}
    </section>
  `;
}
