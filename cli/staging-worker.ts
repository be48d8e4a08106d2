// The staging thread (cli/staging-thread.ts): writes the staged files the main thread composes, on the other
// core, in the order it is given them. After each file it writes, it advances the shared count of files staged;
// at the first one it cannot stage (a link on the way, a full disk) it stops staging for good, and the main
// thread keeps that file and every later one in memory, as the write then reports. Asked to settle, it answers
// with the folders it created and the hash of each file it staged, once every file given before is done.
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { stagedName } from "../core/output-roots.ts";
import { contentHash } from "./content-hash.ts";
import { stagingFolders, writeExclusive } from "./staged-write.ts";

export interface StagingThreadData {
  readonly root: string;
  /** The main process's id, in the staged names. */
  readonly pid: number;
  /**
   * Int32Array over it: [STAGED] the last file staged (−1 before any), [STOPPED] 1 once staging stopped,
   * [CHANGES] counts every change of the other two, for the main thread to wait on.
   */
  readonly state: SharedArrayBuffer;
}

export const STAGED = 0;
export const STOPPED = 1;
export const CHANGES = 2;

/** Files to stage: file `first + i` is `paths[i]`, its bytes `bytes[ends[i - 1] ?? 0, ends[i])`. */
export interface StagingBatch {
  readonly first: number;
  readonly paths: readonly string[];
  readonly ends: readonly number[];
  readonly bytes: Uint8Array;
}

export type StagingMessage = StagingBatch | { readonly settle: true };

export interface SettledAnswer {
  readonly created: readonly string[];
  /** The hash of each file staged, in order (`contentHash`, of the bytes written). */
  readonly hashes: readonly string[];
}

if (parentPort && (workerData as StagingThreadData | undefined)?.state) {
  const port = parentPort;
  const { root, pid, state: shared } = workerData as StagingThreadData;
  const state = new Int32Array(shared);
  const folders = stagingFolders(root);
  const hashes: string[] = [];
  const stage = (path: string, bytes: Uint8Array): boolean => {
    try {
      return folders.parentsOk(path) && writeExclusive(stagedName(join(root, path), pid), bytes);
    } catch {
      // Neither throws for a file it cannot stage; anything else stops staging as well.
      return false;
    }
  };
  port.on("message", (message: StagingMessage) => {
    if ("settle" in message) return port.postMessage({ created: folders.created, hashes } satisfies SettledAnswer);
    const { first, paths, ends, bytes } = message;
    for (let i = 0; i < paths.length && Atomics.load(state, STOPPED) === 0; i++) {
      const file = bytes.subarray(ends[i - 1] ?? 0, ends[i]);
      if (stage(paths[i]!, file)) {
        // Here, on this core, rather than on the one composing.
        hashes.push(contentHash(file));
        Atomics.store(state, STAGED, first + i);
      } else Atomics.store(state, STOPPED, 1);
      Atomics.add(state, CHANGES, 1);
      Atomics.notify(state, CHANGES);
    }
    // The batch's memory goes now: this thread's heap barely grows, so a collection that would free it may not
    // come for hundreds of batches.
    (bytes.buffer as ArrayBuffer).transfer(0);
  });
}
