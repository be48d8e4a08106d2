// Generate's text out of memory: each file the generate will write (new, or different from the disk's) is staged
// as soon as it is composed, beside its target, under the name the journal stages with (cli/journal.ts). The
// tree keeps the file's path, sources and hash; its text is read back only if something asks for it (the
// comparison with a changed file, the prune guard). The write then only moves the staged files into place.
//
// Past the first files, a thread on the other core stages them (cli/staging-thread.ts), and the main thread only
// encodes them.
//
// Staging is only ever a saving: a file that cannot be staged here (a link or a file where a folder goes, a
// full disk) stays in memory, and the write reports the problem as it always did. A generate that fails or
// refuses removes what it staged, and the folders it created for it; one that is killed leaves staged files
// that the next generate removes (cli/journal.ts, `removeStaged`).
import { rmSync, rmdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { KeepRendered, RenderedFile } from "../core/file-tree.ts";
import { EXCLUSIVE_ROOTS, JOURNAL_PATH, isInsideRoots } from "../core/output-roots.ts";
import { fileHash, rememberHash } from "./content-hash.ts";
import { readRepoText, type DiskRead } from "./disk.ts";
import { sameText } from "../core/sync.ts";
import type { PathGuard } from "./safe-path.ts";
import { StagedFile, UnchangedFile } from "./staged-file.ts";
import { stagingFolders, writeExclusive } from "./staged-write.ts";
import { StagingThread } from "./staging-thread.ts";
import { isArgocdFile } from "../core/verify-argocd.ts";

export interface Staging {
  readonly keep: KeepRendered;
  /** Once every file kept is staged, or known not to be (and then kept in memory). */
  settle(): Promise<void>;
  /** Whether a thread stages the files (`STAGING_THREAD_AFTER`). */
  readonly threaded: boolean;
  /**
   * Removes what was staged and not `written` (moved into place), and the folders created for it; nothing once
   * the journal took the staged files over (an interrupted write, which the next generate completes).
   */
  discard(written?: ReadonlySet<string>): Promise<void>;
}

/** Whether `file` differs from the disk as the early read knows it; undefined when it does not know. */
function differs(read: DiskRead, file: RenderedFile): boolean | undefined {
  const hash = read.hashes?.get(file.path);
  if (hash !== undefined) return fileHash(file) !== hash;
  const text = read.files.get(file.path);
  // As the sync plan compares them (core/sync.ts).
  if (text !== undefined) return !sameText(text, file.content);
  // Tried and not found, or absent from the listing of the output folder: no file there.
  if (read.tried.has(file.path) || !read.listed.has(file.path)) return true;
  return undefined;
}

/**
 * What the tree keeps of a file the disk holds byte for byte, as the thread that read it hashed it: its hash
 * (`check` and generate then hold no text of it). Not an ArgoCD file: the prune guard reads the disk's
 * Applications, and the reference check their objects. Any other file is kept as it is.
 */
export function keepUnchanged(guard: PathGuard, read: DiskRead): KeepRendered {
  return (file) => {
    const hash = read.hashes?.get(file.path);
    if (
      hash === undefined ||
      isArgocdFile(file.path) ||
      !isInsideRoots(file.path, EXCLUSIVE_ROOTS) ||
      fileHash(file) !== hash ||
      // A lone surrogate is written as U+FFFD, which reads back as another string: the disk read reads it.
      !file.content.isWellFormed()
    )
      return file;
    const kept = new UnchangedFile(file, guard.root);
    rememberHash(kept, hash);
    return kept;
  };
}

/**
 * After this many files staged here, the rest are staged by a thread (cli/staging-thread.ts), on a machine with
 * a second core: a generate of a few files never starts one.
 */
export const STAGING_THREAD_AFTER = 200;

/**
 * `read`: the early read of the disk (cli/disk.ts), complete. `threadAfter`: how many files are staged here
 * before a thread takes over (`STAGING_THREAD_AFTER`; Infinity for none).
 */
export function startStaging(
  guard: PathGuard,
  read: DiskRead,
  { threadAfter = availableParallelism() > 1 ? STAGING_THREAD_AFTER : Infinity } = {},
): Staging {
  const staged: StagedFile[] = [];
  const folders = stagingFolders(guard.root);
  let thread: StagingThread | undefined;
  let threadFolders: readonly string[] = [];
  const unchanged = keepUnchanged(guard, read);
  const settle = async () => {
    if (thread) threadFolders = await thread.settle();
  };
  return {
    keep(file) {
      if (!isInsideRoots(file.path, EXCLUSIVE_ROOTS)) return file;
      const different = differs(read, file);
      if (different === false) return unchanged(file);
      if (different === undefined) return file;
      if (thread === undefined && staged.length >= threadAfter) thread = new StagingThread(guard.root);
      if (thread) return thread.taking ? thread.stage(file) : file;
      if (!folders.parentsOk(file.path)) return file;
      const kept = new StagedFile(file, guard.root);
      const hash = fileHash(file);
      if (!writeExclusive(kept.staged, file.content)) return file;
      staged.push(kept);
      rememberHash(kept, hash);
      return kept;
    },
    settle,
    get threaded() {
      return thread !== undefined;
    },
    async discard(written = new Set()) {
      await settle();
      if ((await readRepoText(guard, JOURNAL_PATH)) !== undefined) return;
      for (const file of [...staged.splice(0), ...(thread?.staged.splice(0) ?? [])])
        if (!written.has(file.path)) rmSync(file.staged, { force: true });
      // The folders created for staging, deepest first, but those holding a file moved into place: one is empty
      // once what was created in it is gone.
      const holding = new Set<string>();
      for (const path of written)
        for (
          let end = path.lastIndexOf("/");
          end > 0 && !holding.has(path.slice(0, end));
          end = path.lastIndexOf("/", end - 1)
        )
          holding.add(path.slice(0, end));
      for (const dir of [...folders.created.splice(0), ...threadFolders].reverse())
        if (!holding.has(dir))
          try {
            rmdirSync(join(guard.root, dir));
          } catch {
            // Something was put there meanwhile: it stays.
          }
    },
  };
}
