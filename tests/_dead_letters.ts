// What the dead-letter suites share: the letter as the admin API lists it, reading it, and a run
// of good events.
import assert from "node:assert/strict";
import type { StoredEvent } from "../lib/ingest/event.ts";
import { storedEvent, type TestMonitor } from "./_fixtures.ts";

export interface Letter {
  id: string;
  kind: string;
  project_id: string | null;
  event_id: string | null;
  events: number;
  error: string;
  sqlstate: string | null;
  attempts: number;
}

export async function json(response: Response, status: number): Promise<unknown> {
  assert.equal(response.status, status, await response.clone().text());
  assert.equal(response.headers.get("content-type"), "application/json");
  return await response.json();
}

export async function listLetters(
  t: TestMonitor,
): Promise<{ count: number; dead_letters: Letter[] }> {
  return await json(await t.admin("GET", "/api/dead-letters"), 200) as {
    count: number;
    dead_letters: Letter[];
  };
}

/** Good events of the test's project: 100 input tokens each. */
export function goodEvents(t: TestMonitor, from: number, n: number): StoredEvent[] {
  return Array.from(
    { length: n },
    (_, i) => storedEvent({ project_id: t.projectId, id: `good-${from + i}` }),
  );
}
