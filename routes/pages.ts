// Dashboard pages (server-rendered Preact with islands). Filled in by the dashboard work.
import { Hono } from "hono";
import type { AppDeps } from "../lib/deps.ts";

export function pageRoutes(_deps: AppDeps) {
  return new Hono();
}
