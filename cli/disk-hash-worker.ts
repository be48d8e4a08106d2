// Runs in a worker thread for a large repository: reads the committed files a sync plan needs (the owned ones
// it is given, and every file under the exclusive roots) and answers with a hash of each, while the main thread
// builds the tree on the other core. The main thread compares those hashes with the generated files' and reads
// only the files that differ. Any failure (a link, an unreadable file) ends the worker; the main thread then
// reads in its own thread, which reports the failure as usual.
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { contentHash } from "./content-hash.ts";
import { exclusiveRootFiles } from "./disk.ts";
import { inParallel } from "./in-parallel.ts";
import { createPathGuard } from "./safe-path.ts";

export interface DiskHashRequest {
  readonly root: string;
  readonly paths: readonly string[];
}

export interface DiskHashes {
  /** The sha256 of each file's bytes (base64), by repository path. */
  readonly hashes: Map<string, string>;
  /** Paths with no file. */
  readonly missing: string[];
}

if (parentPort && (workerData as DiskHashRequest | undefined)?.paths) {
  const { root, paths } = workerData as DiskHashRequest;
  const guard = await createPathGuard(root);
  const answer: DiskHashes = { hashes: new Map(), missing: [] };
  const all = [...new Set([...paths, ...(await exclusiveRootFiles(guard))])];
  await inParallel(all, async (path) => {
    const target = await guard.resolve(path);
    try {
      answer.hashes.set(path, contentHash(await readFile(target)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      answer.missing.push(path);
    }
  });
  parentPort.postMessage(answer);
}
