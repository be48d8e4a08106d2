// The caches under node_modules/.cache/fawkes (Markdown pages, what parsing the config found, parsed CEL, the
// last generate) write each entry whole or not at all: staged beside it, then renamed over it, so that a run
// stopped half-way leaves no torn entry. A cache that cannot be written (a read-only checkout, no node_modules)
// only costs the next run time.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export async function writeCacheFile(file: string, text: string | Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const staged = `${file}.${process.pid}.tmp`;
    await writeFile(staged, text);
    await rename(staged, file);
  } catch {
    // Not kept: the next run finds it again.
  }
}
