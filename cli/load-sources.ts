// Reads the config module and the releases file. Importing the config runs it; Node strips its types.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "@babel/parser";
import { OUTPUT_PATHS } from "../core/names.ts";
import { FawkesError, type LocatedProblem } from "../core/problems.ts";
import type { PipelineInput } from "../core/pipeline.ts";
import { GENERATOR } from "./version.ts";

export interface SourceOptions {
  /** Repository root. */
  readonly cwd: string;
  /** Config path, relative to the root. */
  readonly config: string;
}

function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel === "" ? path : rel.split("\\").join("/");
}

/** A syntax error's position, from the parser, so a broken config still gets file:line:col. */
function syntaxProblem(file: string, source: string, error: unknown): LocatedProblem {
  let position = { line: 1, column: 1 };
  try {
    const result = parse(source, { sourceType: "module", plugins: ["typescript"], errorRecovery: true });
    const first = (result.errors ?? [])[0] as { loc?: { line: number; column: number } } | undefined;
    if (first?.loc) position = { line: first.loc.line, column: first.loc.column + 1 };
  } catch (parseError) {
    const loc = (parseError as { loc?: { line: number; column: number } }).loc;
    if (loc) position = { line: loc.line, column: loc.column + 1 };
  }
  const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return { code: "cannot-load", path: [], file, position, message: `cannot load the config: ${message}`, hint: "fix the TypeScript so that `node` can import it" };
}

export async function loadSources(options: SourceOptions): Promise<PipelineInput> {
  const root = resolve(options.cwd);
  const configPath = resolve(root, options.config);
  const configFile = displayPath(root, configPath);
  let configSource: string;
  try {
    configSource = await readFile(configPath, "utf8");
  } catch {
    throw new FawkesError([{ code: "no-config", path: [], file: configFile, position: { line: 1, column: 1 }, message: "config file not found", hint: "pass --config <file> or run from the repository root (--cwd)" }]);
  }
  let config: unknown;
  try {
    // The content hash in the URL makes an edited config load afresh in a long-lived process (tests, watch).
    const url = `${pathToFileURL(configPath).href}?v=${createHash("sha1").update(configSource).digest("hex")}`;
    config = ((await import(url)) as { default?: unknown }).default;
  } catch (error) {
    throw new FawkesError([syntaxProblem(configFile, configSource, error)]);
  }
  const releasesSetting = (config as { releases?: unknown } | undefined)?.releases;
  const releasesPath = resolve(dirname(configPath), typeof releasesSetting === "string" ? releasesSetting : "releases.yaml");
  let releasesSource: string | undefined;
  try {
    releasesSource = await readFile(releasesPath, "utf8");
  } catch {
    releasesSource = undefined;
  }
  const allocationsSource = await readFile(resolve(root, OUTPUT_PATHS.allocations), "utf8").catch(() => undefined);
  return { configFile, configSource, config, releasesFile: displayPath(root, releasesPath), releasesSource, generator: GENERATOR, allocationsSource };
}
