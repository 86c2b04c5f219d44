// Failed sign-ins per client address over a sliding window, in KV so every instance counts them.
// An attempt takes a place before its token is checked, so a burst of parallel guesses cannot slip
// past the limit; an attempt that did not fail gives its place back.
import { kvKeys } from "../store/kv_keys.ts";

export interface LoginThrottleOptions {
  /** Failed attempts allowed per client within the window; 0 turns the throttle off. */
  maxFailures: number;
  windowMs: number;
}

/** One attempt that has not yet aged out of the window. */
interface Attempt {
  id: string;
  at: number;
}

/** An attempt let through (call `release` when it did not fail, so it stops counting), or not. */
export type Admission =
  | { allowed: true; release: () => Promise<void> }
  | { allowed: false; retryAfterS: number };

export class LoginThrottle {
  constructor(private readonly kv: Deno.Kv, private readonly options: LoginThrottleOptions) {}

  /** Counts an attempt from `client`, or says how long to wait when it has failed too often. */
  async admit(client: string, now: number): Promise<Admission> {
    const { maxFailures, windowMs } = this.options;
    if (maxFailures === 0) return { allowed: true, release: () => Promise.resolve() };
    const key = kvKeys.loginFailures(client);
    const attempt: Attempt = { id: crypto.randomUUID(), at: now };
    while (true) {
      const entry = await this.kv.get<Attempt[]>(key);
      const recent = (entry.value ?? []).filter((a) => a.at > now - windowMs);
      if (recent.length >= maxFailures) {
        const oldest = Math.min(...recent.map((a) => a.at));
        return {
          allowed: false,
          retryAfterS: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
        };
      }
      const committed = await this.kv.atomic().check(entry)
        .set(key, [...recent, attempt], { expireIn: windowMs })
        .commit();
      if (committed.ok) return { allowed: true, release: () => this.release(client, attempt.id) };
    }
  }

  private async release(client: string, id: string): Promise<void> {
    const key = kvKeys.loginFailures(client);
    while (true) {
      const entry = await this.kv.get<Attempt[]>(key);
      const rest = (entry.value ?? []).filter((a) => a.id !== id);
      if (entry.value === null || rest.length === entry.value.length) return;
      const op = this.kv.atomic().check(entry);
      const written = rest.length === 0
        ? op.delete(key)
        : op.set(key, rest, { expireIn: this.options.windowMs });
      if ((await written.commit()).ok) return;
    }
  }
}
