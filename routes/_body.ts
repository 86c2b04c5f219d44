// The JSON body of an admin call, or a 400.
import { AppError } from "../lib/errors.ts";

export async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("bad_request", "body must be a JSON object");
  }
}
