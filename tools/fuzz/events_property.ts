// The /v1/events property: random requests through a real socket get no 5xx, each 4xx names a
// field, and after the drain the database holds every accepted event exactly once.
import assert from "node:assert/strict";
import fc from "fast-check";
import { eventSchema } from "../../lib/ingest/event.ts";
import { type EventCase, type EventsRequest, eventsRequest, resolveTime } from "./_events.ts";
import { show } from "./_show.ts";
import { checkRollups, count, type FuzzTarget, openRun, type Tally, type Wire } from "./target.ts";

const EVENT_FIELDS: ReadonlySet<string> = new Set(Object.keys(eventSchema.shape));

/** "field: why" or "field.key: why" with a field of the contract; "must be an object" for a non-object. */
function namesAField(error: unknown): boolean {
  if (typeof error !== "string") return false;
  const field = /^([A-Za-z_]+)[.:]/.exec(error)?.[1];
  return error === "must be an object" || (field !== undefined && EVENT_FIELDS.has(field));
}

function eventsWire(
  request: Exclude<EventsRequest, { kind: "replay" }>,
  ids: string[],
  now: number,
) {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  if (request.kind === "value") {
    return { plain: json(request.body), headers: { "content-type": "application/json" } };
  }
  if (request.kind === "raw") {
    const plain = typeof request.body === "string"
      ? new TextEncoder().encode(request.body)
      : new Uint8Array(request.body);
    const headers: Record<string, string> = { "content-type": request.contentType };
    if (request.encoding !== null) headers["content-encoding"] = request.encoding;
    return { plain, headers };
  }
  const events = request.events.map((e) => eventValue(e, ids, now));
  const body = request.bare
    ? events
    : { events, ...(request.junk === undefined ? {} : { junk: request.junk }) };
  return { plain: json(body), headers: { "content-type": request.contentType } };
}

function eventValue(e: EventCase, ids: string[], now: number): unknown {
  if (e.notAnObject !== undefined) return e.notAnObject;
  const out: Record<string, unknown> = { ...e.fields };
  if (e.time !== null) out.timestamp = resolveTime(e.time, now);
  const id = e.id;
  if (id.kind === "fresh") out.id = `e${ids.length}`;
  else if (id.kind === "repeat") out.id = ids.length > 0 ? ids[id.pick % ids.length] : "e-first";
  else if (id.kind === "null") out.id = null;
  else if (id.kind === "given") out.id = id.value;
  if (typeof out.id === "string") ids.push(out.id);
  return out;
}

/** The events of a body exactly as the server reads them (same decoder, same envelope rule). */
function eventsOfBytes(plain: Uint8Array): unknown[] {
  const body = JSON.parse(new TextDecoder().decode(plain)) as unknown;
  if (Array.isArray(body)) return body;
  return (body as { events: unknown[] }).events;
}

/** Checks one answer; returns the events it accepted. */
async function checkEventsAnswer(
  response: Response,
  plain: Uint8Array,
  tally: Tally,
): Promise<unknown[]> {
  const text = await response.text();
  count(tally, response.status);
  assert.ok(response.status < 500, `POST /v1/events answered ${response.status}: ${show(text)}`);
  assert.ok(
    [202, 400, 413, 415].includes(response.status),
    `unexpected status ${response.status}: ${show(text)}`,
  );
  assert.equal(response.headers.get("content-type")?.split(";")[0], "application/json");
  const body = JSON.parse(text) as Record<string, unknown>;
  const rejected = (body.rejected ?? []) as Array<{ index: number; errors: unknown[] }>;
  for (const r of rejected) {
    assert.ok(
      r.errors.length > 0 && r.errors.every(namesAField),
      `rejection names no field: ${show(r)}`,
    );
  }
  if (response.status !== 202) {
    const error = body.error;
    assert.ok(typeof error === "string" && error.length > 0, `4xx without an error: ${show(body)}`);
    assert.ok(
      /^((request )?body|events|Content-Type|Content-Encoding)\b/.test(error) ||
        (error === "no valid events in the batch" && rejected.length > 0),
      `the error names no field: ${show(error)}`,
    );
    return [];
  }
  const events = eventsOfBytes(plain);
  const indexes = rejected.map((r) => r.index);
  assert.ok(
    indexes.every((i, k) =>
      Number.isInteger(i) && i >= 0 && i < events.length && (k === 0 || i > indexes[k - 1]!)
    ),
  );
  assert.equal(body.accepted, events.length - rejected.length, "accepted + rejected = events sent");
  const bad = new Set(indexes);
  tally.accepted += events.length - bad.size;
  tally.rejected += bad.size;
  return events.filter((_, i) => !bad.has(i));
}

export const eventsRun = fc.array(eventsRequest, { minLength: 1, maxLength: 5 });

export async function checkEventsRun(target: FuzzTarget, requests: EventsRequest[]): Promise<void> {
  await using run = await openRun(target);
  const sent: Array<{ wire: Wire; plain: Uint8Array }> = [];
  const ids: string[] = [];
  const explicit = new Set<string>();
  let assigned = 0;
  for (const request of requests) {
    let entry = request.kind === "replay"
      ? sent[request.pick % Math.max(1, sent.length)]
      : undefined;
    if (request.kind !== "replay") {
      const { plain, headers } = eventsWire(request, ids, Date.now());
      const gzip = request.kind === "batch" && request.gzip;
      const body = gzip ? await gzipBytes(new TextDecoder().decode(plain)) : new Uint8Array(plain);
      entry = {
        wire: { body, headers: gzip ? { ...headers, "content-encoding": "gzip" } : headers },
        plain,
      };
    }
    if (entry === undefined) continue;
    sent.push(entry);
    const response = await run.send("/v1/events", run.keys.events, entry.wire);
    for (const e of await checkEventsAnswer(response, entry.plain, target.tally)) {
      const id = (e as { id?: unknown }).id;
      if (typeof id === "string") explicit.add(id);
      else assigned++;
    }
  }
  await run.settle();
  const stored = await target.store.listEventIds(run.projects.events);
  const storedSet = new Set(stored);
  // A store may normalise what it cannot hold (NUL, lone surrogates) but must lose nothing.
  const missing = [...explicit].filter((id) =>
    ![id, id.toWellFormed(), id.replaceAll("\0", ""), id.toWellFormed().replaceAll("\0", "\uFFFD")]
      .some((v) => storedSet.has(v))
  );
  assert.deepEqual(missing.map((id) => show(id, 80)), [], "accepted ids missing from the database");
  assert.equal(
    stored.length,
    explicit.size + assigned,
    `stored ${stored.length} events for ${explicit.size} distinct accepted ids + ${assigned} without id; stored ${
      show(stored, 600)
    }, accepted ${show([...explicit], 600)}`,
  );
  await checkRollups(target.store, run.projects.events, stored.length);
}

async function gzipBytes(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
