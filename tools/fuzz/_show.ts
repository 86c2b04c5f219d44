// Hostile values shown legibly in failure messages.
import fc from "fast-check";

/** Shows hostile values legibly in messages: escaped, long strings and arrays cut, depth capped. */
export function show(value: unknown, max = 300): string {
  const s = fc.stringify(prune(value, 0));
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

function prune(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    return value.length > 120 ? `${value.slice(0, 60)}…[${value.length} chars]` : value;
  }
  if (value instanceof Uint8Array) return value.length > 32 ? `[${value.length} bytes]` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth > 10) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) {
    const head = value.slice(0, 12).map((v) => prune(v, depth + 1));
    return value.length > 12 ? [...head, `…[${value.length} items]`] : head;
  }
  const entries = Object.entries(value);
  const head = entries.slice(0, 30).map(([k, v]) => [prune(k, depth), prune(v, depth + 1)]);
  if (entries.length > 30) head.push(["…", `${entries.length} keys`]);
  return Object.fromEntries(head);
}
