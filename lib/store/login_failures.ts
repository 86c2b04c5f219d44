// Sign-in attempts per client address, in KV so every instance counts them. Each change is a
// compare-and-set of the client's whole list, retried when another instance wrote in between.
import { kvKeys } from "./kv_keys.ts";

/** One attempt that has not yet aged out of the window. */
export interface LoginAttempt {
  id: string;
  at: number;
}

/** What a change decided: its result, and the list to store (absent: leave it; empty: delete). */
export interface AttemptsChange<T> {
  result: T;
  attempts?: LoginAttempt[];
}

export class LoginFailureStore {
  constructor(private readonly kv: Deno.Kv) {}

  /**
   * Reads the attempts of `client` (null when none are stored), lets `change` decide, and writes
   * what it returned atomically, expiring after `expireInMs`; runs `change` again on a conflict.
   */
  async update<T>(
    client: string,
    expireInMs: number,
    change: (attempts: LoginAttempt[] | null) => AttemptsChange<T>,
  ): Promise<T> {
    const key = kvKeys.loginFailures(client);
    while (true) {
      const entry = await this.kv.get<LoginAttempt[]>(key);
      const { result, attempts } = change(entry.value);
      if (attempts === undefined) return result;
      const op = this.kv.atomic().check(entry);
      const written = attempts.length === 0
        ? op.delete(key)
        : op.set(key, attempts, { expireIn: expireInMs });
      if ((await written.commit()).ok) return result;
    }
  }
}
