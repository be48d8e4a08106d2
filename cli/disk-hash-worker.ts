// Runs in a worker thread for a large repository: reads the committed files a sync plan needs (the owned ones
// it is given, and every file under the exclusive roots) and answers with a hash of each, while the main thread
// builds the tree on the other core. The main thread compares those hashes with the generated files' and reads
// only the files that differ. Any failure (a link, an unreadable file) ends the worker; the main thread then
// reads in its own thread, which reports the failure as usual.
//
// The thread has nothing else to do, so it reads synchronously: for thousands of small files that is several
// times faster than the promise API, whose every call is a round trip through libuv's pool. The guard's rules
// hold as on the main thread (cli/safe-path.ts): no folder on the way is a link (one lstat per folder), and the
// file itself is opened with O_NOFOLLOW, so a link there fails the open instead of being followed (on Windows,
// which has no such flag, the file is checked first).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { EXCLUSIVE_ROOTS, isSafeRelativePath, STAGED_FILE } from "../core/output-roots.ts";
import { contentHash } from "./content-hash.ts";
import { listTree } from "./list-tree.ts";

export interface DiskHashRequest {
  readonly root: string;
  readonly paths: readonly string[];
}

export interface DiskHashes {
  /** The sha256 of each file's bytes (base64), by repository path. */
  readonly hashes: Map<string, string>;
  /** Paths with no file. */
  readonly missing: string[];
  /** The other entries the listing of the exclusive roots holds (folders): a generated path there is read. */
  readonly others: string[];
  /** The staged files there (`*.fawkes-<pid>.tmp`), which an interrupted generate left. */
  readonly staged: string[];
}

const absent = (error: unknown) => ["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "");

/**
 * Every file under the exclusive roots, staged files aside (in `staged`); a link there is a failure. The folders listed are
 * real folders (the listing does not follow links), recorded in `kinds`.
 */
function exclusiveRootFiles(
  root: string,
  kinds: Map<string, boolean>,
  { others, staged }: Pick<DiskHashes, "others" | "staged">,
): string[] {
  const found: string[] = [];
  for (const dir of EXCLUSIVE_ROOTS) {
    const folder = join(root, dir.slice(0, -1));
    let entries;
    try {
      if (lstatSync(folder).isSymbolicLink()) throw new Error(`${dir} is a link`);
      entries = listTree(folder, dir.slice(0, -1));
    } catch (error) {
      if (absent(error)) continue;
      throw error;
    }
    kinds.set(dir.slice(0, -1), true);
    for (const { path, kind } of entries) {
      if (kind === "link") throw new Error(`${path} is a link`);
      if (kind === "folder") kinds.set(path, true);
      if (kind === "file") (STAGED_FILE.test(path) ? staged : found).push(path);
      else others.push(path);
    }
  }
  return found;
}

/** Whether every folder on the way to `path` is a real folder (not a link); false when one is missing. */
function foldersPresent(root: string, path: string, kinds: Map<string, boolean>): boolean {
  const segments = path.split("/");
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i).join("/");
    let present = kinds.get(prefix);
    if (present === undefined) {
      try {
        const stats = lstatSync(join(root, prefix));
        if (stats.isSymbolicLink()) throw new Error(`${prefix} is a link`);
        present = true;
      } catch (error) {
        if (!absent(error)) throw error;
        present = false;
      }
      kinds.set(prefix, present);
    }
    if (!present) return false;
  }
  return true;
}

/** The file's bytes, read without following a link; undefined when there is no file. */
function readNoFollow(target: string, buffer: { bytes: Buffer }): Buffer | undefined {
  let fd;
  try {
    // Windows has no O_NOFOLLOW: there the file itself is checked first.
    if (constants.O_NOFOLLOW === undefined && lstatSync(target).isSymbolicLink())
      throw new Error(`${target} is a link`);
    fd = openSync(target, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if (absent(error)) return undefined;
    throw error;
  }
  try {
    const { size } = fstatSync(fd);
    if (size + 1 > buffer.bytes.length) buffer.bytes = Buffer.allocUnsafe(Math.max(size + 1, 2 * buffer.bytes.length));
    let length = 0;
    for (let read; (read = readSync(fd, buffer.bytes, length, buffer.bytes.length - length, null)) > 0;) {
      length += read;
      if (length === buffer.bytes.length) buffer.bytes = Buffer.concat([buffer.bytes, Buffer.allocUnsafe(length)]);
    }
    return buffer.bytes.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

export function hashFiles({ root: given, paths }: DiskHashRequest): DiskHashes {
  const root = realpathSync(given);
  const answer: DiskHashes = { hashes: new Map(), missing: [], others: [], staged: [] };
  const kinds = new Map<string, boolean>();
  const buffer = { bytes: Buffer.allocUnsafe(1 << 20) };
  for (const path of new Set([...paths, ...exclusiveRootFiles(root, kinds, answer)])) {
    if (!isSafeRelativePath(path)) throw new Error(`${path} is not inside the repository`);
    const bytes = foldersPresent(root, path, kinds) ? readNoFollow(join(root, path), buffer) : undefined;
    if (bytes === undefined) answer.missing.push(path);
    else answer.hashes.set(path, contentHash(bytes));
  }
  return answer;
}

if (parentPort && (workerData as DiskHashRequest | undefined)?.paths)
  parentPort.postMessage(hashFiles(workerData as DiskHashRequest));
