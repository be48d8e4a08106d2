// `fawkes init`: a new platform repository from nothing, valid and in sync; a non-empty folder is refused.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse, stringify } from "yaml";
import { REPO, cli } from "./helpers/repo.ts";

const test = suite("fawkes init");
const made: string[] = [];
process.on("exit", () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An empty repository where `import "fawkes"` resolves, as after `npm install fawkes`. */
function emptyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-init-"));
  made.push(dir);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules/fawkes"));
  return dir;
}

test("init writes a config, releases, README and the generated tree; check passes", async () => {
  const dir = emptyRepo();
  const run = await cli(["init", "-C", dir, "--org", "demo"]);
  assert.is(run.code, 0, run.stderr);
  for (const file of ["fawkes.config.ts", "releases.yaml", "README.md", "package.json", ".github/workflows/ci.yml"])
    assert.ok(existsSync(join(dir, file)), file);
  assert.match(readFileSync(join(dir, "fawkes.config.ts"), "utf8"), 'import { defineConfig } from "fawkes";');
  assert.match(readFileSync(join(dir, "README.md"), "utf8"), "npx fawkes check");
  assert.ok(existsSync(join(dir, "jenkins-shared-library/vars/fawkesPipeline.groovy")), "the Jenkins library");
  assert.not.ok(
    readdirSync(dir).some((e) => e.startsWith(".fawkes-init-")),
    "no staging folder left",
  );
  const ci = readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8");
  assert.match(ci, "npx fawkes check");
  assert.not.match(ci, "npm test");
  assert.not.match(ci, ".nvmrc");
  const check = await cli(["check", "-C", dir]);
  assert.is(check.code, 0, check.stdout + check.stderr);
  assert.not.match(check.stderr, "missing-jenkins-library");
});

test("--cloud azure --format yaml: an Azure platform in fawkes.config.yaml, in sync", async () => {
  const dir = emptyRepo();
  const run = await cli(["init", "-C", dir, "--cloud", "azure", "--format", "yaml", "--domain", "p.example.org"]);
  assert.is(run.code, 0, run.stderr);
  const config = readFileSync(join(dir, "fawkes.config.yaml"), "utf8");
  assert.match(config, "provider: azure");
  assert.match(config, "domain: p.example.org");
  assert.ok(existsSync(join(dir, "out/infra/prod")), "Terraform for the environments");
  assert.ok(
    readdirSync(join(dir, "out/infra/prod")).some((f) =>
      readFileSync(join(dir, "out/infra/prod", f), "utf8").includes("azurerm"),
    ),
  );
  assert.is((await cli(["check", "-C", dir])).code, 0);
});

test("a non-empty folder is refused: exit 1, nothing written", async () => {
  const dir = emptyRepo();
  writeFileSync(join(dir, "notes.txt"), "mine\n");
  const run = await cli(["init", "-C", dir]);
  assert.is(run.code, 1);
  assert.match(run.stderr, "is not empty (notes.txt)");
  assert.equal(readdirSync(dir).sort(), ["node_modules", "notes.txt"]);
});

test("an invalid value is a located error and nothing is written", async () => {
  const dir = emptyRepo();
  const run = await cli(["init", "-C", dir, "--domain", "not a domain"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /fawkes\.config\.ts:\d+:\d+ .*platform\.domain/);
  assert.equal(readdirSync(dir), ["node_modules"]);
});

test("an organisation that is no DNS label is a usage error (exit 2)", async () => {
  const dir = emptyRepo();
  assert.is((await cli(["init", "-C", dir, "--org", "Not_Valid"])).code, 2);
  assert.equal(readdirSync(dir), ["node_modules"]);
});

test("an existing package.json is kept, its tests run in CI", async () => {
  const dir = emptyRepo();
  const pkg = JSON.stringify({ name: "mine", scripts: { test: "node --test" } });
  writeFileSync(join(dir, "package.json"), pkg);
  assert.is((await cli(["init", "-C", dir])).code, 0);
  assert.is(readFileSync(join(dir, "package.json"), "utf8"), pkg);
  assert.match(readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8"), "npm test");
  assert.is((await cli(["check", "-C", dir])).code, 0);
});

test("a workflow the repository owns blocks generate until platform.userFiles keeps it; then it is never touched", async () => {
  const first = emptyRepo();
  assert.is((await cli(["init", "-C", first, "--format", "yaml"])).code, 0);
  // An existing repository: its own CI workflow, the config and releases file added later.
  const dir = emptyRepo();
  mkdirSync(join(dir, ".github/workflows"), { recursive: true });
  const own = "name: ours\non: push\njobs: {}\n";
  writeFileSync(join(dir, ".github/workflows/ci.yml"), own);
  const config = parse(readFileSync(join(first, "fawkes.config.yaml"), "utf8")) as {
    platform: Record<string, unknown>;
  };
  writeFileSync(join(dir, "fawkes.config.yaml"), stringify(config));
  writeFileSync(join(dir, "releases.yaml"), readFileSync(join(first, "releases.yaml"), "utf8"));
  const blocked = await cli(["generate", "-C", dir]);
  assert.is(blocked.code, 1);
  assert.match(blocked.stderr, ".github/workflows/ci.yml: exists and is not owned by Fawkes");
  assert.match(blocked.stderr, "platform.userFiles");
  config.platform.userFiles = [".github/workflows/ci.yml"];
  writeFileSync(join(dir, "fawkes.config.yaml"), stringify(config));
  const generated = await cli(["generate", "-C", dir]);
  assert.is(generated.code, 0, generated.stderr);
  assert.is(readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8"), own);
  assert.ok(existsSync(join(dir, ".github/workflows/release.yml")), "the other workflows are still generated");
  assert.not.match(readFileSync(join(dir, ".fawkes/owned.txt"), "utf8"), "ci.yml");
  assert.is((await cli(["check", "-C", dir])).code, 0);
});

test("--help documents init and its options", async () => {
  const help = await cli(["--help"]);
  assert.match(help.stdout, /init\s+.*empty folder/);
  const own = await cli(["init", "--help"]);
  for (const option of ["--cloud", "--org", "--domain", "--format"]) assert.match(own.stdout, option);
});

test.run();
