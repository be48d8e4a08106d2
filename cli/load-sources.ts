// Reads the config module and the releases file. Importing the config runs it (in a worker thread, with a
// time limit); Node strips its types. The releases file must be inside the repository, not behind a link.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { OUTPUT_PATHS } from "../core/names.ts";
import { FawkesError } from "../core/problems.ts";
import type { PipelineInput } from "../core/pipeline.ts";
import { configLoadProblem } from "./config-problem.ts";
import { readRepoText } from "./disk.ts";
import { DiskProblem, displayPath } from "./errors.ts";
import { DEFAULT_CONFIG_TIMEOUT_SECONDS, loadConfigModule } from "./load-config.ts";
import { createPathGuard } from "./safe-path.ts";

export interface SourceOptions {
  /** Repository root. */
  readonly cwd: string;
  /** Config path, relative to the root. */
  readonly config: string;
  /** How long the config may take to load (`--config-timeout`). */
  readonly configTimeout?: number;
}

export async function loadSources(options: SourceOptions): Promise<PipelineInput> {
  const guard = await createPathGuard(options.cwd);
  const root = guard.root;
  const configPath = resolve(root, options.config);
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
        hint: "pass --config <file> or run from the repository root (--cwd)",
      },
    ]);
  }
  const timeout = options.configTimeout ?? DEFAULT_CONFIG_TIMEOUT_SECONDS;
  const loaded = await loadConfigModule(configPath, configSource, timeout);
  if (!loaded.ok) throw new FawkesError([configLoadProblem(loaded, root, configPath, configSource, timeout)]);
  const config = loaded.config;
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
  return { configFile, configSource, config, releasesFile, releasesSource, allocationsSource };
}
