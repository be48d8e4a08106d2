// The real `fawkes` binary (dist/) in a temporary copy of the repository's inputs, for end-to-end tests.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { REPO } from "./repo.ts";

export const BIN = join(REPO, "bin/fawkes.js");

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch copy of the repository's inputs (config, releases, .gitattributes), with node_modules and dist linked. */
export function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-safety-"));
  for (const file of ["package.json", "fawkes.config.ts", "releases.yaml"]) cpSync(join(REPO, file), join(dir, file));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  symlinkSync(join(REPO, "dist"), join(dir, "dist"));
  return dir;
}

let template: string | undefined;

/** The repository generated once per test process; copy it, never change it. */
export function generatedTemplate(): string {
  if (template === undefined) {
    template = scratchRepo();
    const run = fawkes(template, ["generate"]);
    if (run.code !== 0) throw new Error(`generate failed: ${run.stderr}`);
    process.on("exit", () => rmSync(template!, { recursive: true, force: true }));
  }
  return template;
}

/** A scratch repository with the output generated (once per test process, then copied). */
export function generatedRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-safety-"));
  cpSync(generatedTemplate(), dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

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
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const rel = relative(dir, path);
    if (rel.startsWith("node_modules") || rel.startsWith("dist")) continue;
    if (entry.isFile()) files.set(rel, readFileSync(path, "utf8"));
  }
  return files;
}
