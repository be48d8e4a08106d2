// Fawkes never writes, reads or deletes through a symbolic link or outside the repository root.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generatedRepo, inRepo, snapshot } from "./helpers/scratch.ts";

const test = suite("links and paths outside the repository");
let dir = "";
let outside = "";

test.before.each(async () => {
  dir = await generatedRepo();
  outside = mkdtempSync(join(tmpdir(), "fawkes-outside-"));
});
test.after.each(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** Moves a folder of the repository outside it and leaves a link in its place. */
function linkOut(folder: string): string {
  const target = join(outside, folder.replace(/\//g, "_"));
  renameSync(join(dir, folder), target);
  symlinkSync(target, join(dir, folder));
  return target;
}

for (const folder of ["out", "docs/reference", ".github/workflows", ".fawkes"]) {
  test(`a linked ${folder}/: generate and check refuse, naming it, and the target is untouched`, async () => {
    const target = linkOut(folder);
    writeFileSync(join(target, "mine.txt"), "not Fawkes'\n");
    // Something to write and something to delete, had the link been followed.
    writeFileSync(
      join(dir, "fawkes.config.ts"),
      readFileSync(join(dir, "fawkes.config.ts"), "utf8").replace("pods: 80 }", "pods: 90 }"),
    );
    const before = snapshot(outside);
    const run = await inRepo(dir, ["generate"]);
    assert.is(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `^fawkes: ${folder.replace(/\./g, "\\.")}: is a symbolic link \\(to ${target}\\); Fawkes never reads, writes or deletes through a link`,
        "m",
      ),
    );
    assert.not.match(run.stderr, /internal error/);
    assert.equal(snapshot(outside), before);
    const check = await inRepo(dir, ["check"]);
    assert.is(check.code, 3, check.stdout + check.stderr);
    assert.match(check.stderr, /is a symbolic link/);
  });
}

test("verify and schema refuse links too", async () => {
  linkOut("out");
  const verify = await inRepo(dir, ["verify"]);
  assert.is(verify.code, 1);
  assert.match(verify.stderr, /^fawkes: out: is a symbolic link/m);
  const target = linkOut("schema");
  writeFileSync(join(target, "fawkes.config.schema.json"), "{}\n");
  const schema = await inRepo(dir, ["schema"]);
  assert.is(schema.code, 1);
  assert.match(schema.stderr, /^fawkes: schema: is a symbolic link/m);
  assert.is(readFileSync(join(target, "fawkes.config.schema.json"), "utf8"), "{}\n");
});

test("a generated file linked to a secret elsewhere: check refuses and never prints its content", async () => {
  const secret = join(outside, "environ");
  writeFileSync(secret, "GITHUB_TOKEN=ghp_leakedleakedleaked\n");
  const linked = join(dir, "out/platform/apps/root.yaml");
  rmSync(linked);
  symlinkSync(secret, linked);
  for (const format of ["text", "github"]) {
    const check = await inRepo(dir, ["check", "--format", format]);
    assert.is(check.code, 3);
    assert.not.match(check.stdout + check.stderr, /ghp_leaked/);
    assert.match(check.stderr, /out\/platform\/apps\/root\.yaml: is a symbolic link/);
  }
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 1);
  assert.is(readFileSync(secret, "utf8"), "GITHUB_TOKEN=ghp_leakedleakedleaked\n");
});

test("a link to a folder inside out/ is refused too", async () => {
  mkdirSync(join(outside, "extra"));
  symlinkSync(join(outside, "extra"), join(dir, "out/platform/extra"));
  const run = await inRepo(dir, ["generate"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /out\/platform\/extra: is a symbolic link/);
});

test("a releases file outside the repository is refused by every command; release leaves it alone", async () => {
  const releases = join(dirname(dir), `${dirname(dir) === outside ? "x" : "outside"}-${process.pid}.yaml`);
  writeFileSync(releases, readFileSync(join(dir, "releases.yaml"), "utf8"));
  try {
    const name = `../${releases.split("/").pop()}`;
    writeFileSync(
      join(dir, "fawkes.config.ts"),
      readFileSync(join(dir, "fawkes.config.ts"), "utf8").replace(
        "export default defineConfig({\n",
        `export default defineConfig({\n  releases: "${name}",\n`,
      ),
    );
    const before = readFileSync(releases, "utf8");
    for (const args of [
      ["validate"],
      ["generate"],
      ["release", "checkout-api", "--env", "dev", "--image-tag", "abc1234"],
    ]) {
      const run = await inRepo(dir, args);
      assert.is(run.code, 1, `${args[0]}: ${run.stdout}${run.stderr}`);
      assert.match(
        run.stderr,
        new RegExp(`${releases.replace(/[.]/g, "\\.")}: the releases file is outside the repository`),
      );
    }
    assert.is((await inRepo(dir, ["check"])).code, 3);
    assert.is(readFileSync(releases, "utf8"), before);
  } finally {
    rmSync(releases, { force: true });
  }
});

test("a linked releases file is refused", async () => {
  const target = join(outside, "releases.yaml");
  renameSync(join(dir, "releases.yaml"), target);
  symlinkSync(target, join(dir, "releases.yaml"));
  const before = readFileSync(target, "utf8");
  const run = await inRepo(dir, ["release", "checkout-api", "--env", "dev", "--image-tag", "abc1234"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /releases\.yaml: is a symbolic link/);
  assert.is(readFileSync(target, "utf8"), before);
  assert.equal(readdirSync(outside), ["releases.yaml"]);
});

test.run();
