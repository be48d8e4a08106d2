// The committed files' hashes, read in a worker thread (cli/disk-hash-worker.ts) for a large repository, and that
// read started as soon as the command line is read: before the command's modules load (0.3-0.5 s without a turn
// of the event loop), as the config's load is (cli/load-sources-ahead.ts). A generate of 1,000 services whose
// inputs are the last one's waits for nothing else: it started the read 0.5 s into the run.
//
// A read started ahead is taken only for the same repository and the same paths, and only if no other run can
// have changed the files meanwhile: none held the repository's lock when it started, and none took it since, as
// the count of the lock's takings shows (cli/lock.ts; a generate counts its own). Otherwise it is dropped and the
// disk is read again.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { readOwnership, type Ownership } from "../core/manifest.ts";
import { LEGACY_MANIFEST_PATH, LOCK_PATH, MANIFEST_PATH } from "../core/output-roots.ts";
import type { DiskHashes, DiskHashRequest } from "./disk-hash-worker.ts";
import { holdsLock, lockCount } from "./lock.ts";
import { workerBeside } from "./worker-url.ts";

/**
 * Above this many owned files, the early read runs in a worker thread (cli/disk-hash-worker.ts) that answers
 * with hashes: reading and decoding tens of thousands of files then costs the main thread nothing while it
 * builds the tree, and the committed output is never held in memory beside the generated one. Below it, a
 * thread's start-up costs more than the read.
 */
export const DISK_THREAD_ABOVE = 2000;

/** Whether the early read after a run that owned `previous` hashes in a thread (`DISK_THREAD_ABOVE`). */
export function readsInThread(previous: Ownership | undefined): boolean {
  return (previous?.paths.size ?? 0) > DISK_THREAD_ABOVE;
}

/** The paths the early read starts from: what the last run owned, and the list of owned files. */
export function earlyPaths(previous: Ownership | undefined): string[] {
  return [...new Set<string>([...(previous?.paths ?? []), MANIFEST_PATH, LEGACY_MANIFEST_PATH])];
}

/** Every read in a thread not yet ended: a command that ends before it needs one's answer stops it. */
const running = new Set<Worker>();

interface Read {
  readonly worker: Worker;
  /** The hashes of `paths` and of the exclusive roots' files; undefined when the thread failed or was stopped. */
  readonly answer: Promise<DiskHashes | undefined>;
}

function hashInThread(request: DiskHashRequest): Read {
  const worker = new Worker(workerBeside(import.meta.url, "disk-hash-worker"), { workerData: request });
  running.add(worker);
  const answer = new Promise<DiskHashes | undefined>((resolve) => {
    worker.once("message", (hashes: DiskHashes) => {
      resolve(hashes);
      void worker.terminate();
    });
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => {
      running.delete(worker);
      resolve(undefined);
    });
  });
  return { worker, answer };
}

let ahead:
  | {
      readonly root: string;
      readonly paths: readonly string[];
      /** The lock's takings when the read started. */
      readonly count: number;
      readonly read: Read;
    }
  | undefined;

const readOptional = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/**
 * Starts the read for the repository at `cwd`, if it is large enough and no run holds its lock, and returns its
 * answer; reports nothing (the command does).
 */
export function hashDiskAhead(cwd: string): Promise<DiskHashes | undefined> | undefined {
  dropDiskAhead();
  try {
    // The native call, as the path guard's (`fs/promises`' realpath).
    const root = realpathSync.native(cwd);
    const count = lockCount(root);
    if (count === undefined || existsSync(join(root, LOCK_PATH))) return undefined;
    const previous = readOwnership(
      readOptional(join(root, MANIFEST_PATH)),
      readOptional(join(root, LEGACY_MANIFEST_PATH)),
    );
    if (!readsInThread(previous)) return undefined;
    const paths = earlyPaths(previous);
    ahead = { root, paths, count, read: hashInThread({ root, paths }) };
    return ahead.read.answer;
  } catch {
    // No repository, an unreadable list: the command reads it again and says what is wrong.
    return undefined;
  }
}

/** Drops the read started ahead, unless a command took it already (the files may have moved since it started). */
export function dropDiskAhead(): void {
  if (ahead) void ahead.read.worker.terminate();
  ahead = undefined;
}

/** Ends every read still running: a command's end, when nothing waits for them any more. */
export function stopDiskReads(): void {
  ahead = undefined;
  for (const worker of running) void worker.terminate();
  running.clear();
}

/** The hashes for `root` and `paths`: the read started ahead when it is theirs, else a read started now. */
export async function hashDisk(root: string, paths: readonly string[]): Promise<DiskHashes | undefined> {
  const taken = ahead;
  ahead = undefined;
  const theirs =
    taken !== undefined &&
    taken.root === root &&
    taken.paths.length === paths.length &&
    taken.paths.every((path, i) => path === paths[i]) &&
    lockCount(root) === taken.count + (holdsLock(root) ? 1 : 0);
  if (!theirs && taken) void taken.read.worker.terminate();
  const answer = theirs ? await taken.read.answer : undefined;
  return answer ?? hashInThread({ root, paths }).answer;
}
