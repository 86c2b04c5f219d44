// htm bound to Preact for the widgets: htm/mini, the syntax of components/html.ts without its
// template cache (170 bytes lighter gzipped; a widget renders a few times a second at most).
import mini from "htm/mini";
import { h, type VNode } from "preact";

/** htm's types describe its default export as a CommonJS module; the bundle gets htm itself. */
const htm = mini as unknown as {
  bind(f: typeof h): (strings: TemplateStringsArray, ...values: unknown[]) => VNode | VNode[];
};

export const html = htm.bind(h);
