// Generate's text out of memory: each file the generate will write (new, or different from the disk's) is staged
// as soon as it is composed, beside its target, under the name the journal stages with (cli/journal.ts). The
// tree keeps the file's path, sources and hash; its text is read back only if something asks for it (the
// comparison with a changed file, the prune guard). The write then only moves the staged files into place.
//
// Staging is only ever a saving: a file that cannot be staged here (a link or a file where a folder goes, a
// full disk) stays in memory, and the write reports the problem as it always did. A generate that fails or
// refuses removes what it staged, and the folders it created for it; one that is killed leaves staged files
// that the next generate removes (cli/journal.ts, `recoverInterrupted`).
import { lstatSync, mkdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeepRendered, RenderedFile } from "../core/file-tree.ts";
import { EXCLUSIVE_ROOTS, JOURNAL_PATH, isInsideRoots, stagedName } from "../core/output-roots.ts";
import type { ConfigPath } from "../core/problems.ts";
import { fileHash, rememberHash } from "./content-hash.ts";
import { readRepoText, type DiskRead } from "./disk.ts";
import type { PathGuard } from "./safe-path.ts";

/** A generated file whose text waits on disk, staged. */
export class StagedFile implements RenderedFile {
  readonly path: string;
  readonly sources: readonly string[];
  readonly origin: ConfigPath | undefined;
  readonly #staged: string;
  readonly #target: string;

  constructor(file: RenderedFile, staged: string, target: string) {
    this.path = file.path;
    this.sources = file.sources;
    this.origin = file.origin;
    this.#staged = staged;
    this.#target = target;
  }

  /** Read from the staged file; once the write moved it into place, from there. */
  get content(): string {
    try {
      return readFileSync(this.#staged, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return readFileSync(this.#target, "utf8");
    }
  }
}

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
  if (text !== undefined) return text !== file.content && text.replace(/\r\n/g, "\n") !== file.content;
  // Tried and not found, or absent from the listing of the output folder: no file there.
  if (read.tried.has(file.path) || !read.listed.has(file.path)) return true;
  return undefined;
}

/** `read`: the early read of the disk (cli/disk.ts), complete. */
export function startStaging(guard: PathGuard, read: DiskRead): Staging {
  const staged: { path: string; name: string }[] = [];
  const created: string[] = [];
  /** Each folder checked once: a real folder (created if missing), or not one to stage under. */
  const folders = new Map<string, boolean>();
  const folderOk = (dir: string): boolean => {
    let ok = folders.get(dir);
    if (ok !== undefined) return ok;
    const absolute = join(guard.root, dir);
    try {
      mkdirSync(absolute);
      created.push(absolute);
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
  return {
    keep(file) {
      if (!isInsideRoots(file.path, EXCLUSIVE_ROOTS) || differs(read, file) !== true || !parentsOk(file.path))
        return file;
      const target = join(guard.root, file.path);
      const name = stagedName(target, process.pid);
      const hash = fileHash(file);
      try {
        // Exclusive: never through a link someone left at the staged name.
        writeFileSync(name, file.content, { flag: "wx" });
      } catch {
        return file;
      }
      staged.push({ path: file.path, name });
      const kept = new StagedFile(file, name, target);
      rememberHash(kept, hash);
      return kept;
    },
    async discard(written = new Set()) {
      if ((await readRepoText(guard, JOURNAL_PATH)) !== undefined) return;
      let removed = false;
      for (const { path, name } of staged.splice(0))
        if (!written.has(path))
          try {
            unlinkSync(name);
            removed = true;
          } catch {
            // Gone already.
          }
      // The folders created for what was removed, deepest first: one is empty once what was created in it is gone.
      if (removed)
        for (const dir of created.reverse())
          try {
            rmdirSync(dir);
          } catch {
            // It holds a written file, or something put there meanwhile: it stays.
          }
      created.length = 0;
    },
  };
}

/** Whether the write still has to stage `file` (cli/journal.ts). */
export function isStaged(file: RenderedFile): boolean {
  return file instanceof StagedFile;
}
