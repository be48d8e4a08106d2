// Reading the committed output at a git ref, with one `git cat-file --batch` for all files.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { OUTPUT_ROOTS } from "../core/output-roots.ts";

function git(cwd: string, args: string[], input?: string): { ok: boolean; stdout: Buffer; stderr: string } {
  const result = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30 });
  return { ok: result.status === 0, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString() ?? "" };
}

/** The merge base with the default branch (named for the reader), or HEAD when there is none. */
export function defaultBase(cwd: string): { ref: string; label: string } {
  for (const candidate of ["origin/HEAD", "origin/main", "main"]) {
    const base = git(cwd, ["merge-base", "HEAD", candidate]);
    if (base.ok) return { ref: base.stdout.toString().trim(), label: `merge base with ${candidate}` };
  }
  return { ref: "HEAD", label: "HEAD" };
}

/**
 * Whether `cwd` can be inside a Git work tree: a `.git` in it or above it (or GIT_DIR set). Outside one,
 * callers skip starting git at all.
 */
function mayBeInGit(cwd: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return true;
    if (dirname(dir) === dir) return false;
  }
}

export function resolveRef(cwd: string, ref: string): string | undefined {
  if (!mayBeInGit(cwd)) return undefined;
  const result = git(cwd, ["rev-parse", "--verify", `${ref}^{commit}`]);
  return result.ok ? result.stdout.toString().trim() : undefined;
}

/**
 * The files under `only` at `commit`, each with its blob's object id (path → id). Their contents are asked for
 * by object id: asked for `<commit>:<path>`, git walks the trees from the root for every file and scans each
 * tree's entries in turn, which grows with the square of a folder's size (a plan of 20,000 services, whose
 * services folder holds 20,000 folders per environment, took 221 s).
 */
export function blobsAt(cwd: string, commit: string, only: readonly string[] = OUTPUT_ROOTS): Map<string, string> {
  const roots = only.map((r) => (r.endsWith("/") ? r.slice(0, -1) : r));
  const list = git(cwd, ["ls-tree", "-r", "-z", commit, "--", ...roots]);
  const blobs = new Map<string, string>();
  // Each entry: `<mode> <type> <object>\t<path>`; submodules (type commit) have no contents here.
  for (const entry of list.stdout.toString().split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [, type, id] = entry.slice(0, tab).split(" ");
    if (type !== "blob" || id === undefined) continue;
    blobs.set(entry.slice(tab + 1), id);
  }
  return blobs;
}

/** Every file under the output roots (or under `only`) at `commit`, with its text; paths relative to `cwd`. */
export function filesAt(cwd: string, commit: string, only: readonly string[] = OUTPUT_ROOTS): Map<string, string> {
  return blobTexts(cwd, blobsAt(cwd, commit, only));
}

/** The texts of the blobs (path → object id, as `blobsAt` lists them), with one `git cat-file --batch`. */
export function blobTexts(cwd: string, blobs: ReadonlyMap<string, string>): Map<string, string> {
  if (blobs.size === 0) return new Map();
  const answer = git(cwd, ["cat-file", "--batch"], [...blobs.values()].join("\n") + "\n");
  if (!answer.ok) throw new Error(`git cat-file --batch failed in ${cwd}: ${answer.stderr.trim()}`);
  return parseBatch([...blobs.keys()], answer.stdout);
}

/** The text of one blob, by its object id. */
export function blobText(cwd: string, id: string): string {
  const result = git(cwd, ["cat-file", "blob", id]);
  if (!result.ok) throw new Error(`git cat-file blob ${id} failed in ${cwd}: ${result.stderr.trim()}`);
  return result.stdout.toString("utf8");
}

/** The blobs of a `git cat-file --batch` answer, by path. */
function parseBatch(paths: readonly string[], batch: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let offset = 0;
  for (const path of paths) {
    const headerEnd = batch.indexOf(10, offset);
    const [, type, size] = batch.subarray(offset, headerEnd).toString().split(" ");
    const length = Number(size);
    if (type === "blob") files.set(path, batch.subarray(headerEnd + 1, headerEnd + 1 + length).toString("utf8"));
    offset = headerEnd + 1 + (type === "blob" ? length + 1 : 0);
  }
  return files;
}

/** The commit HEAD names, or undefined outside a Git work tree or before the first commit. */
export function headCommit(cwd: string): string | undefined {
  return resolveRef(cwd, "HEAD");
}

/** The text of each path (relative to `cwd`) at `commit`; undefined for a path not in that commit. */
export function textsAt(cwd: string, commit: string, paths: readonly string[]): Map<string, string | undefined> {
  const texts = new Map<string, string | undefined>();
  if (paths.length === 0) return texts;
  const prefix = git(cwd, ["rev-parse", "--show-prefix"]).stdout.toString().trim();
  const batch = git(cwd, ["cat-file", "--batch"], paths.map((p) => `${commit}:${prefix}${p}`).join("\n") + "\n").stdout;
  let offset = 0;
  for (const path of paths) {
    const headerEnd = batch.indexOf(10, offset);
    if (headerEnd < 0) break;
    const header = batch.subarray(offset, headerEnd).toString();
    const [, type, size] = header.split(" ");
    if (header.endsWith(" missing") || size === undefined) {
      texts.set(path, undefined);
      offset = headerEnd + 1;
      continue;
    }
    const length = Number(size);
    texts.set(
      path,
      type === "blob" ? batch.subarray(headerEnd + 1, headerEnd + 1 + length).toString("utf8") : undefined,
    );
    offset = headerEnd + 1 + length + 1;
  }
  return texts;
}
