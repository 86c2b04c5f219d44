// OTLP attributes as plain values, and typed look-ups over several candidate keys.
import { base64Encode } from "@bufbuild/protobuf/wire";
import type { AnyValue, KeyValue } from "./gen/opentelemetry/proto/common/v1/common_pb.ts";

export type AttrValue =
  | string
  | number
  | boolean
  | null
  | AttrValue[]
  | { [key: string]: AttrValue };

export type Attrs = ReadonlyMap<string, AttrValue>;

/** A KeyValue list as a map; a key given twice keeps its first value, as the spec asks. */
export function toAttrs(list: readonly KeyValue[]): Attrs {
  const out = new Map<string, AttrValue>();
  for (const kv of list) if (!out.has(kv.key)) out.set(kv.key, plain(kv.value));
  return out;
}

function plain(value: AnyValue | undefined): AttrValue {
  const v = value?.value;
  switch (v?.case) {
    case "stringValue":
    case "boolValue":
    case "doubleValue":
      return v.value;
    case "intValue":
      return Number.isSafeInteger(Number(v.value)) ? Number(v.value) : String(v.value);
    case "bytesValue":
      return base64Encode(v.value);
    case "arrayValue":
      return v.value.values.map(plain);
    case "kvlistValue":
      return Object.fromEntries(v.value.values.map((kv) => [kv.key, plain(kv.value)]));
    default:
      return null;
  }
}

/** The first non-empty string among the keys (numbers are written as strings). */
export function stringOf(attrs: Attrs, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = attrs.get(key);
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    if (typeof v === "number") return String(v);
  }
  return undefined;
}

/** The first finite number among the keys (numeric strings count). */
export function numberOf(attrs: Attrs, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const v = attrs.get(key);
    const n = typeof v === "number"
      ? v
      : typeof v === "string" && v.trim() !== ""
      ? Number(v)
      : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/** A token count: a finite number ≥ 0, rounded; anything else is treated as absent. */
export function countOf(attrs: Attrs, keys: readonly string[]): number | undefined {
  const n = numberOf(attrs, keys);
  return n !== undefined && n >= 0 ? Math.round(n) : undefined;
}

/** Looks keys up in the first map that has them: the span's own, then its ancestors'. */
export function inherited(chain: readonly Attrs[], keys: readonly string[]): string | undefined {
  for (const attrs of chain) {
    const found = stringOf(attrs, keys);
    if (found !== undefined) return found;
  }
  return undefined;
}
