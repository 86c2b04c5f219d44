// The one place that writes to the console. Secrets never reach it.
// deno-lint-ignore-file no-console

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Prints text as it is (start-up banner); not structured. */
  print(text: string): void;
}

export function createLogger(min: Level = "info"): Logger {
  const emit = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[min]) return;
    const line = fields ? `${msg} ${JSON.stringify(fields, errorFields)}` : msg;
    (level === "error" || level === "warn" ? console.error : console.log)(`[${level}] ${line}`);
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    print: (text) => console.log(text),
  };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  print() {},
};

function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
