// Entry point bundled for the Node run: the shared behaviour suites, without the SDK itself
// (node_suite.mjs hands them the built bundle).
export { cases } from "./cases.ts";
export { wrapCases } from "./wrap_cases.ts";
