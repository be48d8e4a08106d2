// Shared first half of every command: read the sources, run the pure pipeline, print problems.
import { timedAsync } from "../core/timings.ts";
import { runPipeline, type PipelineInput, type PipelineResult } from "../core/pipeline.ts";
import { resolve } from "node:path";
import { loadSources, type SourceOptions } from "./load-sources.ts";
import { markdownCache } from "./markdown-cache.ts";
import { printProblems, type Io } from "./output.ts";

export type BuiltTree = Extract<PipelineResult, { ok: true }> & {
  readonly releasesFile: string;
  readonly sources: PipelineInput;
};

/** The generated tree, or undefined after printing why not (the command then exits 1). */
export async function buildTree(
  options: SourceOptions,
  io: Io,
  { warnings = true }: { warnings?: boolean } = {},
): Promise<BuiltTree | undefined> {
  // The generators load while the config's worker runs: the main thread would otherwise wait idle.
  const generators = import("../core/generate-tree.ts");
  const loaded = await timedAsync("load the config", () => loadSources(options));
  await generators;
  const sources = { ...loaded, markdownCache: markdownCache(resolve(options.cwd)) };
  const result = await runPipeline(sources);
  if (!result.ok) {
    printProblems(io, result.problems);
    return undefined;
  }
  if (warnings && result.warnings.length > 0) printProblems(io, result.warnings);
  return { ...result, releasesFile: sources.releasesFile, sources };
}
