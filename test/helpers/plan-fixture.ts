// A temporary git repository with the example's generated output committed, for `plan` and the prune guard.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as assert from "uvu/assert";
import { EXAMPLE_FILES, EXAMPLE_RELEASES, REPO, cli } from "./repo.ts";

let template: Promise<string> | undefined;
/** Every fixture made by this process, removed when it exits. */
const made: string[] = [];
process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A git repository with the example's generated output committed: made once per process, then copied. */
export async function fixtureRepo(): Promise<string> {
  template ??= makeFixture();
  const dir = mkdtempSync(join(tmpdir(), "fawkes-plan-"));
  made.push(dir);
  cpSync(await template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

async function makeFixture(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-plan-"));
  made.push(dir);
  for (const file of EXAMPLE_FILES) cpSync(join(REPO, file), join(dir, file), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  symlinkSync(join(REPO, "dist"), join(dir, "dist"));
  assert.is((await cli(["generate", "-C", dir])).code, 0);
  const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  writeFileSync(join(dir, ".gitignore"), "node_modules\ndist\n");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
  return dir;
}

/** The fixture with a new config (and releases) in the working tree, and `plan --base HEAD` of it. */
export async function planOf(
  config: string,
  releases = EXAMPLE_RELEASES,
  format = "json",
): Promise<{ dir: string; out: string }> {
  const dir = await fixtureRepo();
  writeFileSync(join(dir, "fawkes.config.ts"), config);
  writeFileSync(join(dir, "releases.yaml"), releases);
  const run = await cli(["plan", "--base", "HEAD", "--format", format, "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  return { dir, out: run.stdout };
}
