// llm-monitor SDK: record every LLM call with one line, in any JavaScript runtime.
// Fetch-only, no dependencies; see sdk/README.md.
export { createMonitor } from "./monitor.ts";
export type { Monitor, ObserveFields, WrapOpenAIOptions } from "./monitor.ts";
export { type CallFields, LlmCall } from "./call.ts";
export type { FetchWrapOptions } from "./wrap/fetch.ts";
export { MonitorError } from "./types.ts";
export type {
  CallStatus,
  EventContext,
  FetchLike,
  LlmEvent,
  Metadata,
  MonitorErrorKind,
  MonitorOptions,
  MonitorStats,
} from "./types.ts";
