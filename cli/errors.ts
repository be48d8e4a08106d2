// Problems with the repository on disk (a link, a full disk, a read-only folder, a lock): the user's to fix,
// so they exit 1 with a message naming the path, never as an internal error.
import { isAbsolute, relative } from "node:path";

/** A disk problem the user must fix; `path` is repository-relative where it can be. */
export class DiskProblem extends Error {
  readonly path: string;
  readonly reason: string;
  readonly hint: string | undefined;
  constructor(path: string, reason: string, hint?: string) {
    super(`${path}: ${reason}${hint === undefined ? "" : ` (${hint})`}`);
    this.name = "DiskProblem";
    this.path = path;
    this.reason = reason;
    this.hint = hint;
  }

  /** The same problem, adding what to do about it in this situation. */
  withHint(hint: string): DiskProblem {
    return new DiskProblem(this.path, this.reason, this.hint === undefined ? hint : `${this.hint}; ${hint}`);
  }
}

/** What each error code means, in the words of the person who has to fix it. */
const IO_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "is a folder where a file was expected",
  ELOOP: "too many symbolic links (a link loop?)",
  EEXIST: "a file is in the way of a folder",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  EIO: "an input/output error of the device",
};

/** `no space left on the device (ENOSPC)`, or undefined for errors that are not the disk's (bugs). */
export function describeIoError(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && code in IO_ERRORS ? `${IO_ERRORS[code]} (${code})` : undefined;
}

/** An I/O error that escaped the guarded operations, as a DiskProblem naming its path; undefined for bugs. */
export function toDiskProblem(error: unknown, root: string): DiskProblem | undefined {
  if (error instanceof DiskProblem) return error;
  const reason = describeIoError(error);
  if (reason === undefined) return undefined;
  const { path, syscall } = error as NodeJS.ErrnoException;
  return new DiskProblem(
    path ? displayPath(root, path) : "(the repository)",
    `${syscall ? `${syscall} failed` : "failed"}: ${reason}`,
  );
}

/** Repository-relative POSIX path when inside the root, the absolute path otherwise. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel.split("\\").join("/");
}

/** Runs a file operation on a repository path, turning an I/O error into a DiskProblem that names it. */
export async function onDisk<T>(action: string, path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const reason = describeIoError(error);
    if (reason === undefined) throw error;
    throw new DiskProblem(path, `cannot ${action}: ${reason}`);
  }
}
