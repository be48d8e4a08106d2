// Line endings: generated paths are pinned to LF in .gitattributes, check ignores CRLF-only differences, and
// release keeps the releases file's line endings.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { OUTPUT_ROOTS, MANIFEST_PATH } from "../core/output-roots.ts";
import { REPO } from "./helpers/repo.ts";
import { generatedRepo, inRepo, snapshot } from "./helpers/scratch.ts";

const test = suite("line endings");
let dir = "";

test.before.each(async () => {
  dir = await generatedRepo();
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

test(".gitattributes pins every output root to LF and marks it generated", () => {
  const samples = [...OUTPUT_ROOTS.map((root) => (root.endsWith("/") ? `${root}x/y.yaml` : root)), MANIFEST_PATH];
  const result = spawnSync("git", ["check-attr", "eol", "linguist-generated", "--", ...samples], {
    cwd: REPO,
    encoding: "utf8",
  });
  assert.is(result.status, 0, result.stderr);
  for (const path of samples) {
    assert.match(result.stdout, new RegExp(`^${path.replace(/\./g, "\\.")}: eol: lf$`, "m"), path);
    assert.match(result.stdout, new RegExp(`^${path.replace(/\./g, "\\.")}: linguist-generated: set$`, "m"), path);
  }
  for (const source of ["fawkes.config.ts", "releases.yaml", "docs/platform.md"]) {
    assert.not.match(
      spawnSync("git", ["check-attr", "linguist-generated", "--", source], { cwd: REPO, encoding: "utf8" }).stdout,
      /: set$/m,
      source,
    );
  }
});

test("a tree checked out with CRLF endings is in sync, and generate leaves it alone", async () => {
  for (const [path, content] of snapshot(dir)) {
    if (path.startsWith("out/") || path.startsWith("docs/") || path === MANIFEST_PATH)
      writeFileSync(join(dir, path), content.replace(/\n/g, "\r\n"));
  }
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 0, check.stdout);
  assert.match(check.stdout, /in sync/);
  const run = await inRepo(dir, ["generate"]);
  assert.match(run.stdout, /0 written, \d+ unchanged, 0 deleted/);
});

test("a CRLF file with a real change is reported once, with a diff of that change only", async () => {
  const path = "out/platform/namespaces/prod/payments.yaml";
  writeFileSync(
    join(dir, path),
    readFileSync(join(dir, path), "utf8").replace('pods: "80"', 'pods: "800"').replace(/\n/g, "\r\n"),
  );
  const check = await inRepo(dir, ["check"]);
  assert.is(check.code, 1);
  assert.match(check.stdout, /1 file out of sync/);
  assert.match(check.stdout, /- {4}pods: "800"\n\+ {4}pods: "80"\n/);
  assert.not.match(check.stdout, /\r/);
});

test("release keeps a CRLF releases file CRLF", async () => {
  const releases = join(dir, "releases.yaml");
  writeFileSync(releases, readFileSync(releases, "utf8").replace(/\n/g, "\r\n"));
  const run = await inRepo(dir, ["release", "checkout-api", "--env", "dev", "--image-tag", "abc1234"]);
  assert.is(run.code, 0, run.stderr);
  const after = readFileSync(releases, "utf8");
  assert.match(after, /checkout-api:\r\n {2}dev: abc1234\r\n/);
  assert.not.match(after, /[^\r]\n/, "no bare LF");
  assert.is((await inRepo(dir, ["check"])).code, 0);
});

test.run();
