// Reading the repository: every path through the guard (inside the root, no links), every I/O error named.
// Writing goes through the journal (journal.ts).
import { readFile, readdir, rename, rm, writeFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { FileTree } from "../core/file-tree.ts";
import {
  EXCLUSIVE_ROOTS,
  JOURNAL_PATH,
  LEGACY_MANIFEST_PATH,
  MANIFEST_PATH,
  OUTPUT_ROOTS,
  STAGED_FILE,
  isInsideRoots,
  stagedName,
} from "../core/output-roots.ts";
import { readOwnership, type Ownership } from "../core/manifest.ts";
import { SAME_AS_GENERATED, type DiskFiles } from "../core/sync.ts";
import { fileHash } from "./content-hash.ts";
import { earlyPaths, hashDisk, readsInThread } from "./disk-hash-thread.ts";
import { onDisk } from "./errors.ts";
import { listTree, type TreeEntry } from "./list-tree.ts";
import { inParallel } from "./in-parallel.ts";
import { linkProblem, type PathGuard } from "./safe-path.ts";
import { isStaged, isUnchanged } from "./staged-file.ts";

/** The text of a repository file, or undefined when there is none. */
export async function readRepoText(guard: PathGuard, path: string): Promise<string | undefined> {
  const target = await guard.resolve(path);
  return onDisk("read", path, async () => {
    try {
      return await readFile(target, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR")
        return undefined;
      throw error;
    }
  });
}

/**
 * Files (and links, which are refused) under a folder; staged files are left to `findStagedFiles`. The listing
 * is synchronous (cli/list-tree.ts): Node's asynchronous recursive readdir visits one folder at a time, each a
 * round trip through libuv's pool, and took 0.25 s for the 5,210 folders of 1,000 services.
 */
async function listEntries(
  guard: PathGuard,
  dir: string,
): Promise<{ files: string[]; links: string[]; others: string[] }> {
  const target = await guard.resolve(dir);
  const entries = await onDisk("list", dir, async () => {
    try {
      return listTree(target, dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR")
        return [];
      throw error;
    }
  });
  const pathsOf = (keep: (kind: TreeEntry["kind"]) => boolean) =>
    entries.filter((e) => keep(e.kind)).map((e) => e.path);
  return {
    files: pathsOf((kind) => kind === "file"),
    links: pathsOf((kind) => kind === "link"),
    others: pathsOf((kind) => kind !== "file" && kind !== "link"),
  };
}

export interface OwnershipOnDisk {
  /** Undefined when neither the list of owned files nor its old form can be read. */
  readonly ownership: Ownership | undefined;
  readonly text: string | undefined;
}

/** The list of owned files, or its old form (`.fawkes/manifest.json`) until generate migrates it. */
export async function readOwnershipOnDisk(guard: PathGuard): Promise<OwnershipOnDisk> {
  const text = await readRepoText(guard, MANIFEST_PATH);
  const legacy = await readRepoText(guard, LEGACY_MANIFEST_PATH);
  return { ownership: readOwnership(text, legacy), text: text ?? legacy };
}

/** Files read so far, and every path tried (a path with no file is not tried twice). */
export interface DiskRead {
  readonly files: Map<string, string>;
  readonly tried: Set<string>;
  /** The paths known before the tree: the ones the early read left for its budget are read with the tree's. */
  readonly planned: readonly string[];
  /** Files read in the disk thread, as hashes: only the ones that differ from the tree are read in this one. */
  readonly hashes?: ReadonlyMap<string, string>;
  /**
   * Every entry under the exclusive roots, as listed: a generated path there that is not listed has no file, and
   * is not tried (a first generate of 5,000 services tried 30,000 paths in vain: 0.5 s).
   */
  readonly listed: ReadonlySet<string>;
  /** The staged files under the exclusive roots, as listed (`findStagedFiles` need not list them again). */
  readonly staged: readonly string[];
}

/** Whether `path` may hold a file: not tried yet, and not known to be absent from a listed root. */
function worthReading(read: DiskRead, path: string): boolean {
  return !read.tried.has(path) && (read.listed.has(path) || !isInsideRoots(path, EXCLUSIVE_ROOTS));
}

/**
 * How much text the early read holds while the tree is being built (UTF-16 characters): beyond it, the rest is
 * read once the tree is known, so a large platform never holds two copies of its output during the build.
 */
export const EARLY_READ_BUDGET = 32 * 1024 * 1024;

async function readPaths(
  guard: PathGuard,
  paths: Iterable<string>,
  read: DiskRead,
  budget = Number.POSITIVE_INFINITY,
  tree?: FileTree,
): Promise<DiskRead> {
  let held = 0;
  for (const content of read.files.values()) held += content.length;
  const queue = [...paths].filter((path) => worthReading(read, path));
  // A bounded number of reads in flight: tens of thousands of files must not exhaust file descriptors.
  await inParallel(queue, async (path) => {
    if (held >= budget) return;
    read.tried.add(path);
    const content = await readRepoText(guard, path);
    if (content === undefined) return;
    // Identical to its generated version: keep that string; the one just read is garbage at once. (A staged
    // file differs from the disk's: its text is not read back to find out.)
    const file = tree?.get(path);
    const generated = file && !isStaged(file) ? file.content : undefined;
    read.files.set(path, generated !== undefined && generated === content ? generated : content);
    held += content.length;
  });
  return read;
}

/**
 * Every file under the exclusive roots (where nothing but generated output may be), staged files aside, and
 * their other entries (folders); a link there is a failure.
 */
async function listExclusiveRoots(guard: PathGuard): Promise<{ files: string[]; others: string[]; staged: string[] }> {
  const found = { files: [] as string[], others: [] as string[], staged: [] as string[] };
  for (const dir of EXCLUSIVE_ROOTS) {
    const { files, links, others } = await listEntries(guard, dir.slice(0, -1));
    if (links.length > 0) throw linkProblem(links.sort()[0]!, undefined);
    for (const path of files) (STAGED_FILE.test(path) ? found.staged : found.files).push(path);
    found.others.push(...others);
  }
  return found;
}

/**
 * Starts reading what the sync plan will need before the tree is known: owned paths (what the last run wrote,
 * usually what this one writes) and the exclusive roots' contents. Started beside the generation, whose config
 * loads in a worker meanwhile; `finishDiskRead` adds what the new tree has beyond them.
 */
export async function startDiskRead(
  guard: PathGuard,
  previous: Ownership | undefined,
  { budget = EARLY_READ_BUDGET, thread = readsInThread(previous) } = {},
): Promise<DiskRead> {
  const paths = new Set<string>(earlyPaths(previous));
  const hashed = thread ? await hashDisk(guard.root, [...paths]) : undefined;
  if (hashed) {
    const planned = [...hashed.hashes.keys(), ...hashed.missing];
    // The thread hashed every file it listed: with the folders it listed, they are all the exclusive roots hold.
    const files = [...hashed.hashes.keys()].filter((path) => isInsideRoots(path, EXCLUSIVE_ROOTS));
    const listed = new Set([...files, ...hashed.others]);
    return {
      files: new Map(),
      tried: new Set(planned),
      planned,
      hashes: hashed.hashes,
      listed,
      staged: hashed.staged,
    };
  }
  const { files, others, staged } = await listExclusiveRoots(guard);
  for (const path of files) paths.add(path);
  // A folder where a file is generated is tried too: reading it fails, as it must.
  const listed = new Set([...files, ...others]);
  return readPaths(guard, paths, { files: new Map(), tried: new Set(), planned: [...paths], listed, staged }, budget);
}

/**
 * The early read completed with what it left and the tree's own paths. A file identical to its generated
 * version keeps the tree's string, not a second copy, so the comparison and everything after it hold one.
 */
export async function finishDiskRead(guard: PathGuard, early: Promise<DiskRead>, tree: FileTree): Promise<DiskFiles> {
  const read = await early;
  // A hashed file identical to its generated version is that version; any other is read below.
  // Kept as its hash, as the disk holds it (cli/staged-file.ts): nothing to read.
  const same: string[] = [];
  for (const [path, hash] of read.hashes ?? []) {
    const generated = tree.get(path);
    if (generated !== undefined && isUnchanged(generated) && fileHash(generated) === hash) {
      same.push(path);
      continue;
    }
    // A string with a lone surrogate is written as U+FFFD, which reads back as another string: read it.
    if (generated !== undefined && fileHash(generated) === hash && generated.content.isWellFormed())
      read.files.set(path, generated.content);
    else read.tried.delete(path);
  }
  const { files } = await readPaths(guard, [...read.planned, ...tree.keys()], read, undefined, tree);
  for (const [path, content] of files) {
    const file = tree.get(path);
    if (file !== undefined && !isStaged(file) && file.content === content) files.set(path, file.content);
  }
  if (same.length === 0) return files;
  const disk = new Map<string, string | typeof SAME_AS_GENERATED>(files);
  for (const path of same) disk.set(path, SAME_AS_GENERATED);
  return disk;
}

/** Reads every file the sync plan needs: generated paths, owned paths, and the exclusive roots' contents. */
export async function readDiskFiles(
  guard: PathGuard,
  tree: FileTree,
  previous: Ownership | undefined,
): Promise<DiskFiles> {
  return finishDiskRead(guard, startDiskRead(guard, previous), tree);
}

/**
 * Staged files a generate left behind (`*.fawkes-<pid>.tmp`) in the output roots and next to the manifest.
 * `read`: an early read of the disk, whose listing of the exclusive roots (`out/`, by far the largest: 1.6 s at
 * 20,000 services) stands for theirs.
 */
export async function findStagedFiles(guard: PathGuard, read?: DiskRead): Promise<string[]> {
  const found: string[] = [...(read?.staged ?? [])];
  for (const root of OUTPUT_ROOTS) {
    if (!root.endsWith("/") || (read && EXCLUSIVE_ROOTS.includes(root))) continue;
    const { files, links } = await listEntries(guard, root.slice(0, -1));
    found.push(...[...files, ...links].filter((path) => STAGED_FILE.test(path)));
  }
  const singleFiles = [
    ...OUTPUT_ROOTS.filter((r) => !r.endsWith("/")),
    MANIFEST_PATH,
    LEGACY_MANIFEST_PATH,
    JOURNAL_PATH,
  ];
  for (const dir of new Set(singleFiles.map((f) => dirname(f)))) {
    const folder = dir === "." ? guard.root : await guard.resolve(dir);
    const names = await onDisk("list", dir, () =>
      readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? [] : Promise.reject(error))),
    );
    for (const name of names) {
      if (!STAGED_FILE.test(name)) continue;
      const path = dir === "." ? name : `${dir}/${name}`;
      if (singleFiles.includes(path.replace(STAGED_FILE, ""))) found.push(path);
    }
  }
  return found.sort();
}

/** Writes one file in place atomically (staged, then renamed): the releases file, the JSON Schema. */
export async function writeRepoFile(guard: PathGuard, path: string, content: string): Promise<void> {
  const target = await guard.resolve(path);
  const staged = stagedName(target, process.pid);
  await onDisk("write", path, async () => {
    await mkdir(dirname(target), { recursive: true });
    try {
      await writeFile(staged, content);
      await rename(staged, target);
    } catch (error) {
      await rm(staged, { force: true });
      throw error;
    }
  });
}
