// Reads the config and the releases file. Importing a TypeScript config runs it (in a worker thread, with a
// time limit; Node strips its types); a YAML or JSON config is parsed. The releases file must be inside the
// repository, not behind a link.
import { readdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { CONFIG_FILE_NAMES, configFormat, parseConfigText } from "../core/config-text.ts";
import { configTextCache } from "./config-text-cache.ts";
import { findConfig } from "./find-config.ts";
import { OUTPUT_PATHS } from "../core/names.ts";
import { isSafeRelativePath } from "../core/output-roots.ts";
import { compareStrings, FawkesError } from "../core/problems.ts";
import type { PipelineInput } from "../core/pipeline.ts";
import { configLoadProblem } from "./config-problem.ts";
import { readRepoText } from "./disk.ts";
import { readRepoFacts } from "./repo-facts.ts";
import { DiskProblem, displayPath, onDisk } from "./errors.ts";
import { DEFAULT_CONFIG_TIMEOUT_SECONDS, checkTextsBeside, loadConfigModule } from "./load-config.ts";
import { createPathGuard, linkProblem, type PathGuard } from "./safe-path.ts";

export interface SourceOptions {
  /** Repository root. */
  readonly cwd: string;
  /** Config path, relative to the root; by default the one of CONFIG_FILE_NAMES that exists. */
  readonly config?: string | undefined;
  /** How long the config may take to load (`--config-timeout`). */
  readonly configTimeout?: number;
}

/** The config's value: a TypeScript module runs in a worker with a time limit; YAML and JSON are parsed. */
async function readConfig(
  root: string,
  configPath: string,
  configFile: string,
  source: string,
  timeout: number,
): Promise<unknown> {
  const format = configFormat(configPath);
  if (format === "module") {
    const loaded = await loadConfigModule(configPath, source, timeout);
    if (!loaded.ok) throw new FawkesError([configLoadProblem(loaded, root, configPath, source, timeout)]);
    return loaded.config;
  }
  const parsed = parseConfigText(source, format);
  if (!parsed.ok)
    throw new FawkesError(
      parsed.problems.map((p) => ({ ...p, file: configFile, position: p.at ?? { line: 1, column: 1 } })),
    );
  return parsed.value;
}

/**
 * The Score files services name (`services.<name>.score`, a file or a folder of them), by repository path. Like the releases file, each must
 * be a file of this repository, never behind a link; a path that leaves the repository is left for the config
 * schema to report at its line, and a missing file for the pipeline.
 */
async function readScoreFiles(guard: PathGuard, config: unknown): Promise<Record<string, string>> {
  const services = (config as { services?: unknown } | undefined)?.services;
  const paths = new Set<string>();
  if (typeof services === "object" && services !== null)
    for (const service of Object.values(services)) {
      const path = (service as { score?: unknown } | null)?.score;
      if (typeof path === "string" && isSafeRelativePath(path)) paths.add(path);
    }
  const texts: Record<string, string> = {};
  for (const path of [...paths].sort(compareStrings)) {
    for (const file of await scoreFilesAt(guard, path)) {
      const text = await readRepoText(guard, file);
      if (text !== undefined) texts[file] = text;
    }
  }
  return texts;
}

/** The path itself, or for a folder the YAML files directly in it (a link among them is refused). */
async function scoreFilesAt(guard: PathGuard, path: string): Promise<string[]> {
  const target = await guard.resolve(path);
  const entries = await onDisk("list", path, () =>
    readdir(target, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) =>
      error.code === "ENOTDIR" || error.code === "ENOENT" ? undefined : Promise.reject(error),
    ),
  );
  if (entries === undefined) return [path];
  const yaml = entries.filter((e) => /\.ya?ml$/.test(e.name));
  const link = yaml.find((e) => e.isSymbolicLink());
  if (link) throw linkProblem(`${path}/${link.name}`, undefined);
  return yaml
    .filter((e) => e.isFile())
    .map((e) => `${path}/${e.name}`)
    .sort(compareStrings);
}

export async function loadSources(options: SourceOptions): Promise<PipelineInput> {
  const guard = await createPathGuard(options.cwd);
  const root = guard.root;
  const configPath = resolve(root, await findConfig(root, options.config));
  const configFile = displayPath(root, configPath);
  let configSource: string;
  try {
    configSource = await readFile(configPath, "utf8");
  } catch {
    throw new FawkesError([
      {
        code: "no-config",
        path: [],
        file: configFile,
        position: { line: 1, column: 1 },
        message: "config file not found",
        hint:
          options.config === undefined
            ? `write one of ${CONFIG_FILE_NAMES.join(", ")}, pass --config <file>, or run from the repository root (--cwd)`
            : "pass --config <file> or run from the repository root (--cwd)",
      },
    ]);
  }
  const timeout = options.configTimeout ?? DEFAULT_CONFIG_TIMEOUT_SECONDS;
  const config = await readConfig(root, configPath, configFile, configSource, timeout);
  // The releases file is read, and edited by `release`, so it must be a file of this repository.
  // (The schema could also reject such a path; this check is where the file is actually opened.)
  const releasesSetting = (config as { releases?: unknown } | undefined)?.releases;
  const releasesPath = resolve(
    dirname(configPath),
    typeof releasesSetting === "string" ? releasesSetting : "releases.yaml",
  );
  const releasesFile = displayPath(root, releasesPath);
  if (releasesFile.startsWith("/")) {
    throw new DiskProblem(
      releasesFile,
      "the releases file is outside the repository",
      `\`releases\` in ${configFile} must name a file inside ${root}`,
    );
  }
  const releasesSource = await readRepoText(guard, releasesFile);
  const allocationsSource = await readRepoText(guard, OUTPUT_PATHS.allocations);
  const repo = await readRepoFacts(guard);
  const scoreSources = await readScoreFiles(guard, config);
  // The texts' scan for credentials, on the config's worker once the pipeline asks, beside the build.
  const textChecks = checkTextsBeside({ configFile, configSource, releasesFile, releasesSource, scoreSources });
  const textCache = configTextCache(root);
  return {
    configFile,
    configSource,
    config,
    releasesFile,
    releasesSource,
    allocationsSource,
    repo,
    scoreSources,
    ...(textChecks ? { textChecks } : {}),
    ...(textCache ? { configTextCache: textCache } : {}),
  };
}
