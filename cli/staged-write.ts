// Writing one staged file, the same on the main thread and on the staging thread (cli/staging-worker.ts): the
// folders on its way checked once each (created if missing, never a link), the file created exclusively.
import { lstatSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Folders {
  /** Whether every folder on the way to `path` (repository-relative) is a real folder, created if missing. */
  parentsOk(path: string): boolean;
  /** The folders created, in the order they were (a parent before its children). */
  readonly created: string[];
}

/** The folders under `root`, each checked once: a real folder (created if missing), or not one to stage under. */
export function stagingFolders(root: string): Folders {
  const created: string[] = [];
  const folders = new Map<string, boolean>();
  const folderOk = (dir: string): boolean => {
    let ok = folders.get(dir);
    if (ok !== undefined) return ok;
    const absolute = join(root, dir);
    try {
      mkdirSync(absolute);
      created.push(dir);
      ok = true;
    } catch (error) {
      // There already: a real folder, not a link to one (nor a file). Anything else (a name too long, no
      // permission) is not a folder to stage under either.
      try {
        ok =
          (error as NodeJS.ErrnoException).code === "EEXIST" &&
          lstatSync(absolute, { throwIfNoEntry: false })?.isDirectory() === true;
      } catch {
        ok = false;
      }
    }
    folders.set(dir, ok);
    return ok;
  };
  return {
    created,
    parentsOk(path) {
      for (let end = path.indexOf("/"); end > 0; end = path.indexOf("/", end + 1))
        if (!folderOk(path.slice(0, end))) return false;
      return true;
    },
  };
}

/**
 * Creates `name` with `data`; false when it could not (a file there already, a name too long, a full disk), and
 * nothing of ours is left there then. Never throws: a file not staged is only a saving lost.
 */
export function writeExclusive(name: string, data: string | Uint8Array): boolean {
  try {
    // Exclusive: never through a link someone left at the staged name.
    writeFileSync(name, data, { flag: "wx" });
    return true;
  } catch (error) {
    // A file that was created but not written (a full disk) goes; one that was there already is not ours.
    try {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") rmSync(name, { force: true });
    } catch {
      // Not there to remove (the name is too long to create at all).
    }
    return false;
  }
}
