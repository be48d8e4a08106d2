// Generate stages each file it will write as soon as it is composed (cli/staging.ts), so that the text of a large
// platform is never all in memory. Staging must change nothing a user can see: a generate that fails or refuses
// leaves the repository as it was, folders included; one that succeeds leaves no staged file; a file that cannot
// be staged (a link in the way) stays in memory, and nothing is written through the link.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { contentHash, fileHash } from "../cli/content-hash.ts";
import type { DiskRead } from "../cli/disk.ts";
import { createPathGuard } from "../cli/safe-path.ts";
import { stringify } from "yaml";
import { syntheticPlatform } from "../bench/synthetic-config.ts";
import { finishDiskRead, startDiskRead } from "../cli/disk.ts";
import { DISK_THREAD_ABOVE } from "../cli/disk-hash-thread.ts";
import { isStaged, isUnchanged } from "../cli/staged-file.ts";
import { keepUnchanged, startStaging } from "../cli/staging.ts";
import { SAME_AS_GENERATED, planSync } from "../core/sync.ts";
import { toFileTree, type RenderedFile } from "../core/file-tree.ts";
import { JOURNAL_PATH, STAGED_FILE } from "../core/output-roots.ts";
import { caseFolder, cli, editExample, writeCase } from "./helpers/repo.ts";
import { fileSources, sourceList } from "../core/provenance.ts";

const test = suite("staging");

/**
 * Every entry under the folder, files and folders, with each file's bytes: node_modules and dist aside, and
 * .fawkes/ when empty (where the lock was taken).
 */
function entries(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const rel = relative(dir, path);
      if (rel === "node_modules" || rel === "dist") continue;
      if (entry.isDirectory()) {
        if (rel === ".fawkes" && readdirSync(path).length === 0) continue;
        found.set(`${rel}/`, "");
        walk(path);
      } else found.set(rel, entry.isFile() ? readFileSync(path, "utf8") : "(link)");
    }
  };
  walk(dir);
  return found;
}

const stagedLeft = (dir: string) => [...entries(dir).keys()].filter((path) => STAGED_FILE.test(path));

/** The example with one service asking to run as root: Enforce mode denies it once every file is composed. */
const PRIVILEGED = editExample(
  'build: { type: "go", repo: "https://github.com/acme/payment-events" },',
  'build: { type: "go", repo: "https://github.com/acme/payment-events" },\n      security: { runAsRoot: true },',
);

test("a first generate that fails after staging its files leaves no out/ folder, no staged file", async () => {
  const dir = writeCase(PRIVILEGED);
  const before = entries(dir);
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, /policy "pod-security" \(Enforce\) would deny Deployment payments\/payment-events/);
  assert.equal([...entries(dir)], [...before], "the folder as it was: no out/, no staged file, no folder");
});

test("a generate refused for a file in the way removes what it staged, and the folders it made", async () => {
  const dir = writeCase(readFileSync(join(import.meta.dirname, "../fawkes.config.ts"), "utf8"));
  mkdirSync(join(dir, "out/platform/apps"), { recursive: true });
  writeFileSync(join(dir, "out/platform/apps/root.yaml"), "mine\n");
  const before = entries(dir);
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, /out\/platform\/apps\/root\.yaml: exists and is not owned by Fawkes/);
  assert.equal([...entries(dir)], [...before]);
});

test("a first generate moves every file it staged into place: none is left, and check is in sync", async () => {
  const dir = writeCase(readFileSync(join(import.meta.dirname, "../fawkes.config.ts"), "utf8"));
  const run = await cli(["--timings", "generate", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  if (availableParallelism() > 1)
    assert.match(run.stderr, /^ {2}wait for the staging thread +\d+ ms$/m, "past 200 files, a thread stages them");
  assert.equal(stagedLeft(dir), []);
  const check = await cli(["check", "-C", dir]);
  assert.is(check.code, 0, check.stdout);
});

/** The two ways a file is staged: here, and by the staging thread (from the first file). */
const WAYS = [
  ["here", Infinity],
  ["by the thread", 0],
] as const;

/** An early read that found `files` and nothing else under out/. */
function readOf(files: Record<string, string>): DiskRead {
  const paths = Object.keys(files);
  return {
    files: new Map(Object.entries(files)),
    tried: new Set(paths),
    planned: paths,
    listed: new Set(paths),
    staged: [],
  };
}

const rendered = (path: string, content: string): RenderedFile => ({
  path,
  content,
  sources: fileSources(["services.a"]),
});

test("a new or changed file is staged and read back; an unchanged one, or one outside out/, is kept", async () => {
  const dir = caseFolder();
  const guard = await createPathGuard(dir);
  mkdirSync(join(dir, "out/dev/a"), { recursive: true });
  writeFileSync(join(dir, "out/dev/a/same.yaml"), "same\n");
  writeFileSync(join(dir, "out/dev/a/old.yaml"), "old\r\n");
  const staging = startStaging(
    guard,
    readOf({ "out/dev/a/same.yaml": "same\n", "out/dev/a/old.yaml": "old\r\n", "out/dev/a/crlf.yaml": "x\r\n" }),
  );
  const fresh = staging.keep(rendered("out/dev/b/c/new.yaml", "new\n"));
  const changed = staging.keep(rendered("out/dev/a/old.yaml", "changed\n"));
  for (const [file, content] of [
    [fresh, "new\n"],
    [changed, "changed\n"],
  ] as const) {
    assert.ok(isStaged(file), file.path);
    assert.is(file.content, content, "read back");
    assert.is(fileHash(file), contentHash(content));
    assert.equal(sourceList(file.sources), ["services.a"]);
    assert.is(readFileSync(join(dir, `${file.path}.fawkes-${process.pid}.tmp`), "utf8"), content);
  }
  for (const file of [
    rendered("out/dev/a/same.yaml", "same\n"),
    rendered("out/dev/a/crlf.yaml", "x\n"),
    rendered("docs/index.md", "# docs\n"),
  ])
    assert.is(staging.keep(file), file, `${file.path} is kept in memory`);
  await staging.discard();
  assert.equal(stagedLeft(dir), []);
  assert.not.ok(existsSync(join(dir, "out/dev/b")), "the folders made for staging are gone");
  assert.ok(existsSync(join(dir, "out/dev/a/old.yaml")), "the disk's own files stay");
});

for (const [way, threadAfter] of WAYS)
  test(`a link where a folder goes: nothing is staged through it ${way}, and the file stays in memory`, async () => {
    const dir = caseFolder();
    const outside = caseFolder();
    const guard = await createPathGuard(dir);
    mkdirSync(join(dir, "out"));
    symlinkSync(outside, join(dir, "out/dev"));
    const staging = startStaging(guard, readOf({}), { threadAfter });
    const file = staging.keep(rendered("out/dev/a/manifests.yaml", "x\n"));
    await staging.settle();
    assert.not.ok(isStaged(file));
    assert.is(file.content, "x\n");
    assert.equal(readdirSync(outside).sort(), ["dist", "node_modules", "package.json"], "nothing written outside");
    await staging.discard();
  });

for (const [way, threadAfter] of WAYS)
  test(`a name the staged name makes too long is kept in memory ${way}, and nothing is left behind`, async () => {
    const dir = caseFolder();
    const guard = await createPathGuard(dir);
    const before = entries(dir);
    const staging = startStaging(guard, readOf({}), { threadAfter });
    // 250 bytes is a name the file system takes; with `.fawkes-<pid>.tmp` after it, it is too long.
    const file = staging.keep(rendered(`out/dev/a/${"n".repeat(245)}.yaml`, "x\n"));
    await staging.settle();
    assert.not.ok(isStaged(file));
    assert.is(file.content, "x\n");
    await staging.discard();
    assert.equal([...entries(dir)], [...before], "no staged file, no folder");
  });

test("a file the disk holds with other line endings is staged, and removed when the plan finds it unchanged", async () => {
  const dir = caseFolder();
  const guard = await createPathGuard(dir);
  // Above 2,000 owned files the early read answers with hashes, of the bytes as they are on disk.
  const crlf = "a: 1\r\n";
  const read: DiskRead = {
    files: new Map(),
    tried: new Set(["out/dev/a/x.yaml"]),
    planned: ["out/dev/a/x.yaml"],
    listed: new Set(["out/dev/a/x.yaml"]),
    hashes: new Map([["out/dev/a/x.yaml", contentHash(crlf)]]),
    staged: [],
  };
  const staging = startStaging(guard, read);
  assert.ok(isStaged(staging.keep(rendered("out/dev/a/x.yaml", "a: 1\n"))));
  assert.equal(stagedLeft(dir).length, 1);
  await staging.discard(new Set());
  assert.equal(stagedLeft(dir), []);
  assert.not.ok(existsSync(join(dir, "out")), "nor the folders made for it");
});

test("the folders made for staging go even when someone else removed the staged files", async () => {
  const dir = caseFolder();
  const guard = await createPathGuard(dir);
  const staging = startStaging(guard, readOf({}));
  staging.keep(rendered("out/dev/a/x.yaml", "x\n"));
  // As the journal does when it cannot be written (cli/journal.ts).
  for (const path of stagedLeft(dir)) rmSync(join(dir, path));
  await staging.discard();
  assert.not.ok(existsSync(join(dir, "out")));
});

test("staged files that were moved into place, or that a journal took over, are not removed", async () => {
  const dir = caseFolder();
  const guard = await createPathGuard(dir);
  const staging = startStaging(guard, readOf({}));
  const written = staging.keep(rendered("out/dev/a/written.yaml", "w\n"));
  const left = staging.keep(rendered("out/dev/a/left.yaml", "l\n"));
  mkdirSync(join(dir, ".fawkes"));
  writeFileSync(join(dir, JOURNAL_PATH), "{}");
  await staging.discard(new Set([written.path]));
  assert.equal(stagedLeft(dir).length, 2, "the journal's to complete");
  rmSync(join(dir, JOURNAL_PATH));
  await staging.discard(new Set([written.path]));
  assert.equal(stagedLeft(dir), [`${written.path}.fawkes-${process.pid}.tmp`]);
  assert.ok(existsSync(join(dir, "out/dev/a")), "the folder holding it stays");
  assert.is(left.path, "out/dev/a/left.yaml");
});

test("the staging thread stages each file, then lets go of its text; discard removes them and its folders", async () => {
  const dir = caseFolder();
  const guard = await createPathGuard(dir);
  const staging = startStaging(guard, readOf({}), { threadAfter: 1 });
  const first = staging.keep(rendered("out/dev/a/first.yaml", "first\n"));
  // Past the first, in the thread: more than a batch, some larger than one, text that is not ASCII, and more
  // than the main thread holds before it waits for the thread (32 MiB).
  const texts = Array.from({ length: 600 }, (_, i) =>
    i % 100 === 7 ? `big: "${"é".repeat(300_000)}"\n` : i % 10 === 3 ? "x".repeat(1 << 20) : `n: ${i} ✓\n`,
  );
  const kept = texts.map((text, i) => staging.keep(rendered(`out/dev/t${i % 7}/f${i}.yaml`, text)));
  kept.forEach((file, i) => {
    assert.ok(isStaged(file), file.path);
    assert.is(file.content, texts[i], "readable before the thread staged it");
    assert.is(fileHash(file), contentHash(texts[i]!), "the hash of the bytes written");
  });
  await staging.settle();
  kept.forEach((file, i) => {
    const staged = join(dir, `${file.path}.fawkes-${process.pid}.tmp`);
    assert.is(readFileSync(staged, "utf8"), texts[i], file.path);
    // Read back from the disk, not held: an edit of the staged file shows.
    writeFileSync(staged, "edited\n");
    assert.is(file.content, "edited\n");
  });
  assert.ok(isStaged(first));
  await staging.discard(new Set());
  assert.equal(stagedLeft(dir), []);
  assert.not.ok(existsSync(join(dir, "out")), "the folders either thread made are gone");
});

test("a file the staging thread cannot stage, and every later one, stays in memory; the thread's own are removed", async () => {
  const dir = caseFolder();
  const guard = await createPathGuard(dir);
  mkdirSync(join(dir, "out/dev/a"), { recursive: true });
  // Someone's file at the staged name of the fifth: never written through, never removed.
  const theirs = join(dir, `out/dev/a/f4.yaml.fawkes-${process.pid}.tmp`);
  writeFileSync(theirs, "theirs\n");
  const staging = startStaging(guard, readOf({}), { threadAfter: 0 });
  const kept = Array.from({ length: 10 }, (_, i) => staging.keep(rendered(`out/dev/a/f${i}.yaml`, `${i}\n`)));
  await staging.settle();
  assert.equal(
    kept.map((file) => isStaged(file)),
    kept.map((_, i) => i < 4),
  );
  kept.forEach((file, i) => assert.is(file.content, `${i}\n`, file.path));
  assert.is(readFileSync(theirs, "utf8"), "theirs\n");
  assert.is(staging.keep(rendered("out/dev/a/later.yaml", "l\n")).path, "out/dev/a/later.yaml");
  assert.not.ok(isStaged(staging.keep(rendered("out/dev/a/later2.yaml", "l\n"))), "the thread takes no more");
  await staging.discard(new Set());
  assert.equal(stagedLeft(dir), [relative(dir, theirs)]);
});

test("a file the disk holds byte for byte is kept as its hash, and the comparison never reads it", async () => {
  const dir = caseFolder();
  mkdirSync(join(dir, "out/dev/a"), { recursive: true });
  mkdirSync(join(dir, "out/platform/apps"), { recursive: true });
  const same = rendered("out/dev/a/same.yaml", "same\n");
  const app = rendered("out/platform/apps/a.yaml", "kind: Application\n");
  for (const file of [same, app]) writeFileSync(join(dir, file.path), file.content);
  const previous = { paths: new Set([same.path, app.path]), legacy: false };
  const guard = await createPathGuard(dir);
  // The thread's read: hashes only.
  const early = startDiskRead(guard, previous, { thread: true });
  const read = await early;
  assert.ok(read.hashes, "read in the thread");
  const keep = keepUnchanged(guard, read);
  const kept = keep(same);
  assert.ok(isUnchanged(kept));
  assert.is(fileHash(kept), contentHash("same\n"));
  assert.is(kept.content, "same\n", "read from the disk when asked");
  assert.is(keep(app), app, "an ArgoCD file keeps its text: the prune guard reads the disk's");
  const edited = rendered("out/dev/a/same.yaml", "edited\n");
  assert.is(keep(edited), edited, "a different file keeps its text");
  assert.is(keepUnchanged(guard, readOf({ [same.path]: "same\n" }))(same), same, "a read that holds the text");

  // A folder in its place now: reading it again, in the read or in the comparison, would fail.
  rmSync(join(dir, same.path));
  mkdirSync(join(dir, same.path));
  const tree = toFileTree([kept, app]);
  const disk = await finishDiskRead(guard, early, tree);
  assert.is(disk.get(same.path), SAME_AS_GENERATED);
  assert.is(disk.get(app.path), app.content);
  const plan = planSync(tree, disk, previous);
  assert.is(plan.unchanged, 2, "compared without reading the file");
  assert.equal([plan.added, plan.changed, plan.stale], [[], [], []]);
});

test("check above 2,000 owned files keeps unchanged files as their hash, and still finds a hand edit", async () => {
  const { config, releases } = syntheticPlatform(340);
  const dir = writeCase(`export default ${JSON.stringify(config)};\n`, stringify(releases));
  assert.is((await cli(["generate", "-C", dir])).code, 0);
  const owned = readFileSync(join(dir, ".fawkes/owned.txt"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("out/"));
  assert.ok(owned.length > DISK_THREAD_ABOVE, `${owned.length} owned files: the disk is hashed in a thread`);
  const clean = await cli(["--timings", "check", "-C", dir]);
  assert.is(clean.code, 0, clean.stdout);
  assert.match(clean.stderr, /^ {2}wait for the output read +\d+ ms$/m, clean.stderr);
  // An exposed service's: its route's Gateway depends on every exposed host of the environment (68 here).
  const edited = "out/platform/services/prod/svc-5/manifests.yaml";
  assert.ok(owned.includes(edited));
  writeFileSync(join(dir, edited), `${readFileSync(join(dir, edited), "utf8")}# edited\n`);
  const drift = await cli(["check", "-C", dir]);
  assert.is(drift.code, 1);
  const line = drift.stdout.split("\n").find((l) => l.includes(edited));
  assert.ok(line, drift.stdout);
  // The report names the first entries and counts the rest; `fawkes explain` lists them all.
  assert.match(line, /; from components\.[^)]* and \d+ more \(fawkes explain lists them\)\)/);
  assert.is(line.split("; from ")[1]!.split(" and ")[0]!.split(", ").length, 40, line);

  // A file a killed generate staged: the thread's listing names it, for check to report and generate to remove.
  const leftover = "out/platform/apps/root.yaml.fawkes-999999.tmp";
  writeFileSync(join(dir, leftover), "half written");
  const reported = await cli(["check", "-C", dir]);
  assert.match(reported.stdout, /leftover\s+out\/platform\/apps\/root\.yaml\.fawkes-999999\.tmp\s+\(staged by/);
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stderr, /removed 1 staged file of an interrupted generate/);
  assert.not.ok(existsSync(join(dir, leftover)));
});

test.run();
