// Realistic data for the phone-width suite: demo traffic plus many models, endpoints, users and
// budgets with long names (fine-tuned model ids, e-mail user ids), and one event with everything.
import assert from "node:assert/strict";
import { demoEvents, DemoTraffic } from "../tools/demo/traffic.ts";
import type { Dashboard } from "./_browser.ts";
import { waitFor } from "./_fixtures.ts";

/** The id of the event the detail page shows. */
export const DETAIL_ID = "evt-phone-0001-with-a-rather-long-identifier-from-the-client";

const LONG_MODELS = Array.from(
  { length: 18 },
  (_, i) => `ft:gpt-4o-mini-2024-07-18:acme-corporation:support-triage-v${i}:9xQ2abCd${i}`,
);
const LONG_ENDPOINTS = Array.from(
  { length: 24 },
  (_, i) => `customer-support/ticket-triage-and-summarisation-pipeline-stage-${i}`,
);
const LONG_USERS = Array.from(
  { length: 60 },
  (_, i) => `jane.doe.${i}+billing-department@enterprise-customer-example.com`,
);

function longEvents(now: number): Record<string, unknown>[] {
  return Array.from({ length: 1_500 }, (_, i) => ({
    timestamp: now - 1_000 - (i * 37_000) % 3_000_000,
    model: LONG_MODELS[i % LONG_MODELS.length],
    provider: i % 3 === 0 ? "azure-openai-enterprise-deployment-westeurope" : "openai",
    endpoint: LONG_ENDPOINTS[i % LONG_ENDPOINTS.length],
    application: `enterprise-application-number-${i % 7}-with-a-long-name`,
    user_id: LONG_USERS[(i * 7) % LONG_USERS.length],
    status: i % 17 === 0 ? "error" : i % 29 === 0 ? "timeout" : "success",
    input_tokens: 1_000 + (i * 7_919) % 90_000,
    output_tokens: 50 + (i * 104_729) % 4_000,
    latency_ms: 300 + (i * 7_321) % 40_000,
    time_to_first_token_ms: 120 + i % 900,
    cost_usd: 0.0001 + ((i * 13) % 1_000) / 400,
    error_type: i % 17 === 0 ? "RateLimitErrorFromTheUpstreamProviderGateway" : undefined,
  }));
}

const DETAIL = {
  id: DETAIL_ID,
  model: LONG_MODELS[0],
  provider: "azure-openai-enterprise-deployment-westeurope",
  status: "error",
  endpoint: LONG_ENDPOINTS[0],
  application: "enterprise-application-number-0-with-a-long-name",
  user_id: LONG_USERS[0],
  session_id: "session-0b6f4c1e-8c0a-4f5e-9d1b-3f2a9e7c6d5b-with-suffix",
  trace_id: "4bf92f3577b34da6a3ce929d0e0e4736aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb",
  input_tokens: 120_000,
  output_tokens: 0,
  latency_ms: 61_000,
  status_code: 429,
  error_type: "RateLimitErrorFromTheUpstreamProviderGateway",
  error_message: "Rate limit reached for requests-per-minute on deployment " +
    "https://enterprise-customer-example.openai.azure.com/openai/deployments/" +
    "support-triage-v0/chat/completions?api-version=2024-10-21-preview".repeat(2),
  input: `Summarise: ${"averyveryverylongunbrokenwordwithoutanyspaces".repeat(8)}`,
  metadata: {
    "customer.account.identifier.with.long.key": "acct_0123456789abcdefghijklmnopqrstuvwxyz",
    region: "europe-west4-a",
  },
};

/** Fills the dashboard's project: ~2 h of demo traffic, long names, budgets; waits for the flush. */
export async function fillPhoneData(d: Dashboard): Promise<void> {
  const now = Date.now();
  const events = [
    ...demoEvents(new DemoTraffic(11), now - 2 * 3_600_000, now - 1_000, 0.4),
    ...longEvents(now),
    { ...DETAIL, timestamp: now - 5 * 60_000 },
  ];
  d.t.monitor.deps.flusher.start();
  for (let i = 0; i < events.length; i += 1000) await d.ingest(events.slice(i, i + 1000));
  await waitFor(async () => (await d.t.monitor.deps.buffer.size()) === 0, "the flush", 60_000);
  for (
    const budget of [
      { period: "monthly", amount_usd: 900, name: "Monthly LLM spend across every application" },
      {
        period: "daily",
        amount_usd: 8,
        scope: "endpoint",
        scope_value: LONG_ENDPOINTS[3],
        name: "Customer support ticket triage pipeline, daily cap",
      },
    ]
  ) {
    const response = await d.t.admin("POST", "/api/budgets", { project: d.t.projectId, ...budget });
    assert.equal(response.status, 201, await response.text());
  }
}
