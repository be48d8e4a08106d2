// Generate's text out of memory: each file the generate will write (new, or different from the disk's) is staged
// as soon as it is composed, beside its target, under the name the journal stages with (cli/journal.ts). The
// tree keeps the file's path, sources and hash; its text is read back only if something asks for it (the
// comparison with a changed file, the prune guard). The write then only moves the staged files into place.
//
// Staging is only ever a saving: a file that cannot be staged here (a link or a file where a folder goes, a
// full disk) stays in memory, and the write reports the problem as it always did. A generate that fails or
// refuses removes what it staged, and the folders it created for it; one that is killed leaves staged files
// that the next generate removes (cli/journal.ts, `recoverInterrupted`).
import { lstatSync, mkdirSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeepRendered, RenderedFile } from "../core/file-tree.ts";
import { EXCLUSIVE_ROOTS, JOURNAL_PATH, isInsideRoots } from "../core/output-roots.ts";
import { fileHash, rememberHash } from "./content-hash.ts";
import { readRepoText, type DiskRead } from "./disk.ts";
import { sameText } from "../core/sync.ts";
import type { PathGuard } from "./safe-path.ts";
import { StagedFile, UnchangedFile } from "./staged-file.ts";
import { isArgocdFile } from "../core/verify-argocd.ts";

export interface Staging {
  readonly keep: KeepRendered;
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

/** `read`: the early read of the disk (cli/disk.ts), complete. */
export function startStaging(guard: PathGuard, read: DiskRead): Staging {
  const staged: StagedFile[] = [];
  const created: string[] = [];
  /** Each folder checked once: a real folder (created if missing), or not one to stage under. */
  const folders = new Map<string, boolean>();
  const folderOk = (dir: string): boolean => {
    let ok = folders.get(dir);
    if (ok !== undefined) return ok;
    const absolute = join(guard.root, dir);
    try {
      mkdirSync(absolute);
      created.push(dir);
      ok = true;
    } catch (error) {
      // There already: a real folder, not a link to one (nor a file).
      ok =
        (error as NodeJS.ErrnoException).code === "EEXIST" &&
        lstatSync(absolute, { throwIfNoEntry: false })?.isDirectory() === true;
    }
    folders.set(dir, ok);
    return ok;
  };
  const parentsOk = (path: string): boolean => {
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i++) if (!folderOk(segments.slice(0, i).join("/"))) return false;
    return true;
  };
  const unchanged = keepUnchanged(guard, read);
  return {
    keep(file) {
      if (!isInsideRoots(file.path, EXCLUSIVE_ROOTS)) return file;
      const different = differs(read, file);
      if (different === false) return unchanged(file);
      if (different === undefined || !parentsOk(file.path)) return file;
      const kept = new StagedFile(file, guard.root);
      const name = kept.staged;
      const hash = fileHash(file);
      try {
        // Exclusive: never through a link someone left at the staged name.
        writeFileSync(name, file.content, { flag: "wx" });
      } catch (error) {
        // A file that was created but not written (a full disk) goes; one that was there already is not ours.
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") rmSync(name, { force: true });
        return file;
      }
      staged.push(kept);
      rememberHash(kept, hash);
      return kept;
    },
    async discard(written = new Set()) {
      if ((await readRepoText(guard, JOURNAL_PATH)) !== undefined) return;
      for (const file of staged.splice(0)) if (!written.has(file.path)) rmSync(file.staged, { force: true });
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
      for (const dir of created.splice(0).reverse())
        if (!holding.has(dir))
          try {
            rmdirSync(join(guard.root, dir));
          } catch {
            // Something was put there meanwhile: it stays.
          }
    },
  };
}
