// The Content-Security-Policy of an HTML page, with the sha256 hash of each inline script and
// style it carries, hashed from the very text the page renders (so no hash is ever copied by hand
// and an edited script cannot drift from its hash). Scripts run only from this origin or by hash:
// an injected <script> is refused.
import { createHash } from "node:crypto";

export interface PolicyOptions {
  /** Texts of the page's inline <script> elements. */
  scripts?: readonly string[];
  /** Texts of the page's inline <style> elements. */
  styles?: readonly string[];
  /** Who may frame the page: "'none'" for the dashboard; null leaves framing unrestricted. */
  frameAncestors?: string | null;
}

/** `'sha256-…'`, the CSP source expression for an inline script or style with this text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

export function contentSecurityPolicy(
  { scripts = [], styles = [], frameAncestors = "'none'" }: PolicyOptions = {},
): string {
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'", ...scripts.map(hashSource)],
    ["style-src", "'self'", ...styles.map(hashSource)],
    // Server-rendered style="width: 42%" attributes on bars and swatches (islands/*): attributes
    // only, so an injected <style> element is still refused.
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
  ];
  if (frameAncestors !== null) directives.push(["frame-ancestors", frameAncestors]);
  return directives.map((d) => d.join(" ")).join("; ");
}
