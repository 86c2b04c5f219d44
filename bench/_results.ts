// Writes a benchmark's figures to bench/results/NAME.json (git-ignored) with the machine facts
// every result needs; returns the file's path.

export async function writeResults(name: string, body: Record<string, unknown>): Promise<string> {
  const dir = new URL("./results/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  const doc = {
    generated_at: new Date().toISOString(),
    deno: Deno.version.deno,
    cores: navigator.hardwareConcurrency,
    ...body,
  };
  await Deno.writeTextFile(file, JSON.stringify(doc, null, 2) + "\n");
  return file.pathname;
}
