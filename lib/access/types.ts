// Who may do what, as data: projects, API keys and widget tokens as they are shown (never their
// hashes), and the Reader a request reads as. The stores keep these records; the domain owns them.
import type { Filters } from "../shared/windows.ts";

export interface Project {
  id: string;
  name: string;
  time_zone: string;
  created_at: string;
}

export type KeyKind = "ingest" | "read";

/** An API key without its hash. */
export interface PublicKey {
  id: string;
  project_id: string;
  kind: KeyKind;
  name: string;
  /** The first characters, to tell keys apart in lists. */
  prefix: string;
  created_at: string;
}

/** A widget token without its hash: what it may read, from where, until when. */
export interface PublicWidgetToken {
  id: string;
  project_id: string;
  name: string;
  /** Metric and table names the token may read; null: every one. */
  metrics: string[] | null;
  /** Always applied to the token's reads; a request may only narrow them. */
  filters: Filters;
  /** Origins (besides ALLOWED_ORIGINS) whose pages may use the token. */
  origins: string[];
  /** The first characters, to tell tokens apart in lists. */
  prefix: string;
  created_at: string;
  expires_at: string | null;
}

/**
 * Who is reading: the admin (every project), a read key (its project only), or a widget token
 * (its project, and only the metrics, filters and origins it was made for).
 */
export type Reader =
  | { kind: "admin" }
  | { kind: "read"; project_id: string; key_id: string }
  | { kind: "widget"; project_id: string; token: PublicWidgetToken };
