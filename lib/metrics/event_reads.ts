// The events behind the numbers, as the API shows them: a page at a time with a cursor, one by id,
// or every match as CSV (streamed a page at a time: memory stays flat).
import { AppError } from "../errors.ts";
import type { EventStore } from "../store/event_store.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { CSV_COLUMNS, csvLine, csvRow, toApiEvent } from "./event_view.ts";
import type { MetricsQuery } from "./query.ts";

const CSV_PAGE = 1_000;

type EventReads = Pick<EventStore, "listEvents" | "getEvent">;

/** One page of matching events, newest first, with the cursor of the next page (or null). */
export async function eventPage(
  store: EventReads,
  q: MetricsQuery,
  page: { limit: number; cursor: string | undefined },
) {
  const found = await store.listEvents(q, {
    limit: page.limit,
    before: page.cursor ? decodeCursor(page.cursor) : undefined,
  });
  return {
    events: found.events.map(toApiEvent),
    next_cursor: found.next ? encodeCursor(found.next) : null,
  };
}

/** One event of the project, or 404. */
export async function eventById(store: EventReads, projectId: string, id: string) {
  const event = await store.getEvent(projectId, id);
  if (!event) throw new AppError("not_found", `event "${id}" does not exist`);
  return toApiEvent(event);
}

/** Every matching event as CSV, read a page at a time as the body is pulled; and its file name. */
export function eventsCsv(
  store: EventReads,
  q: MetricsQuery,
): { body: ReadableStream<Uint8Array>; filename: string } {
  const encoder = new TextEncoder();
  let before: [number, string] | undefined;
  let started = false;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS)));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const page = await store.listEvents(q, { before, limit: CSV_PAGE });
      controller.enqueue(encoder.encode(page.events.map(csvRow).join("")));
      if (page.next) before = page.next;
      else done = true;
    },
  });
  const filename = `llm-events-${new Date(q.from).toISOString().slice(0, 16)}.csv`
    .replaceAll(":", "-");
  return { body, filename };
}
