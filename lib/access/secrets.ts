// Secrets: generated with the platform CSPRNG, stored as SHA-256, compared in constant time.
import { timingSafeEqual } from "node:crypto";

export const SECRET_PREFIX = {
  ingest: "lmi_",
  read: "lmr_",
  widget: "wt_",
  admin: "lma_",
} as const;

/** A new secret: prefix + 32 random bytes as base64url (256 bits). */
export function generateSecret(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return prefix + btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A short random id for records (not a secret). */
export function generateId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 of the secret, hex. Secrets are high-entropy, so a plain hash is enough. */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Constant-time comparison of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
