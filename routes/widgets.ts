// Embeddable widgets: their bundles and the demo portal. Filled in by the widgets work.
import { Hono } from "hono";
import type { AppDeps } from "../lib/deps.ts";

export function widgetRoutes(_deps: AppDeps) {
  return new Hono();
}
