// An interrupted or failing generate never leaves a repository that cannot be brought back in sync; disk
// errors are the user's to fix (exit 1, the path named); one generate or release runs at a time.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildTree } from "../cli/build-tree.ts";
import { readDiskFiles, readOwnershipOnDisk } from "../cli/disk.ts";
import { DiskProblem, toDiskProblem } from "../cli/errors.ts";
import { applyChanges } from "../cli/journal.ts";
import { createPathGuard, type PathGuard } from "../cli/safe-path.ts";
import { planSync } from "../core/sync.ts";
import { BIN, generatedRepo, inRepo, snapshot } from "./helpers/scratch.ts";

const test = suite("interrupted and failing generates");
let dir = "";

test.before.each(async () => {
  dir = await generatedRepo();
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

const WITHOUT_DATA_TEAM = (config: string): string =>
  config
    .replace(/ {4}data: \{\n(.*\n)*? {4}\},\n/, "")
    .replace(/ {4}"reporting-etl": \{\n(.*\n)*? {4}\},\n/, "")
    .replace(/ {4}metabase: \{\n(.*\n)*? {4}\},\n(?= {2}\},)/, "");

/** A config change that writes some files and deletes others. */
function changeConfig(): void {
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    WITHOUT_DATA_TEAM(readFileSync(join(dir, "fawkes.config.ts"), "utf8")).replace("pods: 80 }", "pods: 90 }"),
  );
  writeFileSync(
    join(dir, "releases.yaml"),
    readFileSync(join(dir, "releases.yaml"), "utf8").replace(/reporting-etl:\n( {2}.*\n)*/, ""),
  );
}

test("staged files of a killed generate: check reports them, generate removes them", async () => {
  const leftovers = [
    "out/platform/apps/root.yaml.fawkes-999999.tmp",
    "docs/reference/services.md.fawkes-999999.tmp",
    ".fawkes/owned.txt.fawkes-999999.tmp",
    "mkdocs.yml.fawkes-999999.tmp",
  ];
  for (const path of leftovers) writeFileSync(join(dir, path), "half written");
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 1);
  for (const path of leftovers)
    assert.match(
      check.stdout,
      new RegExp(`leftover\\s+${path.replace(/\./g, "\\.")}\\s+\\(staged by an interrupted generate`),
    );
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stderr, /removed 4 staged files of an interrupted generate/);
  for (const path of leftovers) assert.not.ok(existsSync(join(dir, path)), path);
  assert.is((await inRepo(dir, ["check"])).code, 0);
});

/** A guard that fails for one path once the staged files exist: a disk error in the middle of the commit. */
function failingOn(guard: PathGuard, path: string, after: number): PathGuard {
  let calls = 0;
  return {
    root: guard.root,
    resolve: async (p) => {
      if (p === path && ++calls > after) throw new DiskProblem(p, "cannot delete: permission denied (EACCES)");
      return guard.resolve(p);
    },
  };
}

async function commitFailingOn(
  failPath: (stale: readonly string[], writes: readonly string[]) => string,
): Promise<{ stale: readonly string[]; error: unknown }> {
  const io = { out: () => undefined, err: () => undefined };
  const built = (await buildTree({ cwd: dir, config: "fawkes.config.ts" }, io))!;
  const guard = await createPathGuard(dir);
  const previous = (await readOwnershipOnDisk(guard)).ownership;
  const plan = planSync(built.tree, await readDiskFiles(guard, built.tree, previous), previous);
  const writes = [...plan.added, ...plan.changed.map((c) => c.file)];
  const path = failPath(
    plan.stale,
    writes.map((f) => f.path),
  );
  // Writes resolve their path twice (stage, move); deletes once.
  const error = await applyChanges(failingOn(guard, path, plan.stale.includes(path) ? 0 : 1), writes, plan.stale).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { stale: plan.stale, error };
}

test("a delete failing mid-commit: the old manifest still owns the file; the next generate completes the run", async () => {
  changeConfig();
  const manifestBefore = readFileSync(join(dir, ".fawkes/owned.txt"), "utf8");
  const { stale, error } = await commitFailingOn((s) => s[0]!);
  assert.ok(error instanceof DiskProblem, String(error));
  assert.match((error as DiskProblem).message, /run `npx fawkes generate` again: it completes the interrupted run/);
  assert.ok(stale.length > 3);
  assert.is(readFileSync(join(dir, ".fawkes/owned.txt"), "utf8"), manifestBefore, "the manifest is renamed last");
  assert.ok(existsSync(join(dir, stale[0]!)));
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 1);
  assert.match(check.stdout, /leftover\s+\.fawkes\/journal\.json\s+\(an interrupted generate; generate completes it\)/);
  const run = await inRepo(dir, ["generate", "--allow-prune"]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stderr, /completed an interrupted generate/);
  for (const path of stale) assert.not.ok(existsSync(join(dir, path)), path);
  assert.not.ok(existsSync(join(dir, ".fawkes/journal.json")));
  const after = await inRepo(dir, ["check"]);
  assert.is(after.code, 0, after.stdout);
});

test("a move failing mid-commit leaves the manifest as it was", async () => {
  changeConfig();
  const manifestBefore = readFileSync(join(dir, ".fawkes/owned.txt"), "utf8");
  const { error } = await commitFailingOn((_, writes) => writes.filter((p) => p !== ".fawkes/owned.txt")[0]!);
  assert.ok(error instanceof DiskProblem);
  assert.is(readFileSync(join(dir, ".fawkes/owned.txt"), "utf8"), manifestBefore);
  assert.is((await inRepo(dir, ["generate", "--allow-prune"])).code, 0);
  assert.is((await inRepo(dir, ["check"])).code, 0);
});

/**
 * Runs generate and kills it with SIGKILL `delayMs` after `reached` (given the child's pid) first holds on disk,
 * polled every millisecond; resolves with whether it was killed before it finished.
 */
async function generateKilledWhen(reached: (pid: number) => boolean, delayMs = 0): Promise<boolean> {
  const child = spawn(process.execPath, [BIN, "generate", "--allow-prune"], { cwd: dir, stdio: "ignore" });
  let exited = false;
  const exit = new Promise((resolve) => child.on("exit", resolve)).then(() => (exited = true));
  while (!exited && !reached(child.pid!)) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!exited) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const killed = !exited && child.kill("SIGKILL");
  await exit;
  return killed;
}

/** A config change that rewrites about 180 of the 510 files (a long commit to kill): quota, domain, repository. */
function bumpPods(): void {
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    readFileSync(join(dir, "fawkes.config.ts"), "utf8")
      .replace(/pods: (\d+) \}/, (_, n: string) => `pods: ${Number(n) + 1} }`)
      .replace(/domain: "([a-z0-9]+)\.dev"/, 'domain: "$1x.dev"')
      .replace(
        /github\.com\/acme\/platform(\d*)\.git/,
        (_, n: string) => `github.com/acme/platform${Number(n) + 1}.git`,
      ),
  );
}

test("kill -9 while staging, at the journal, and while renaming: the next generate brings the tree back in sync", async () => {
  const pageStaged = (pid: number) => existsSync(join(dir, `docs/reference/services.md.fawkes-${pid}.tmp`));
  const journal = () => existsSync(join(dir, ".fawkes/journal.json"));
  // What the next generate says when the kill landed (a kill can come after a fast commit has finished).
  const moments: [string, (pid: number) => boolean, number, RegExp][] = [
    ["staging", pageStaged, 0, /removed \d+ staged files? of an interrupted generate/],
    ["the journal written", journal, 0, /completed an interrupted generate/],
    ["renaming", journal, 3, /completed an interrupted generate/],
  ];
  let recovered = 0;
  for (const [moment, reached, delayMs, recovery] of moments) {
    bumpPods();
    const killed = await generateKilledWhen(reached, delayMs);
    const run = await inRepo(dir, ["generate", "--allow-prune"]);
    assert.is(run.code, 0, `after a kill at ${moment}: ${run.stderr}`);
    if (killed && recovery.test(run.stderr)) recovered++;
    const check = await inRepo(dir, ["check"]);
    assert.is(check.code, 0, `after a kill at ${moment}: ${check.stdout}`);
  }
  // Where each kill lands depends on the machine's load; at least one must land inside the commit.
  assert.ok(recovered >= 1, `none of ${moments.length} kills landed before the commit finished`);
});

test("a file where an output folder goes: exit 1 naming the path, nothing changed", async () => {
  rmSync(join(dir, "out/dev/checkout-api"), { recursive: true });
  writeFileSync(join(dir, "out/dev/checkout-api"), "a file, not a folder\n");
  const before = snapshot(dir);
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /^fawkes: out\/dev\/checkout-api\/[^:]+: cannot write: a part of the path is a file, not a folder \(ENOTDIR\) \(nothing in the repository was changed\)/m,
    run.stderr,
  );
  assert.equal(snapshot(dir), before);
});

test("a folder where an owned file is: generate exits 1 and check 3, naming it", async () => {
  rmSync(join(dir, "out/platform/apps/root.yaml"));
  mkdirSync(join(dir, "out/platform/apps/root.yaml"));
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /^fawkes: out\/platform\/apps\/root\.yaml: cannot read: is a folder where a file was expected \(EISDIR\)/m,
  );
  assert.is((await inRepo(dir, ["check"])).code, 3);
});

test("disk errors name the path and the cause", () => {
  const cases: [string, string][] = [
    ["ENOSPC", "no space left on the device (ENOSPC)"],
    ["EROFS", "the file system is read-only (EROFS)"],
    ["EACCES", "permission denied (EACCES)"],
    ["ELOOP", "too many symbolic links (a link loop?) (ELOOP)"],
  ];
  for (const [code, reason] of cases) {
    const error = Object.assign(new Error(code), { code, path: "/repo/out/platform/apps/root.yaml", syscall: "write" });
    assert.is(toDiskProblem(error, "/repo")?.message, `out/platform/apps/root.yaml: write failed: ${reason}`);
  }
  assert.is(toDiskProblem(new TypeError("x is undefined"), "/repo"), undefined, "a bug stays a bug");
});

test("a running generate or release holds the lock: a second one refuses; a dead holder's lock is taken over", async () => {
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    writeFileSync(
      join(dir, ".fawkes/lock"),
      JSON.stringify({ pid: sleeper.pid, host: hostname(), command: "generate" }),
    );
    const releasesBefore = readFileSync(join(dir, "releases.yaml"), "utf8");
    changeConfig();
    const before = snapshot(dir);
    for (const args of [
      ["generate", "--allow-prune"],
      ["release", "checkout-api", "--env", "dev", "--image-tag", "abc1234"],
    ]) {
      const run = await inRepo(dir, args);
      assert.is(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^fawkes: \\.fawkes/lock: another \`fawkes generate\` \\(pid ${sleeper.pid}\\) is changing this repository \\(wait for it to finish; if no fawkes is running, delete \\.fawkes/lock\\)`,
          "m",
        ),
      );
    }
    assert.equal(snapshot(dir), before);
    assert.not.equal(releasesBefore, undefined);
  } finally {
    sleeper.kill("SIGKILL");
    await new Promise((resolve) => sleeper.on("exit", resolve));
  }
  const run = await inRepo(dir, ["generate", "--allow-prune"]);
  assert.is(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(`removed a stale lock of \`fawkes generate\` \\(pid ${sleeper.pid} is no longer running\\)`),
  );
  assert.not.ok(existsSync(join(dir, ".fawkes/lock")), "released after the run");
});

test.run();
