// The attribute names the GenAI instrumentation ecosystem writes, per event field, best first:
// OpenTelemetry GenAI semantic conventions (current, then older names), OpenLLMetry/Traceloop
// (`llm.*`, `traceloop.*`), OpenLIT, the Vercel AI SDK (`ai.*`), and OpenInference (Arize Phoenix,
// LlamaIndex, the @arizeai/openinference-* instrumentations: `llm.model_name`, `llm.token_count.*`).

/** Event field → candidate span attribute keys, in order of preference. */
export const KEYS = {
  responseModel: [
    "gen_ai.response.model",
    "ai.response.model",
    "llm.response.model",
    "llm.response.model_name",
    // OpenInference sets it to the requested model, then to the one that answered.
    "llm.model_name",
  ],
  requestModel: [
    "gen_ai.request.model",
    "ai.model.id",
    "llm.request.model",
    "llm.request.model_name",
    "embedding.model_name",
    "reranker.model_name",
  ],
  // OpenInference's llm.provider is who serves the model (azure, aws, google), llm.system whose
  // model it is (openai, anthropic): the first is the semconv provider's meaning.
  provider: [
    "gen_ai.provider.name",
    "gen_ai.system",
    "ai.model.provider",
    "llm.provider",
    "llm.system",
    "llm.vendor",
  ],
  operation: ["gen_ai.operation.name", "llm.request.type"],
  /** OpenInference's span kind: LLM, EMBEDDING, CHAIN, AGENT, TOOL … */
  spanKind: ["openinference.span.kind"],
  inputTokens: [
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens",
    "llm.usage.prompt_tokens",
    "ai.usage.inputTokens",
    "ai.usage.promptTokens",
    "llm.token_count.prompt",
  ],
  outputTokens: [
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.usage.completion_tokens",
    "ai.usage.outputTokens",
    "ai.usage.completionTokens",
    "llm.token_count.completion",
  ],
  totalTokens: [
    "gen_ai.usage.total_tokens",
    "llm.usage.total_tokens",
    "ai.usage.totalTokens",
    "llm.token_count.total",
  ],
  cachedInputTokens: [
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
    "gen_ai.usage.cached_tokens",
    "llm.usage.cache_read_input_tokens",
    "ai.usage.cachedInputTokens",
    "ai.usage.inputTokenDetails.cacheReadTokens",
    "llm.token_count.prompt_details.cache_read",
  ],
  reasoningTokens: [
    "gen_ai.usage.reasoning.output_tokens",
    "gen_ai.usage.reasoning_tokens",
    "llm.usage.reasoning_tokens",
    "ai.usage.reasoningTokens",
    "ai.usage.outputTokenDetails.reasoningTokens",
    "llm.token_count.completion_details.reasoning",
  ],
  /** Time to first token in seconds. */
  ttftSeconds: [
    "gen_ai.response.time_to_first_chunk",
    "gen_ai.client.operation.time_to_first_chunk",
    "gen_ai.server.time_to_first_token",
    "gen_ai.server.ttft",
  ],
  /** Time to first token in milliseconds. */
  ttftMs: ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"],
  costUsd: ["gen_ai.usage.cost", "llm.cost.total"],
  /** Parts of the cost, summed when no total is given (OpenInference). */
  costPartsUsd: ["llm.cost.prompt", "llm.cost.completion"],
  statusCode: ["http.response.status_code", "http.status_code"],
  errorType: ["error.type", "exception.type"],
  errorMessage: ["error.message", "exception.message"],
  endpoint: [
    "gen_ai.agent.name",
    "ai.telemetry.functionId",
    "traceloop.workflow.name",
    "gen_ai.workflow.name",
    "agent.name",
  ],
  userId: [
    "user.id",
    "enduser.id",
    "ai.telemetry.metadata.userId",
    "ai.telemetry.metadata.user_id",
    "ai.settings.context.userId",
    "ai.settings.context.user_id",
    "traceloop.association.properties.user_id",
    "traceloop.association.properties.userId",
    "gen_ai.request.user",
    "llm.user",
  ],
  sessionId: [
    "session.id",
    "gen_ai.conversation.id",
    "ai.telemetry.metadata.sessionId",
    "ai.telemetry.metadata.session_id",
    "ai.settings.context.sessionId",
    "ai.settings.context.session_id",
    "traceloop.association.properties.session_id",
    "traceloop.association.properties.sessionId",
  ],
  application: ["service.name", "gen_ai.application_name"],
} as const satisfies Record<string, readonly string[]>;

/** Vercel AI SDK operations that are one model call; the others (ai.generateText …) wrap them. */
export const AI_SDK_MODEL_CALL = /\.do(Generate|Stream|Embed)$/;

/** gen_ai.operation.name / llm.request.type values that are one model call. */
export const MODEL_CALL_OPERATIONS: ReadonlySet<string> = new Set([
  "chat",
  "text_completion",
  "generate_content",
  "embeddings",
  "completion",
  "embedding",
  "rerank",
]);

/** OpenInference span kinds that are one model call → the operation they stand for; the other
 * kinds (CHAIN, AGENT, TOOL, RETRIEVER, GUARDRAIL, EVALUATOR, PROMPT) surround model calls. */
export const OPENINFERENCE_MODEL_CALLS: Readonly<Record<string, string>> = {
  LLM: "chat",
  EMBEDDING: "embeddings",
  RERANKER: "rerank",
};

/** Operations around model calls (their model calls have spans of their own). */
export const NOT_MODEL_CALL_OPERATIONS: ReadonlySet<string> = new Set([
  "invoke_agent",
  "create_agent",
  "execute_tool",
  "agent_step",
  "invoke_workflow",
  "retrieval",
  "workflow",
  "task",
  "agent",
  "tool",
]);

/** Custom tags: the prefix is dropped and the rest kept in metadata first. */
export const TAG_PREFIXES = [
  "ai.telemetry.metadata.",
  "ai.settings.context.",
  "traceloop.association.properties.",
  "metadata.", // OpenInference's metadata JSON, spread by metadata.ts withMetadataTags()
] as const;

/** Prompts, completions, tool payloads: stored only as input/output, never as metadata. */
export const CONTENT_KEYS: readonly RegExp[] = [
  /^gen_ai\.(prompt|completion)(\.|$)/,
  /^gen_ai\.(input|output)\.messages$/,
  /^gen_ai\.system_instructions$/,
  /^gen_ai\.tool\.(call\.arguments|call\.result|definitions)$/,
  /^gen_ai\.retrieval\./,
  /^llm\.(prompts|completions|request\.functions)\./,
  /^llm\.(input_messages|output_messages|tools|prompt_template)\./,
  /^(embedding\.embeddings|retrieval\.documents|reranker\.(input|output)_documents)\./,
  /^reranker\.query$/,
  /^ai\.(prompt|values?|schema|request\.text)(\.|$)/,
  /^ai\.response\.(text|object|toolCalls|reasoning|files|providerMetadata)$/,
  /^ai\.toolCall\.(args|result)$/,
  /^traceloop\.entity\.(input|output)$/,
  /^(input|output)\.value$/,
];

/** Never copied into metadata: secrets-prone or noisy. */
export const DENIED_KEYS: readonly RegExp[] = [
  /header/i,
  /api[._-]?key|secret|password|authorization|credential|cookie/i,
  /^process\.(command|executable|environment)/,
];

/** Semantic-convention provider names → the monitor's provider names (lower case otherwise). */
export const PROVIDERS: Readonly<Record<string, string>> = {
  "aws.bedrock": "bedrock",
  "amazon-bedrock": "bedrock",
  aws: "bedrock",
  "azure.ai.openai": "azure",
  "azure.ai.inference": "azure",
  "az.ai.openai": "azure",
  "az.ai.inference": "azure",
  "azure-openai": "azure",
  "gcp.gemini": "google",
  "gcp.vertex_ai": "google",
  "gcp.gen_ai": "google",
  "google.generative-ai": "google",
  "google.vertex": "google",
  "google-vertex": "google",
  vertexai: "google",
  vertex_ai: "google",
  gemini: "google",
  amazon: "bedrock",
  mistral_ai: "mistral",
  mistralai: "mistral",
  x_ai: "xai",
  "ibm.watsonx.ai": "ibm",
  watsonx: "ibm",
};

/** Span events that mark the first streamed token. */
export const FIRST_CHUNK_EVENTS: ReadonlySet<string> = new Set([
  "ai.stream.firstChunk",
  "llm.content.completion.chunk",
]);

/** Span events whose attributes carry prompts and completions (OpenLIT, semconv details). */
export const CONTENT_EVENTS: ReadonlySet<string> = new Set([
  "gen_ai.content.prompt",
  "gen_ai.content.completion",
  "gen_ai.client.inference.operation.details",
]);
