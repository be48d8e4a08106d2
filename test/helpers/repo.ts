// Test helpers: the repository root, temporary configs inside it (so `import "fawkes"` resolves), and an
// in-process CLI run with captured output.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../cli/main.ts";
import * as assert from "uvu/assert";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const REFERENCE = findReference();
/** Why the upstream schemas cannot be checked here, or undefined when they are present. */
export const NO_REFERENCE = existsSync(REFERENCE)
  ? undefined
  : `${REFERENCE} is absent (upstream schemas are only in CI)`;

export const EXAMPLE_CONFIG = readFileSync(join(REPO, "fawkes.config.ts"), "utf8");
export const EXAMPLE_RELEASES = readFileSync(join(REPO, "releases.yaml"), "utf8");
/** What a copy of the example repository needs: the config, its releases and the Score files it names. */
export const EXAMPLE_FILES = ["package.json", "fawkes.config.ts", "releases.yaml", "services"] as const;

/** Every case folder this process made, removed when it exits. */
const cases: string[] = [];
process.on("exit", () => {
  for (const dir of cases) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder linking the repository's package.json, node_modules and dist; removed at exit. */
export function caseFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-case-"));
  cases.push(dir);
  // package.json is copied: Fawkes reads it (its test script decides a CI step) and never reads through a link.
  copyFileSync(join(REPO, "package.json"), join(dir, "package.json"));
  for (const link of ["node_modules", "dist"]) symlinkSync(join(REPO, link), join(dir, link));
  return dir;
}

/**
 * Writes a config and releases file into a fresh temporary folder and returns the folder. The folder links
 * the repository's package.json, node_modules and dist, so the config's `import "fawkes"` resolves.
 */
export function writeCase(config: string, releases: string = EXAMPLE_RELEASES): string {
  const dir = caseFolder();
  writeFileSync(join(dir, "fawkes.config.ts"), config);
  writeFileSync(join(dir, "releases.yaml"), releases);
  // The example's Score files, for the configs derived from it.
  cpSync(join(REPO, "services"), join(dir, "services"), { recursive: true });
  return dir;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(args: readonly string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    out: (t) => (stdout += t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => (stderr += t.endsWith("\n") ? t : `${t}\n`),
  });
  return { code, stdout, stderr };
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given) in `source`. */
export function positionOf(source: string, needle: string, after = ""): { line: number; column: number } {
  const start = after === "" ? 0 : source.indexOf(after);
  if (start < 0) throw new Error(`"${after}" not found`);
  const index = source.indexOf(needle, start);
  if (index < 0) throw new Error(`"${needle}" not found`);
  const before = source.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The example config with one textual edit; fails loudly if the edit does not apply. */
export function editExample(from: string, to: string, source = EXAMPLE_CONFIG): string {
  if (!source.includes(from)) throw new Error(`edit target not found: ${from}`);
  return source.replace(from, to);
}

/**
 * The upstream reference schemas: `shared/reference` beside the checkout or beside any folder above it, or
 * beside the main checkout when this is a git worktree elsewhere; `../shared/reference` when none exists.
 */
function findReference(): string {
  const roots: string[] = [];
  for (let dir = dirname(REPO); ; dir = dirname(dir)) {
    roots.push(dir);
    if (dirname(dir) === dir) break;
  }
  const common = spawnSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], {
    cwd: REPO,
    encoding: "utf8",
  });
  if (common.status === 0) roots.push(dirname(dirname(common.stdout.trim())));
  const found = roots.map((root) => join(root, "shared/reference")).find((path) => existsSync(path));
  return found ?? resolve(REPO, "../shared/reference");
}

/**
 * Runs `command` on a case holding `config` and asserts exit 1 with a problem at `path`, located at the first
 * `needle` (after `after`) in the config, whose line matches `message`.
 */
export async function assertLocatedError(
  config: string,
  at: { readonly path: string; readonly needle: string; readonly after?: string },
  message: RegExp,
  command = "validate",
): Promise<void> {
  const run = await cli([command, "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  const { line, column } = positionOf(config, at.needle, at.after ?? "");
  const hit = run.stderr.split("\n").find((l) => l.startsWith(`fawkes.config.ts:${line}:${column} ${at.path}`));
  assert.ok(hit, `expected "fawkes.config.ts:${line}:${column} ${at.path}…" in:\n${run.stderr}`);
  assert.match(hit!, message);
}
