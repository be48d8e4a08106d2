// In `npm test`'s worker processes, this module stands in for core/pipeline.ts (test/worker.ts swaps it in
// with a module hook): the pipeline is pure, so a process that runs it again on the same input (the unchanged
// example, generated and checked by dozens of tests) gets the earlier result instead of running it again. The
// input is compared whole, by its structured-clone bytes (a run given a second thread always runs); the phases
// a run measured are measured again, with their counts, so `--timings` and progress print the same phases.
// Results are shared: read them, never change them. What the CLI keeps of each file (`keep`: generate's staging,
// the hash of a file equal to the disk's) is applied to each run's copy of the tree.
import { createHash } from "node:crypto";
import { serialize } from "node:v8";
import { toFileTree } from "../../core/file-tree.ts";
import { keepingMarkdown } from "../../core/generate-tree.ts";
import { MANIFEST_PATH } from "../../core/output-roots.ts";
import { onPhase, timed, timedAsync } from "../../core/timings.ts";
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
  const result = await memoized(input);
  const keep = options.keep && (await timedAsync("wait for the output read", () => options.keep!));
  if (!keep || !result.ok) return result;
  // What the CLI keeps of each file (cli/staging.ts), as the pipeline's compose would: every file but the list of
  // owned files, which comes after, and Markdown, which is formatted once the tree is complete.
  const keeping = keepingMarkdown(keep);
  const kept = [...result.tree.values()].map((file) => (file.path === MANIFEST_PATH ? file : keeping(file)));
  return { ...result, tree: toFileTree(kept) };
}

async function memoized(input: PipelineInput): Promise<PipelineResult> {
  const key = createHash("sha256")
    // The caches and the texts' scan on the config's worker are functions, and change no result.
    .update(
      serialize({
        ...input,
        markdownCache: undefined,
        textChecks: undefined,
        configTextCache: undefined,
        celTrees: undefined,
      }),
    )
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
