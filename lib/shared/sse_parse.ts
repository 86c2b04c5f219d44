// Server-Sent Events parsed from text as EventSource parses them: messages by event name (default
// "message"), multi-line data joined with "\n", comment lines reported apart. Browser-safe, so
// test clients and benchmark clients (which cannot send an Authorization header with EventSource)
// read a stream the same way.

export interface SseMessage {
  event: string;
  data: string;
}

export interface SseHandlers {
  /** Each message that carried data, in order. */
  onMessage(message: SseMessage): void;
  /** Each comment line (": …"), such as a heartbeat. */
  onComment?(): void;
}

/** Parses a stream fed in decoded text chunks; a message is handed over once its block ends. */
export class SseParser {
  #buffer = "";

  constructor(private readonly handlers: SseHandlers) {}

  /** Adds the next chunk of text and hands over every message it completes. */
  push(text: string): void {
    this.#buffer += text;
    let end: number;
    while ((end = this.#buffer.indexOf("\n\n")) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) this.handlers.onComment?.();
        else if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) this.handlers.onMessage({ event, data: data.join("\n") });
    }
  }
}
