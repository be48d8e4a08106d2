// In `npm test`'s worker processes, this module stands in for core/pipeline.ts (test/worker.ts swaps it in
// with a module hook): the pipeline is pure, so a process that runs it again on the same input (the unchanged
// example, generated and checked by dozens of tests) gets the earlier result instead of running it again. The
// input is compared whole, by its structured-clone bytes (a run given a second thread always runs); the phases
// a run measured are measured again, with their counts, so `--timings` and progress print the same phases.
// Results are shared: read them, never change them.
import { createHash } from "node:crypto";
import { serialize } from "node:v8";
import { onPhase, timed } from "../../core/timings.ts";
import {
  runPipeline as run,
  type PipelineInput,
  type PipelineOptions,
  type PipelineResult,
} from "../../core/pipeline.ts";

export * from "../../core/pipeline.ts";

interface Run {
  readonly result: Promise<PipelineResult>;
  /** Each phase measured, with what it went through (its counts). */
  readonly phases: (readonly [phase: string, detail: string | undefined])[];
}

/** The most recent distinct runs; the oldest goes first when it is full. */
const runs = new Map<string, Run>();
const KEEP = 32;

export async function runPipeline(input: PipelineInput, options: PipelineOptions = {}): Promise<PipelineResult> {
  // A run with a second thread is what a test of the thread compares with the plain run: never memoized.
  if (options.shard) return run(input, options);
  const key = createHash("sha256")
    .update(serialize({ ...input, markdownCache: undefined }))
    .digest("hex");
  const earlier = runs.get(key);
  if (earlier) {
    const result = await earlier.result;
    for (const [phase, detail] of earlier.phases)
      timed(phase, () => undefined, detail === undefined ? undefined : () => detail);
    return result;
  }
  const phases: Run["phases"] = [];
  const stop = onPhase((phase, _, detail) => phases.push([phase, detail]));
  const result = run(input).finally(stop);
  runs.set(key, { result, phases });
  if (runs.size > KEEP) runs.delete(runs.keys().next().value!);
  return result;
}
