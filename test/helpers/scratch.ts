// The real `fawkes` binary (dist/) in a temporary copy of the repository's inputs, for end-to-end tests.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { EXAMPLE_FILES, REPO, cli, type CliRun } from "./repo.ts";

export const BIN = join(REPO, "bin/fawkes.js");

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch copy of the repository's inputs (config, releases, .gitattributes), with node_modules and dist linked. */
export function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-safety-"));
  for (const file of EXAMPLE_FILES) cpSync(join(REPO, file), join(dir, file), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  symlinkSync(join(REPO, "dist"), join(dir, "dist"));
  return dir;
}

let template: Promise<string> | undefined;

/** The repository generated once per test process; copy it, never change it. */
export function generatedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = scratchRepo();
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const run = await inRepo(dir, ["generate"]);
    if (run.code !== 0) throw new Error(`generate failed: ${run.stderr}`);
    return dir;
  })();
  return template;
}

/** A scratch repository with the output generated (once per test process, then copied). */
export async function generatedRepo(): Promise<string> {
  const template = await generatedTemplate();
  const dir = mkdtempSync(join(tmpdir(), "fawkes-safety-"));
  cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/**
 * `fawkes` run in this process on a scratch repository (`-C dir`), its output captured: the same commands
 * without a Node start-up per run. Tests of what only a process shows (signals, pipes, start-up, the
 * environment) use `fawkes`.
 */
export function inRepo(dir: string, args: readonly string[]): Promise<CliRun> {
  return cli(["-C", dir, ...args]);
}

/** The real binary in a child process. */
export function fawkes(
  dir: string,
  args: readonly string[],
  options: { nodeArgs?: readonly string[]; timeoutMs?: number } = {},
): Run {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Every regular file under the folder (node_modules, dist and links excluded) with its bytes. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.name !== "node_modules" && entry.name !== "dist")
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.isFile()) files.set(entry.name, readFileSync(join(dir, entry.name), "utf8"));
  return files;
}
