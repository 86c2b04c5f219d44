// Server side of an island: the component rendered to HTML inside a marker that islands/_client.ts
// finds and hydrates with the same JSON props.
import type { ComponentType } from "preact";
import { html } from "./html.ts";

export function Island<P extends Record<string, unknown>>(
  { name, component, props }: { name: string; component: ComponentType<P>; props: P },
) {
  return html`
    <div data-island=${name} data-props=${JSON.stringify(props)}>
      <${component} ...${props} />
    </div>
  `;
}
