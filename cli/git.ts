// Reading the committed output at a git ref, with one `git cat-file --batch` for all files.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
 * The files under `only` at `commit`, and the `git cat-file --batch` request for their contents. The request
 * names each blob by its object id, as `ls-tree` lists it: asked for `<commit>:<path>`, git walks the trees from
 * the root for every file and scans each tree's entries in turn, which grows with the square of a folder's
 * size (a plan of 20,000 services, whose services folder holds 20,000 folders per environment, took 221 s).
 */
function listAt(cwd: string, commit: string, only: readonly string[]): { paths: string[]; request: string } {
  const roots = only.map((r) => (r.endsWith("/") ? r.slice(0, -1) : r));
  const list = git(cwd, ["ls-tree", "-r", "-z", commit, "--", ...roots]);
  const paths: string[] = [];
  const ids: string[] = [];
  // Each entry: `<mode> <type> <object>\t<path>`; submodules (type commit) have no contents here.
  for (const entry of list.stdout.toString().split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [, type, id] = entry.slice(0, tab).split(" ");
    if (type !== "blob" || id === undefined) continue;
    paths.push(entry.slice(tab + 1));
    ids.push(id);
  }
  return { paths, request: ids.join("\n") + "\n" };
}

/** Every file under the output roots (or under `only`) at `commit`, with its text; paths relative to `cwd`. */
export function filesAt(cwd: string, commit: string, only: readonly string[] = OUTPUT_ROOTS): Map<string, string> {
  const { paths, request } = listAt(cwd, commit, only);
  if (paths.length === 0) return new Map();
  return parseBatch(paths, git(cwd, ["cat-file", "--batch"], request).stdout);
}

/**
 * `filesAt`, with git running beside this thread: its request and its answer go through files, not pipes, so
 * git never waits for this thread to read, however long a synchronous step (building the tree) keeps it busy.
 */
export async function filesAtInBackground(
  cwd: string,
  commit: string,
  only: readonly string[] = OUTPUT_ROOTS,
): Promise<Map<string, string>> {
  const { paths, request } = listAt(cwd, commit, only);
  if (paths.length === 0) return new Map();
  const dir = mkdtempSync(join(tmpdir(), "fawkes-git-"));
  const remove = () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A system that cannot remove an open file: removed below, once it is closed.
    }
  };
  const open: number[] = [];
  try {
    writeFileSync(join(dir, "request"), request);
    const input = openSync(join(dir, "request"), "r");
    open.push(input);
    const answer = openSync(join(dir, "answer"), "w+");
    open.push(answer);
    const child = spawn("git", ["cat-file", "--batch"], { cwd, stdio: [input, answer, "ignore"] });
    // The files live on through their descriptors: nothing is left behind, even if this process is killed.
    remove();
    const code = await new Promise<number | null>((done) => {
      child.on("error", () => done(null));
      child.on("exit", done);
    });
    if (code !== 0) throw new Error(`git cat-file --batch failed at ${commit} (exit ${code})`);
    return parseBatch(paths, readWhole(answer));
  } finally {
    for (const fd of open) closeSync(fd);
    remove();
  }
}

/** Every byte of an open file, from its start (git moved the shared offset to its end). */
function readWhole(fd: number): Buffer {
  const bytes = Buffer.alloc(fstatSync(fd).size);
  for (let at = 0; at < bytes.length;) {
    const read = readSync(fd, bytes, at, bytes.length - at, at);
    if (read === 0) break;
    at += read;
  }
  return bytes;
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
