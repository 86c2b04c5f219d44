// Loads a PGlite dataset off the main thread (PGlite runs on its caller's thread), so PostgreSQL
// can load its copy at the same time; the main thread reopens the directory to time queries.
/// <reference lib="deno.worker" />
import { openPgliteDb } from "./_query_engines.ts";
import { type DatasetInfo, loadDataset, type LoadOptions } from "./_query_load.ts";

export interface LoadRequest extends LoadOptions {
  dir: string;
}

export type LoadMessage =
  | { type: "progress"; line: string; force: boolean }
  | { type: "done"; dataset: DatasetInfo }
  | { type: "error"; message: string };

self.onmessage = async (message: MessageEvent<LoadRequest>) => {
  const { dir, ...options } = message.data;
  try {
    let dataset: DatasetInfo;
    {
      // Closed before "done", so the main thread can open the directory.
      await using db = await openPgliteDb(dir, { remove: false });
      dataset = await loadDataset(db, {
        ...options,
        progress: (line, force = false) =>
          self.postMessage({ type: "progress", line, force } satisfies LoadMessage),
      });
    }
    self.postMessage({ type: "done", dataset } satisfies LoadMessage);
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    self.postMessage({ type: "error", message: text } satisfies LoadMessage);
  }
};
