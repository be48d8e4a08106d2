// Shared first half of every command: read the sources, run the pure pipeline, print problems.
import { timedAsync } from "../core/timings.ts";
import type { PipelineInput, PipelineOptions, PipelineResult } from "../core/pipeline.ts";
import { resolve } from "node:path";
import { loadSources, type SourceOptions } from "./load-sources.ts";
import { celTreeCache } from "./cel-cache.ts";
import { tuneHeapFor } from "./heap.ts";
import { markdownCache } from "./markdown-cache.ts";
import { printProblems, type Io } from "./output.ts";
import { startShardThread } from "./shard-thread.ts";

export type BuiltTree = Extract<PipelineResult, { ok: true }> & {
  readonly releasesFile: string;
  readonly sources: PipelineInput;
};

/**
 * The sources read (the config loaded), with the repository's Markdown cache. With `generators`, the generators
 * load while the config's worker runs, in case the main thread would otherwise wait idle; a caller that may not
 * build at all (a generate whose inputs may be the last one's) leaves them for the pipeline to load: they are
 * 0.15-0.2 s of the main thread that nothing would wait for.
 */
export async function loadBuildSources(
  options: SourceOptions,
  { generators = true }: { generators?: boolean } = {},
): Promise<PipelineInput> {
  // A failure to load them is the pipeline's to report, when it imports them.
  if (generators) {
    void import("../core/pipeline.ts").catch(() => undefined);
    void import("../core/generate-tree.ts").catch(() => undefined);
  }
  const loaded = await timedAsync("load the config", () => loadSources(options));
  tuneHeapFor(loaded.config);
  const root = resolve(options.cwd);
  const celTrees = celTreeCache(root);
  return { ...loaded, markdownCache: markdownCache(root), ...(celTrees ? { celTrees } : {}) };
}

/** The generated tree, or undefined after printing why not (the command then exits 1). */
export async function buildTree(
  options: SourceOptions,
  io: Io,
  {
    warnings = true,
    sources,
    keep,
  }: { warnings?: boolean; sources?: PipelineInput; keep?: PipelineOptions["keep"] } = {},
): Promise<BuiltTree | undefined> {
  const input = sources ?? (await loadBuildSources(options));
  // Loaded here, not with this module: a generate whose inputs are the last one's validates nothing, and the
  // config's schemas took 0.1-0.15 s of its start-up.
  const { runPipeline } = await import("../core/pipeline.ts");
  const thread = startShardThread(input);
  const result = await runPipeline(input, { shard: thread?.result, keep }).finally(() => thread?.stop());
  if (!result.ok) {
    printProblems(io, result.problems);
    return undefined;
  }
  if (warnings && result.warnings.length > 0) printProblems(io, result.warnings);
  return { ...result, releasesFile: input.releasesFile, sources: input };
}
