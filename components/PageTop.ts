// The top of a data page: title, live badge, optional actions, then the range and filter bar.
import type { ComponentChildren } from "preact";
import FilterBar from "../islands/FilterBar.ts";
import LiveBadge from "../islands/LiveBadge.ts";
import { html } from "./html.ts";
import { Island } from "./Island.ts";
import type { PageModel } from "./page_model.ts";

export function PageTop(
  { model, path, title, blurb, keep = {}, children }: {
    model: PageModel;
    path: string;
    title: string;
    blurb: string;
    keep?: Record<string, string>;
    children?: ComponentChildren;
  },
) {
  return html`
    <header class="page-head">
      <div class="title">
        <h1>${title}</h1>
        <p>${blurb}</p>
      </div>
      ${children}
      <${Island}
        name="LiveBadge"
        component=${LiveBadge}
        props=${{
          stream: model.stream,
          fixed: model.fixed,
          time_zone: model.timeZone,
          locale: model.locale,
        }}
      />
    </header>
    <${Island}
      name="FilterBar"
      component=${FilterBar}
      props=${{
        path,
        link: model.link,
        windows: model.windows,
        options: model.options,
        api: model.api,
        projects: model.projects,
        project_id: model.chrome.project.id,
        keep,
        time_zone: model.timeZone,
        locale: model.locale,
      }}
    />
  `;
}
