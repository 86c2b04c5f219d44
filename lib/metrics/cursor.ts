// Opaque pagination cursors for GET /api/events: the (ts, id) of the last event of a page.
import { AppError } from "../errors.ts";

/** A cursor longer than this was not made here: a position is a timestamp and an event id. */
const MAX_CURSOR_CHARS = 1_024;
/** Event ids are at most 128 characters (lib/ingest/event.ts); OTLP span ids are shorter. */
const MAX_ID_CHARS = 256;
/** 9999-12-31T23:59:59.999Z: the database takes no later time, and epoch ms are never negative. */
const MAX_TS_MS = 253_402_300_799_999;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(position: [number, string]): string {
  return btoa(JSON.stringify(position)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The position a cursor of encodeCursor() holds. Anything else (not base64url, not JSON, not a
 * [ts, id] pair of a time in range and a plain id) is refused as a 400, never passed to a query.
 */
export function decodeCursor(cursor: string): [number, string] {
  const position = cursor.length <= MAX_CURSOR_CHARS && BASE64URL.test(cursor)
    ? parsePosition(cursor)
    : null;
  if (position === null) {
    throw new AppError("bad_request", "cursor: invalid, start again from the first page");
  }
  return position;
}

function parsePosition(cursor: string): [number, string] | null {
  let value: unknown;
  try {
    value = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
  } catch (error) {
    // atob's DOMException or JSON's SyntaxError: the text is not a cursor this server made.
    if (error instanceof DOMException || error instanceof SyntaxError) return null;
    throw error;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [ts, id] = value as [unknown, unknown];
  if (typeof ts !== "number" || !Number.isFinite(ts) || ts < 0 || ts > MAX_TS_MS) return null;
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_CHARS) return null;
  // PostgreSQL text cannot hold NUL.
  if (id.includes("\0")) return null;
  return [ts, id];
}
