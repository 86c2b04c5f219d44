// The error vocabulary and its one mapping to HTTP status.

export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ErrorKind, 400 | 401 | 403 | 404 | 413 | 415 | 429 | 503> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

/** An error the client can act on; `details` goes into the JSON body, `retryAfterS` into a header. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly options: { retryAfterS?: number; details?: Record<string, unknown>; cause?: unknown } =
      {},
  ) {
    super(message, { cause: options.cause });
  }
  get status(): number {
    return STATUS[this.kind];
  }
}

/** The HTTP response for any thrown value: AppError as said, anything else a 500. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers = new Headers({ "content-type": "application/json" });
    if (error.options.retryAfterS !== undefined) {
      headers.set("retry-after", String(error.options.retryAfterS));
    }
    const body = { error: error.message, ...error.options.details };
    return new Response(JSON.stringify(body), { status: error.status, headers });
  }
  return Response.json({ error: "internal error; the server log has details" }, { status: 500 });
}
