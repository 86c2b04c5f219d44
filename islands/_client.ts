// Browser entry: hydrates every [data-island] element with its component and JSON props.
import { h, hydrate } from "preact";
import { ISLANDS } from "./_registry.ts";

for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
  const component = ISLANDS[el.dataset.island as keyof typeof ISLANDS];
  if (!component) continue;
  const props = JSON.parse(el.dataset.props ?? "{}");
  // deno-lint-ignore no-explicit-any
  hydrate(h(component as any, props), el);
}
