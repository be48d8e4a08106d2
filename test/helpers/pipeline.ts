// Runs the pure pipeline on a folder holding fawkes.config.ts and releases.yaml, with the CLI's cache of
// formatted Markdown (the repository's, keyed by each page's exact text and prettier's version): what `generate`
// runs, and a page formatted by an earlier run is not formatted again.
import { loadSources } from "../../cli/load-sources.ts";
import { markdownCache } from "../../cli/markdown-cache.ts";
import { runPipeline, type PipelineResult } from "../../core/pipeline.ts";
import { formatProblem } from "../../core/problems.ts";
import { REPO } from "./repo.ts";

export type Generated = Extract<PipelineResult, { ok: true }>;

/** The repository's cache of formatted Markdown, for tests that run the pipeline's steps themselves. */
export const MARKDOWN = markdownCache(REPO);

/** The pipeline on a folder's config (its name found as `generate` finds it when not given), success or not. */
export async function pipelineIn(dir: string, config?: string): Promise<PipelineResult> {
  return runPipeline({ ...(await loadSources({ cwd: dir, config })), markdownCache: MARKDOWN });
}

export async function generateIn(dir: string): Promise<Generated> {
  const result = await pipelineIn(dir, "fawkes.config.ts");
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result;
}

let example: Promise<Generated> | undefined;

/**
 * The repository's example config, generated once per test process (uvu loads every file into one) and
 * shared by every suite that reads it. Read it, never change it.
 */
export function generateExample(): Promise<Generated> {
  example ??= generateIn(REPO);
  return example;
}
