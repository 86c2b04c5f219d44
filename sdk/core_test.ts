// The SDK's shared behaviour suites (sdk/test/cases.ts, wrap_cases.ts) under Deno, on the source.
import { cases } from "./test/cases.ts";
import { denoHarness } from "./test/deno_harness.ts";
import { wrapCases } from "./test/wrap_cases.ts";

for (const c of [...cases, ...wrapCases]) Deno.test(c.name, () => c.fn(denoHarness));
