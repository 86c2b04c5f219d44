// Headers every response carries (nosniff, a referrer policy) and, on HTML, a strict
// Content-Security-Policy. A header the route already set wins: the widget demo page brings its
// own policy (framable, its own inline script) and its own referrer policy.
import type { MiddlewareHandler } from "hono";
import { contentSecurityPolicy } from "./content_security_policy.ts";

export interface SecurityHeadersOptions {
  /** Texts of the inline <script> elements the pages carry (components/Layout.ts). */
  inlineScripts?: readonly string[];
  /** Texts of the inline <style> elements the pages carry. */
  inlineStyles?: readonly string[];
  referrerPolicy?: string;
}

export function securityHeaders(
  {
    inlineScripts = [],
    inlineStyles = [],
    referrerPolicy = "strict-origin-when-cross-origin",
  }: SecurityHeadersOptions = {},
): MiddlewareHandler {
  const pagePolicy = contentSecurityPolicy({ scripts: inlineScripts, styles: inlineStyles });
  return async function securityHeaders(c, next) {
    await next();
    const headers = c.res.headers;
    setUnlessSet(headers, "x-content-type-options", "nosniff");
    setUnlessSet(headers, "referrer-policy", referrerPolicy);
    if (isHtml(headers.get("content-type"))) {
      setUnlessSet(headers, "content-security-policy", pagePolicy);
    }
  };
}

function setUnlessSet(headers: Headers, name: string, value: string): void {
  if (!headers.has(name)) headers.set(name, value);
}

function isHtml(contentType: string | null): boolean {
  if (contentType === null) return false;
  return contentType.split(";")[0]!.trim().toLowerCase() === "text/html";
}
