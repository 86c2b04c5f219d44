// The /v1/traces property: random OTLP exports (protobuf and JSON, gzipped or not, garbage, replays)
// get no 5xx and an answer in their own encoding; each accepted model-call span is stored once.
import assert from "node:assert/strict";
import { fromBinary, fromJson, type JsonValue } from "@bufbuild/protobuf";
import fc from "fast-check";
import { StatusSchema } from "../../lib/otlp/gen/google/rpc/status_pb.ts";
import { ExportTraceServiceResponseSchema } from "../../lib/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.ts";
import { type TracesCase, tracesCase } from "./_otlp.ts";
import { encodeExport, encodeGarbage } from "./_otlp_encode.ts";
import { show } from "./_show.ts";
import { checkRollups, count, type FuzzTarget, openRun, type Tally, type Wire } from "./target.ts";

async function checkTracesAnswer(response: Response, contentType: string, tally: Tally) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = () => show(new TextDecoder().decode(bytes));
  count(tally, response.status);
  assert.ok(response.status < 500, `POST /v1/traces answered ${response.status}: ${text()}`);
  assert.ok(
    [200, 400, 413, 415].includes(response.status),
    `unexpected ${response.status}: ${text()}`,
  );
  assert.equal(
    response.headers.get("content-type"),
    contentType,
    "answered in the request's encoding",
  );
  const json = contentType === "application/json";
  if (response.status !== 200) {
    const status = json
      ? fromJson(StatusSchema, JSON.parse(new TextDecoder().decode(bytes)) as JsonValue)
      : fromBinary(StatusSchema, bytes);
    assert.ok(
      status.code > 0 && status.message.length > 0,
      `a google.rpc.Status with a message: ${text()}`,
    );
    return null;
  }
  const answer = json
    ? fromJson(
      ExportTraceServiceResponseSchema,
      JSON.parse(new TextDecoder().decode(bytes)) as JsonValue,
    )
    : fromBinary(ExportTraceServiceResponseSchema, bytes);
  return Number(answer.partialSuccess?.rejectedSpans ?? 0n);
}

export const tracesRun = fc.array(tracesCase, { minLength: 1, maxLength: 4 });

export async function checkTracesRun(target: FuzzTarget, cases: TracesCase[]): Promise<void> {
  await using run = await openRun(target);
  const sent: Array<{ wire: Wire; modelCalls: number }> = [];
  const sentIds = new Set<string>();
  let spans = 0;
  let expected = 0;
  for (const [n, c] of cases.entries()) {
    if (c.kind === "garbage") {
      const { body, contentType } = encodeGarbage(c, Date.now());
      const response = await run.send("/v1/traces", run.keys.chaos, {
        body,
        headers: { "content-type": contentType },
      });
      await checkTracesAnswer(response, contentType, target.tally);
      continue;
    }
    let entry = c.kind === "replay" ? sent[c.pick % Math.max(1, sent.length)] : undefined;
    const replay = entry !== undefined;
    if (c.kind === "export") {
      const encoded = encodeExport(c, n, () => ++spans, Date.now());
      encoded.modelCallIds.forEach((id) => sentIds.add(id));
      const headers: Record<string, string> = { "content-type": encoded.contentType };
      let body = encoded.body;
      if (c.gzip) {
        const gz = new Response(
          new Blob([body]).stream().pipeThrough(new CompressionStream("gzip")),
        );
        body = new Uint8Array(await gz.arrayBuffer());
        headers["content-encoding"] = "gzip";
      }
      entry = { wire: { body, headers }, modelCalls: encoded.modelCalls };
    }
    if (entry === undefined) continue;
    sent.push(entry);
    const contentType = entry.wire.headers["content-type"]!;
    const rejected = await checkTracesAnswer(
      await run.send("/v1/traces", run.keys.traces, entry.wire),
      contentType,
      target.tally,
    );
    if (rejected === null) continue;
    assert.ok(
      rejected <= entry.modelCalls,
      `rejected_spans ${rejected} > ${entry.modelCalls} model calls sent`,
    );
    target.tally.accepted += entry.modelCalls - rejected;
    target.tally.rejected += rejected;
    if (!replay) expected += entry.modelCalls - rejected;
  }
  await run.settle();
  const stored = await target.store.listEventIds(run.projects.traces);
  assert.deepEqual(
    stored.filter((id) => !sentIds.has(id)),
    [],
    "only model-call spans become events",
  );
  assert.equal(stored.length, expected, "every accepted model-call span is stored exactly once");
  await checkRollups(target.store, run.projects.traces, stored.length);
  const chaos = await target.store.listEventIds(run.projects.chaos);
  await checkRollups(target.store, run.projects.chaos, chaos.length);
}
