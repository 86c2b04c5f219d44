// Which database errors are about the data (retrying the same rows fails the same way) and which
// are about the database (down, restarting, busy: retry later). Same codes on every engine.

/**
 * SQLSTATE classes the rows themselves cause: 22 data exception (bad text, out of range), 23
 * integrity constraint violation, 54 program limit exceeded (e.g. an index row too large).
 */
const DATA_ERROR_CLASSES = new Set(["22", "23", "54"]);

/** The five-character SQLSTATE of a database error (postgres.js, PGlite, the PGlite worker). */
export function sqlstateOf(error: unknown): string | null {
  if (error === null || typeof error !== "object" || !("code" in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** True when the rows caused the error: splitting the batch isolates them. */
export function isDataError(error: unknown): boolean {
  const code = sqlstateOf(error);
  return code !== null && DATA_ERROR_CLASSES.has(code.slice(0, 2));
}
