// The SDK's behaviour suite, runtime-neutral: run by Deno (core_test.ts, on the source) and by
// Node (node_suite.mjs, on the built bundle) against a real fake-ingest server on 127.0.0.1.
import type { Case } from "./_case.ts";
import { deliveryCases } from "./delivery_cases.ts";
import { queueCases } from "./queue_cases.ts";
import { shutdownCases } from "./shutdown_cases.ts";
import { trackCases } from "./track_cases.ts";

export const cases: Case[] = [
  ...trackCases,
  ...deliveryCases,
  ...queueCases,
  ...shutdownCases,
];
