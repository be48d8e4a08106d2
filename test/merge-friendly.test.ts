// The record of owned files never makes unrelated pull requests conflict: two releases of different services,
// branched from one commit and each regenerated, merge cleanly and the result is in sync. The old manifest
// (a hash and the sources per file) is read once and migrated.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generatedRepo, inRepo } from "./helpers/scratch.ts";
import { fileSources } from "../core/provenance.ts";

const test = suite("merge-friendly ownership");
let dir = "";

function git(...args: string[]): { code: number; out: string } {
  const run = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "merge.conflictStyle=merge", ...args],
    { cwd: dir, encoding: "utf8" },
  );
  return { code: run.status ?? -1, out: `${run.stdout}${run.stderr}` };
}

test.before.each(async () => {
  dir = await generatedRepo();
  writeFileSync(join(dir, ".gitignore"), "node_modules\ndist\n");
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "base");
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

test("two PRs releasing different services merge without conflicts, and check passes on the result", async () => {
  const release = async (branch: string, service: string, tag: string) => {
    git("checkout", "-q", "-b", branch, "main");
    const run = await inRepo(dir, ["release", service, "--env", "dev", "--image-tag", tag]);
    assert.is(run.code, 0, run.stderr);
    git("commit", "-qam", `release ${service}`);
  };
  await release("a", "storefront", "aaaaaaa");
  await release("b", "catalog-api", "5.3.0");
  git("checkout", "-q", "main");
  const first = git("merge", "--no-edit", "a");
  assert.is(first.code, 0, first.out);
  const second = git("merge", "--no-edit", "b");
  assert.is(second.code, 0, second.out);
  assert.not.match(second.out, /CONFLICT/);
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 0, check.stdout + check.stderr);
  const releases = readFileSync(join(dir, "releases.yaml"), "utf8");
  assert.match(releases, /storefront:\n {2}dev: aaaaaaa/);
  assert.match(releases, /catalog-api:\n {2}dev: 5\.3\.0/);
});

test("the committed list holds paths only: no hashes, no sources, no config digest", () => {
  const list = readFileSync(join(dir, ".fawkes/owned.txt"), "utf8");
  const paths = list.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  assert.equal(
    paths,
    [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  assert.ok(paths.includes("out/platform/apps/root.yaml"));
  for (const line of paths) assert.not.match(line, /\s|sha256|[{}":]/, line);
  assert.not.ok(existsSync(join(dir, ".fawkes/manifest.json")));
  // .gitattributes (from core/output-roots.ts) covers it: LF, generated, merged as a union of both sides.
  const attrs = spawnSync("git", ["check-attr", "eol", "linguist-generated", "merge", "--", ".fawkes/owned.txt"], {
    cwd: dir,
    encoding: "utf8",
  }).stdout;
  assert.match(attrs, /owned\.txt: eol: lf\n.*linguist-generated: set\n.*merge: union/);
});

test("an old manifest is read once: its files stay owned, generate migrates it, check then passes", async () => {
  const list = readFileSync(join(dir, ".fawkes/owned.txt"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"));
  const files = Object.fromEntries(
    list.map((p) => [p, { sha256: "0".repeat(64), sources: fileSources(["platform"]) }]),
  );
  writeFileSync(
    join(dir, ".fawkes/manifest.json"),
    `${JSON.stringify({ version: 1, configSha256: "0", generator: "fawkes 0.1.0", files }, null, 2)}\n`,
  );
  rmSync(join(dir, ".fawkes/owned.txt"));
  // A change that rewrites an owned file: owned through the old manifest, so it is no conflict.
  writeFileSync(
    join(dir, "releases.yaml"),
    readFileSync(join(dir, "releases.yaml"), "utf8").replace(
      "storefront:\n  dev: 9d1e7c3",
      "storefront:\n  dev: bbbbbbb",
    ),
  );
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 1);
  assert.match(check.stdout, /missing\s+\.fawkes\/owned\.txt/);
  assert.match(
    check.stdout,
    /stale\s+\.fawkes\/manifest\.json\s+\(the old form of the list of owned files, replaced by \.fawkes\/owned\.txt; generate migrates it\)/,
  );
  assert.not.match(check.stdout, /not owned/);
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /deleted \.fawkes\/manifest\.json/);
  assert.not.ok(existsSync(join(dir, ".fawkes/manifest.json")));
  assert.equal(
    readFileSync(join(dir, ".fawkes/owned.txt"), "utf8")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#")),
    list,
  );
  assert.is((await inRepo(dir, ["check"])).code, 0);
});

test.run();
