// The committed files are read while the tree is built, up to a budget; the rest once the tree is known. Whatever
// the budget, the result is the same files, and the sync plan the same.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildTree, type BuiltTree } from "../cli/build-tree.ts";
import { finishDiskRead, readOwnershipOnDisk, startDiskRead } from "../cli/disk.ts";
import {
  DISK_THREAD_ABOVE,
  dropDiskAhead,
  earlyPaths,
  hashDisk,
  hashDiskAhead,
  stopDiskReads,
} from "../cli/disk-hash-thread.ts";
import { LOCK_COUNT_PATH, withLock } from "../cli/lock.ts";
import { listTree } from "../cli/list-tree.ts";
import { contentHash } from "../cli/content-hash.ts";
import type { DiskHashes } from "../cli/disk-hash-worker.ts";
import { MANIFEST_PATH, LOCK_PATH } from "../core/output-roots.ts";
import { readOwnership } from "../core/manifest.ts";
import { createPathGuard } from "../cli/safe-path.ts";
import type { FileTree } from "../core/file-tree.ts";
import type { Ownership } from "../core/manifest.ts";
import { planSync, type DiskFiles } from "../core/sync.ts";
import { generatedRepo } from "./helpers/scratch.ts";
import { NO_SOURCES } from "../core/provenance.ts";

const test = suite("disk read");

/** The example generated in a scratch repository and its tree built again, for `run`; the folder goes after. */
async function inGeneratedRepo(run: (dir: string, built: BuiltTree) => Promise<void>): Promise<void> {
  const dir = await generatedRepo();
  try {
    const io = { out: () => undefined, err: () => undefined };
    await run(dir, (await buildTree({ cwd: dir, config: "fawkes.config.ts" }, io))!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What reading the disk against `tree` fails with, or "no error". A new guard each time, as each command run
 * makes one (a guard remembers the folders it checked).
 */
async function readFailure(dir: string, previous: Ownership | undefined, tree: FileTree, thread: boolean) {
  const guard = await createPathGuard(dir);
  return finishDiskRead(guard, startDiskRead(guard, previous, { thread }), tree).then(
    () => "no error",
    (error: unknown) => String(error),
  );
}

test("any early budget reads the same files (stale, edited, unowned included) and plans the same", async () => {
  await inGeneratedRepo(async (dir, built) => {
    writeFileSync(join(dir, "out/platform/apps/unowned.yaml"), "kind: Stray\n");
    writeFileSync(join(dir, "docs/reference/services.md"), "edited by hand\n");
    const guard = await createPathGuard(dir);
    const previous = (await readOwnershipOnDisk(guard)).ownership;
    const read = (budget: number) =>
      finishDiskRead(guard, startDiskRead(guard, previous, { budget, thread: false }), built.tree);
    const whole = await read(Number.POSITIVE_INFINITY);
    assert.ok(whole.size > 400, `${whole.size} files`);
    assert.is(whole.get("out/platform/apps/unowned.yaml"), "kind: Stray\n");
    assert.is(whole.get("docs/reference/services.md"), "edited by hand\n");
    const inThread = () => finishDiskRead(guard, startDiskRead(guard, previous, { thread: true }), built.tree);
    const reads: [string, () => Promise<DiskFiles>][] = [
      ...[0, 1, 50_000].map((budget): [string, () => Promise<DiskFiles>] => [`budget ${budget}`, () => read(budget)]),
      ["hashed in a worker thread", inThread],
    ];
    for (const [budget, readFiles] of reads) {
      const files = await readFiles();
      assert.equal([...files.keys()].sort(), [...whole.keys()].sort(), `budget ${budget}`);
      for (const [path, content] of whole) assert.is(files.get(path), content, path);
      const plan = planSync(built.tree, files, previous);
      assert.equal(
        [plan.changed.map((c) => c.file.path), plan.unexpected, plan.unchanged],
        [["docs/reference/services.md"], ["out/platform/apps/unowned.yaml"], built.tree.size - 1],
      );
    }
  });
});

test("hashed in a worker thread: a file identical to the generated one is that string; a failure is reported as without the thread", async () => {
  await inGeneratedRepo(async (dir, built) => {
    const guard = await createPathGuard(dir);
    const previous = (await readOwnershipOnDisk(guard)).ownership;
    const early = startDiskRead(guard, previous, { thread: true });
    assert.ok((await early).hashes!.size > 400, "read in the thread");
    const files = await finishDiskRead(guard, early, built.tree);
    for (const [path, file] of built.tree) assert.ok(files.get(path) === file.content, path);

    // A folder where an owned file is, then a link in an owned path: the thread fails, the main thread says why.
    const failure = (thread: boolean) => readFailure(dir, previous, built.tree, thread);
    rmSync(join(dir, "out/platform/apps/root.yaml"));
    mkdirSync(join(dir, "out/platform/apps/root.yaml"));
    assert.match(await failure(true), "out/platform/apps/root.yaml: cannot read");
    assert.is(await failure(true), await failure(false));
    rmSync(join(dir, "out/platform/apps/root.yaml"), { recursive: true });
    renameSync(join(dir, "docs/reference"), join(dir, "docs/elsewhere"));
    symlinkSync(join(dir, "docs/elsewhere"), join(dir, "docs/reference"));
    const linked = await failure(true);
    assert.match(linked, /docs\/reference.*symbolic link/);
    assert.is(linked, await failure(false));
    rmSync(join(dir, "docs/reference"));
    renameSync(join(dir, "docs/elsewhere"), join(dir, "docs/reference"));
    // A link as the file itself, outside the exclusive roots and inside them: never followed.
    for (const path of ["docs/reference/teams.md", "out/platform/apps/projects/data.yaml"]) {
      renameSync(join(dir, path), join(dir, "moved"));
      symlinkSync(join(dir, "moved"), join(dir, path));
      const linkedFile = await failure(true);
      assert.match(linkedFile, new RegExp(`${path}.*symbolic link`));
      assert.is(linkedFile, await failure(false));
      rmSync(join(dir, path));
      renameSync(join(dir, "moved"), join(dir, path));
    }
    assert.is(await failure(true), "no error");
  });
});

test("a generated path the exclusive roots' listing does not hold is not tried; one elsewhere is", async () => {
  await inGeneratedRepo(async (dir, built) => {
    rmSync(join(dir, "out/platform/apps/root.yaml"));
    rmSync(join(dir, "docs/reference/teams.md"));
    for (const thread of [false, true]) {
      const guard = await createPathGuard(dir);
      const resolved: string[] = [];
      const spy = { ...guard, resolve: (path: string) => (resolved.push(path), guard.resolve(path)) };
      const previous = { paths: new Set<string>(), legacy: false };
      const files = await finishDiskRead(spy, startDiskRead(spy, previous, { thread }), built.tree);
      assert.ok(files.size > 400 && !files.has("out/platform/apps/root.yaml"), `thread ${thread}`);
      assert.not.ok(resolved.includes("out/platform/apps/root.yaml"), `thread ${thread}: not tried`);
      assert.ok(resolved.includes("docs/reference/teams.md"), `thread ${thread}: tried`);
    }
    // A folder where a generated file goes is in the listing: it is read, and that fails, with the thread or not.
    mkdirSync(join(dir, "out/platform/apps/root.yaml"));
    for (const thread of [false, true]) {
      const failed = await readFailure(dir, { paths: new Set(), legacy: false }, built.tree, thread);
      assert.match(failed, "out/platform/apps/root.yaml: cannot read", `thread ${thread}`);
    }
  });
});

test("a generated text with a lone surrogate is read back, not trusted by its hash: both reads plan the same", async () => {
  const dir = await generatedRepo();
  try {
    const guard = await createPathGuard(dir);
    const path = "out/platform/apps/odd.yaml";
    const content = "name: a\uD800\n";
    writeFileSync(join(dir, path), content); // written as U+FFFD, as generate would write it
    const tree = new Map([[path, { path, content, sources: NO_SOURCES, origin: [] }]]) as unknown as Parameters<
      typeof finishDiskRead
    >[2];
    const previous = { paths: new Set([path]), legacy: false };
    const plans = [];
    for (const thread of [false, true]) {
      const files = await finishDiskRead(guard, startDiskRead(guard, previous, { thread }), tree);
      plans.push(planSync(tree, files, previous).changed.map((c) => c.file.path));
    }
    assert.equal(plans, [[path], [path]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the listing holds what Node's recursive readdir does, in its order; a link is listed, never followed", () => {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-list-"));
  try {
    const out = join(dir, "out");
    for (const folder of ["a/b/c", "a/empty", "d", "e/f"]) mkdirSync(join(out, folder), { recursive: true });
    for (const file of ["x.yaml", "a/y.yaml", "a/b/z.yaml", "a/b/c/w.yaml", "d/v.yaml", "e/f/u.yaml"])
      writeFileSync(join(out, file), file);
    symlinkSync(join(out, "a"), join(out, "d", "to-folder"));
    symlinkSync(join(out, "x.yaml"), join(out, "e", "to-file"));
    const kind = (e: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }) =>
      e.isFile() ? "file" : e.isDirectory() ? "folder" : e.isSymbolicLink() ? "link" : "other";
    const node = readdirSync(out, { withFileTypes: true, recursive: true }).map((e) => ({
      path: relative(dir, join(e.parentPath, e.name)).split(sep).join("/"),
      kind: kind(e),
    }));
    // Node 24's recursive listing goes on through a link to a folder: what it finds there is not the tree's.
    const links = node.filter((e) => e.kind === "link").map((e) => `${e.path}/`);
    const listed = listTree(out, "out");
    assert.equal(
      listed,
      node.filter((e) => !links.some((link) => e.path.startsWith(link))),
    );
    assert.equal(
      listed.filter((e) => e.kind === "link").map((e) => e.path),
      ["out/d/to-folder", "out/e/to-file"],
    );
    assert.ok(listed.some((e) => e.path === "out/a/b/c/w.yaml" && e.kind === "file"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What a file holding `text` hashes to. */
const holding = (text: string) => contentHash(Buffer.from(text));

/** The hash a read found for `out/a.yaml`. */
const hashOf = async (read: Promise<DiskHashes | undefined> | undefined) => (await read)?.hashes.get("out/a.yaml");

/** A repository that owns more files than the disk thread's threshold, most of them missing; `out/a.yaml` holds `a`. */
function largeRepo(): { dir: string; paths: string[] } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "fawkes-ahead-")));
  const owned = Array.from({ length: DISK_THREAD_ABOVE + 1 }, (_, i) => `out/f${i}.yaml`)
    .concat("out/a.yaml")
    .sort();
  mkdirSync(join(dir, "out"));
  mkdirSync(join(dir, ".fawkes"));
  writeFileSync(join(dir, MANIFEST_PATH), `${owned.join("\n")}\n`);
  writeFileSync(join(dir, "out/a.yaml"), "a");
  const previous = readOwnership(readFileSync(join(dir, MANIFEST_PATH), "utf8"), undefined);
  return { dir, paths: earlyPaths(previous) };
}

test("a read started ahead is taken for its repository and paths; for other paths, or dropped, the disk is read again", async () => {
  const { dir, paths } = largeRepo();
  try {
    assert.is(await hashOf(hashDiskAhead(dir)), holding("a"), "the read ahead hashed out/a.yaml");
    writeFileSync(join(dir, "out/a.yaml"), "b");
    assert.is(await hashOf(hashDisk(dir, paths)), holding("a"), "taken: what the disk held when it read");
    assert.is(await hashOf(hashDisk(dir, paths)), holding("b"), "taken once: the next read reads the disk");
    await hashDiskAhead(dir);
    writeFileSync(join(dir, "out/a.yaml"), "c");
    assert.is(await hashOf(hashDisk(dir, paths.slice(1))), holding("c"), "other paths: read again");
    await hashDiskAhead(dir);
    writeFileSync(join(dir, "out/a.yaml"), "d");
    assert.is(await hashOf(hashDisk(join(dir, "out"), paths)), undefined, "another root: read again, there");
    await hashDiskAhead(dir);
    dropDiskAhead();
    writeFileSync(join(dir, "out/a.yaml"), "e");
    assert.is(await hashOf(hashDisk(dir, paths)), holding("e"), "dropped: read again");
  } finally {
    stopDiskReads();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a read started ahead is not taken once another run has taken the lock; under this run's own lock it is", async () => {
  const { dir, paths } = largeRepo();
  const io = { out: () => undefined, err: () => undefined };
  const locked = async <T>(work: () => Promise<T>) => withLock(await createPathGuard(dir), "generate", io, work);
  try {
    writeFileSync(join(dir, LOCK_PATH), JSON.stringify({ pid: process.pid, host: "h", command: "generate" }));
    assert.is(hashDiskAhead(dir), undefined, "not started while a run holds the lock");
    rmSync(join(dir, LOCK_PATH));
    // Another run takes the lock, changes a file and ends, while this one has not taken it yet.
    await hashDiskAhead(dir);
    await locked(async () => writeFileSync(join(dir, "out/a.yaml"), "b"));
    assert.is(await hashOf(hashDisk(dir, paths)), holding("b"), "not taken: read again");
    assert.is(await hashOf(locked(async () => hashDisk(dir, paths))), holding("b"), "read again under the lock");
    // This run's own lock, taken after the read started ahead: the read is taken.
    await hashDiskAhead(dir);
    writeFileSync(join(dir, "out/a.yaml"), "c");
    assert.is(await hashOf(locked(async () => hashDisk(dir, paths))), holding("b"), "taken under its own lock");
    // A count that cannot be read: no read is taken.
    writeFileSync(join(dir, LOCK_COUNT_PATH), "not a count");
    assert.is(hashDiskAhead(dir), undefined, "not started without a count");
  } finally {
    stopDiskReads();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
