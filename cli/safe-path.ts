// Every path Fawkes reads, writes or deletes stays inside the repository and never passes through a symbolic
// link: a linked `out/` (or a linked file pointing at /proc/self/environ) would otherwise let a generate
// write and delete outside the repository, and a check print what the link points at.
import { lstat, readlink, realpath } from "node:fs/promises";
import { join } from "node:path";
import { isSafeRelativePath } from "../core/output-roots.ts";
import { DiskProblem, onDisk } from "./errors.ts";

type Kind = "link" | "missing" | "present";

/** Resolves repository-relative paths to absolute ones after checking them; one per command run. */
export interface PathGuard {
  /** The repository root with links resolved. */
  readonly root: string;
  /** The absolute path of `path`, or a DiskProblem when it leaves the root or passes through a link. */
  resolve(path: string): Promise<string>;
}

export function linkProblem(path: string, target: string | undefined): DiskProblem {
  return new DiskProblem(
    path,
    `is a symbolic link${target === undefined ? "" : ` (to ${target})`}; Fawkes never reads, writes or deletes through a link`,
    "replace the link with a real folder or file inside the repository",
  );
}

export async function createPathGuard(cwd: string): Promise<PathGuard> {
  const root = await onDisk("open the repository", cwd, () => realpath(cwd));
  // One lstat per folder and run, shared by every file beneath it. Once it answers, the folder's kind replaces
  // the pending lstat, so the thousands of files under a few dozen folders resolve without waiting.
  const kinds = new Map<string, Kind | Promise<Kind>>();
  const kindOf = (prefix: string): Promise<Kind> => {
    const kind = lstat(join(root, prefix)).then(
      (stats): Kind => (stats.isSymbolicLink() ? "link" : "present"),
      (error: NodeJS.ErrnoException) =>
        error.code === "ENOENT" || error.code === "ENOTDIR" ? "missing" : Promise.reject(error),
    );
    kinds.set(prefix, kind);
    kind.then(
      (k) => kinds.set(prefix, k),
      () => undefined,
    );
    return kind;
  };
  return {
    root,
    async resolve(path: string): Promise<string> {
      if (!isSafeRelativePath(path))
        throw new DiskProblem(path, "is not a path inside the repository", "paths are relative, without `..`");
      const segments = path.split("/");
      for (let i = 1; i <= segments.length; i++) {
        const prefix = segments.slice(0, i).join("/");
        const cached = kinds.get(prefix);
        const kind =
          typeof cached === "string" ? cached : await onDisk("inspect", prefix, () => cached ?? kindOf(prefix));
        if (kind === "missing") break;
        if (kind === "link") throw linkProblem(prefix, await readlink(join(root, prefix)).catch(() => undefined));
      }
      return join(root, path);
    },
  };
}
