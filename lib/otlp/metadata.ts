// Span and resource attributes that no event field took, as event metadata: flat, within the
// 4 KiB the event schema allows. What does not fit is dropped; the span is never rejected for it.
import type { Attrs, AttrValue } from "./attributes.ts";
import { CONTENT_KEYS, DENIED_KEYS, TAG_PREFIXES } from "./conventions.ts";

export const METADATA_MAX_BYTES = 4_096;
const VALUE_MAX_CHARS = 256;

type Flat = string | number | boolean;

/**
 * Builds metadata from entries in priority order: keys carrying content or secrets are skipped,
 * custom-tag prefixes dropped, the first value of a key wins, what would pass 4 KiB is left out.
 */
export function metadataOf(
  entries: Iterable<readonly [string, AttrValue]>,
): Record<string, Flat> | undefined {
  const out: Record<string, Flat> = {};
  const encoder = new TextEncoder();
  let bytes = 2; // "{}"
  for (const [rawKey, value] of entries) {
    if (value === null) continue;
    if (CONTENT_KEYS.some((p) => p.test(rawKey)) || DENIED_KEYS.some((p) => p.test(rawKey))) {
      continue;
    }
    const key = withoutTagPrefix(rawKey);
    if (key in out) continue;
    const flat = flatten(value);
    const cost = encoder.encode(JSON.stringify(key)).length + 1 +
      encoder.encode(JSON.stringify(flat)).length + (bytes > 2 ? 1 : 0);
    if (bytes + cost > METADATA_MAX_BYTES) continue;
    out[key] = flat;
    bytes += cost;
  }
  return bytes > 2 ? out : undefined;
}

function withoutTagPrefix(key: string): string {
  const prefix = TAG_PREFIXES.find((p) => key.startsWith(p) && key.length > p.length);
  return prefix ? key.slice(prefix.length) : key;
}

function flatten(value: Exclude<AttrValue, null>): Flat {
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > VALUE_MAX_CHARS ? `${text.slice(0, VALUE_MAX_CHARS - 1)}…` : text;
}

/** Custom tags first (they are what users filter by), then the rest in the given order. */
export function tagsFirst(
  entries: Array<readonly [string, AttrValue]>,
): Array<readonly [string, AttrValue]> {
  return [...entries.filter(([k]) => isTag(k)), ...entries.filter(([k]) => !isTag(k))];
}

export function isTag(key: string): boolean {
  return TAG_PREFIXES.some((p) => key.startsWith(p));
}

/** OpenInference's `metadata` attribute (a JSON object in a string) as `metadata.<key>` tags. */
export function withMetadataTags(attrs: Attrs): Attrs {
  const raw = attrs.get("metadata");
  if (typeof raw !== "string" || !raw.trimStart().startsWith("{")) return attrs;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return attrs;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return attrs;
  const out = new Map(attrs);
  out.delete("metadata");
  for (const [key, value] of Object.entries(parsed as Record<string, AttrValue>)) {
    if (!out.has(`metadata.${key}`)) out.set(`metadata.${key}`, value);
  }
  return out;
}
