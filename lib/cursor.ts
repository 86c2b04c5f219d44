// Opaque pagination cursors for GET /api/events: the (ts, id) of the last event of a page.
import { AppError } from "./errors.ts";

export function encodeCursor(position: [number, string]): string {
  return btoa(JSON.stringify(position)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string") {
      return [value[0], value[1]];
    }
  } catch {
    // Falls through to the error below: the cursor is not one this server made.
  }
  throw new AppError("bad_request", "cursor: not a cursor from a previous page; start without one");
}
