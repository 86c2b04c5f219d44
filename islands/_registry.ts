// Every island by the name the server renders it under (components/Island.ts).
import type { ComponentType } from "preact";

// deno-lint-ignore no-explicit-any
export const ISLANDS: Record<string, ComponentType<any>> = {};
