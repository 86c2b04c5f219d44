// Failed sign-ins per client address over a sliding window, counted for every instance
// (lib/store/login_failures.ts). An attempt takes a place before its token is checked, so a burst
// of parallel guesses cannot slip past the limit; an attempt that did not fail gives its place back.
import type { LoginAttempt, LoginFailureStore } from "../store/login_failures.ts";

export interface LoginThrottleOptions {
  /** Failed attempts allowed per client within the window; 0 turns the throttle off. */
  maxFailures: number;
  windowMs: number;
}

/** An attempt let through (call `release` when it did not fail, so it stops counting), or not. */
export type Admission =
  | { allowed: true; release: () => Promise<void> }
  | { allowed: false; retryAfterS: number };

export class LoginThrottle {
  constructor(
    private readonly failures: LoginFailureStore,
    private readonly options: LoginThrottleOptions,
  ) {}

  /** Counts an attempt from `client`, or says how long to wait when it has failed too often. */
  admit(client: string, now: number): Promise<Admission> {
    const { maxFailures, windowMs } = this.options;
    if (maxFailures === 0) {
      return Promise.resolve({ allowed: true, release: () => Promise.resolve() });
    }
    const attempt: LoginAttempt = { id: crypto.randomUUID(), at: now };
    return this.failures.update<Admission>(client, windowMs, (stored) => {
      const recent = (stored ?? []).filter((a) => a.at > now - windowMs);
      if (recent.length >= maxFailures) {
        const oldest = Math.min(...recent.map((a) => a.at));
        return {
          result: {
            allowed: false,
            retryAfterS: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
          },
        };
      }
      return {
        result: { allowed: true, release: () => this.release(client, attempt.id) },
        attempts: [...recent, attempt],
      };
    });
  }

  private release(client: string, id: string): Promise<void> {
    return this.failures.update<void>(client, this.options.windowMs, (stored) => {
      const rest = (stored ?? []).filter((a) => a.id !== id);
      if (stored === null || rest.length === stored.length) return { result: undefined };
      return { result: undefined, attempts: rest };
    });
  }
}
