// Writing the tree so that an interruption (kill -9, a full disk, a power cut) never leaves a repository that
// cannot be brought back in sync:
//   1. stage every new file beside its target (`<path>.fawkes-<pid>.tmp`); a failure removes them all and
//      nothing has changed;
//   2. write the journal (`.fawkes/journal.json`): the point of no return;
//   3. rename the staged files into place, delete the stale ones, rename the manifest LAST, drop the journal.
// The manifest keeps owning a stale file until it is really gone. The next generate finds a journal and
// completes step 3, or finds staged files without one and removes them.
import { mkdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RenderedFile } from "../core/file-tree.ts";
import {
  JOURNAL_PATH,
  LEGACY_MANIFEST_PATH,
  MANIFEST_PATH,
  isInsideRoots,
  isSafeRelativePath,
  stagedName,
} from "../core/output-roots.ts";
import { DiskProblem, onDisk } from "./errors.ts";
import { findStagedFiles, readRepoText, writeRepoFile, type DiskRead } from "./disk.ts";
import { inParallel } from "./in-parallel.ts";
import { isLockStale } from "./lock.ts";
import type { PathGuard } from "./safe-path.ts";
import { isStaged } from "./staged-file.ts";

export interface Journal {
  readonly version: 1;
  /** The process that staged the files: their names end in `.fawkes-<pid>.tmp`. */
  readonly pid: number;
  /** Paths to move into place, the manifest last. */
  readonly writes: readonly string[];
  /** Owned files to delete before the manifest stops listing them. */
  readonly deletes: readonly string[];
}

const RESUME_HINT =
  "fix that, then run `npx fawkes generate` again: it completes the interrupted run from .fawkes/journal.json";

/** Manifest last: until it is renamed, the old manifest still owns every file this run deletes. */
function manifestLast(paths: readonly string[]): string[] {
  return [...paths.filter((p) => p !== MANIFEST_PATH), ...paths.filter((p) => p === MANIFEST_PATH)];
}

async function stage(guard: PathGuard, writes: readonly RenderedFile[]): Promise<void> {
  const staged: string[] = [];
  // Each folder created once, however many files it holds.
  const folders = new Map<string, Promise<unknown>>();
  const folder = (dir: string) => {
    let made = folders.get(dir);
    if (made === undefined) folders.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  };
  try {
    await inParallel(writes, async (file) => {
      // Staged as it was composed, under folders checked then (cli/staging.ts).
      if (isStaged(file)) return;
      const target = await guard.resolve(file.path);
      await onDisk("write", file.path, async () => {
        await folder(dirname(target));
        staged.push(stagedName(target, process.pid));
        await writeFile(stagedName(target, process.pid), file.content);
      });
    });
  } catch (error) {
    await Promise.all(staged.map((path) => rm(path, { force: true }).catch(() => undefined)));
    if (error instanceof DiskProblem) throw error.withHint("nothing in the repository was changed");
    throw error;
  }
}

async function removeEmptyParents(guard: PathGuard, dir: string): Promise<void> {
  for (let current = dir; current !== "." && current !== ""; current = dirname(current)) {
    try {
      await rmdir(await guard.resolve(current));
    } catch {
      return;
    }
  }
}

/** Step 3, also what recovery runs: every operation may already have happened. */
export async function commitJournal(guard: PathGuard, journal: Journal): Promise<void> {
  try {
    const moves = manifestLast(journal.writes);
    const move = async (path: string): Promise<void> => {
      const target = await guard.resolve(path);
      await onDisk("move into place", path, () =>
        rename(stagedName(target, journal.pid), target).catch((error: NodeJS.ErrnoException) =>
          error.code === "ENOENT" ? undefined : Promise.reject(error),
        ),
      );
    };
    const remove = async (path: string): Promise<void> => {
      const target = await guard.resolve(path);
      await onDisk("delete", path, () => rm(target, { force: true }));
      await removeEmptyParents(guard, dirname(path));
    };
    // Independent of each other; the manifest moves last, after every delete, as before.
    await inParallel(moves.slice(0, -1), move);
    await inParallel(
      journal.deletes.filter((path) => path !== LEGACY_MANIFEST_PATH),
      remove,
    );
    if (moves.length > 0) await move(moves[moves.length - 1]!);
    // The old form of the list goes once the new one is in place: until then it still owns the files.
    if (journal.deletes.includes(LEGACY_MANIFEST_PATH)) await remove(LEGACY_MANIFEST_PATH);
    await onDisk("delete", JOURNAL_PATH, async () => rm(await guard.resolve(JOURNAL_PATH), { force: true }));
  } catch (error) {
    if (error instanceof DiskProblem) throw error.withHint(RESUME_HINT);
    throw error;
  }
}

/** Stages, journals and commits the changes of one generate. */
export async function applyChanges(
  guard: PathGuard,
  writes: readonly RenderedFile[],
  deletes: readonly string[],
): Promise<void> {
  if (writes.length === 0 && deletes.length === 0) return;
  await stage(guard, writes);
  const journal: Journal = {
    version: 1,
    pid: process.pid,
    writes: manifestLast(writes.map((f) => f.path)),
    deletes: [...deletes],
  };
  try {
    await writeRepoFile(guard, JOURNAL_PATH, `${JSON.stringify(journal, null, 2)}\n`);
  } catch (error) {
    await Promise.all(
      writes.map(async (f) =>
        rm(stagedName(await guard.resolve(f.path), process.pid), { force: true }).catch(() => undefined),
      ),
    );
    throw error;
  }
  await commitJournal(guard, journal);
}

function parseJournal(text: string): Journal | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<Journal>;
    const paths = [...(parsed.writes ?? []), ...(parsed.deletes ?? [])];
    const allowed = (p: unknown) =>
      typeof p === "string" &&
      isSafeRelativePath(p) &&
      (isInsideRoots(p) || p === MANIFEST_PATH || p === LEGACY_MANIFEST_PATH);
    if (
      parsed.version !== 1 ||
      !Number.isInteger(parsed.pid) ||
      !Array.isArray(parsed.writes) ||
      !Array.isArray(parsed.deletes) ||
      !paths.every(allowed)
    )
      return undefined;
    return parsed as Journal;
  } catch {
    return undefined;
  }
}

/**
 * Completes the journal of an interrupted generate, if there is one: the moves and deletes it lists. Run under the
 * lock, before the disk is read. The number of files moved or deleted (0 when there was none).
 */
export async function completeInterrupted(guard: PathGuard): Promise<number> {
  const text = await readRepoText(guard, JOURNAL_PATH);
  let completed = 0;
  if (text !== undefined) {
    const journal = parseJournal(text);
    if (!journal)
      throw new DiskProblem(
        JOURNAL_PATH,
        "is not a journal Fawkes can complete",
        "delete it and every *.fawkes-<pid>.tmp file, then run `npx fawkes generate`",
      );
    await commitJournal(guard, journal);
    completed = journal.writes.length + journal.deletes.length;
  }
  return completed;
}

/**
 * Removes the staged files an interrupted generate left without a journal (it never reached one), once the
 * journal is complete. `read`: the early read of the disk, whose listing stands for the exclusive roots'.
 */
export async function removeStaged(guard: PathGuard, read?: DiskRead): Promise<readonly string[]> {
  const removed = await findStagedFiles(guard, read);
  for (const path of removed) await onDisk("delete", path, async () => rm(await guard.resolve(path), { force: true }));
  return removed;
}

export interface Leftovers {
  readonly journal: boolean;
  readonly staged: readonly string[];
  readonly staleLock: boolean;
}

/** What an interrupted generate left behind, for `check` to report. `read`: as for `removeStaged`. */
export async function findLeftovers(guard: PathGuard, read?: DiskRead): Promise<Leftovers> {
  return {
    journal: (await readRepoText(guard, JOURNAL_PATH)) !== undefined,
    staged: await findStagedFiles(guard, read),
    staleLock: await isLockStale(guard),
  };
}
