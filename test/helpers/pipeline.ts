// Runs the pure pipeline on a folder holding fawkes.config.ts and releases.yaml.
import { loadSources } from "../../cli/load-sources.ts";
import { runPipeline, type PipelineResult } from "../../core/pipeline.ts";
import { formatProblem } from "../../core/problems.ts";

export type Generated = Extract<PipelineResult, { ok: true }>;

export async function generateIn(dir: string): Promise<Generated> {
  const result = await runPipeline(await loadSources({ cwd: dir, config: "fawkes.config.ts" }));
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result;
}
