// Starts the second thread of a large platform's build (cli/shard-worker.ts, core/shard.ts) beside the first.
// A thread that fails or exits answers nothing, and the first thread builds its share itself: the tree is the
// same. When it pays:
// - from SHARD_THREAD_FROM services: below, the thread's start-up and the work it repeats (validating the
//   config, generating the services' objects) cost more than its share;
// - on a machine with at least SHARD_THREAD_CORES cores. A single-threaded build already keeps more than one
//   core busy (V8 marks, sweeps and compiles on background threads): on 2 cores, a `check` of 1,000 services
//   took 2.4-2.5 s with the thread and 2.2 s without it, its CPU time 3.8 s instead of 2.85 s.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PipelineInput } from "../core/pipeline.ts";
import type { ShardResult } from "../core/shard.ts";
import { addTimings } from "../core/timings.ts";
import type { ShardAnswer, ShardRequest } from "./shard-build.ts";
import { servicesIn } from "./heap.ts";
import { workerBeside } from "./worker-url.ts";

export const SHARD_THREAD_FROM = 100;
export const SHARD_THREAD_CORES = 4;

export interface ShardThread {
  readonly result: Promise<ShardResult | undefined>;
  /** Ends the thread (the build no longer needs it). */
  stop(): void;
}

/** The second thread, when the platform is large enough (or `force`); undefined otherwise. */
export function startShardThread(sources: PipelineInput, { force = false } = {}): ShardThread | undefined {
  if (!force && (servicesIn(sources.config) < SHARD_THREAD_FROM || availableParallelism() < SHARD_THREAD_CORES))
    return undefined;
  // The caches and the texts' scan are functions (the shard has no Markdown, parses its own CEL, and scans the
  // texts itself): everything else is data.
  const { markdownCache: _, textChecks: __, configTextCache: ___, celTrees: ____, ...data } = sources;
  const worker = new Worker(workerBeside(import.meta.url, "shard-worker"), {
    workerData: { sources: data } satisfies ShardRequest,
  });
  const result = new Promise<ShardResult | undefined>((resolve) => {
    worker.once("message", (answer: ShardAnswer) => {
      addTimings(answer.timings, answer.timeOrigin - performance.timeOrigin, "second thread: ");
      resolve(answer.result);
      void worker.terminate();
    });
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
  return { result, stop: () => void worker.terminate() };
}
