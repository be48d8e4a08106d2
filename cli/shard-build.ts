// The second thread of a large platform's build (core/shard.ts), loaded by cli/shard-worker.ts: resolves the
// model from the same sources as the first thread and builds its share. It answers with the share, or nothing
// when the sources do not validate (the first thread reports why), and with its phase timings.
import { parentPort, workerData } from "node:worker_threads";
import { validateSources, type PipelineInput } from "../core/pipeline.ts";
import { buildShard } from "../core/generate-tree.ts";
import type { ShardResult } from "../core/shard.ts";
import { takeTimings, type PhaseTiming } from "../core/timings.ts";

export interface ShardRequest {
  readonly sources: PipelineInput;
}

export interface ShardAnswer {
  readonly result: ShardResult | undefined;
  readonly timeOrigin: number;
  readonly timings: readonly PhaseTiming[];
}

if (parentPort && (workerData as ShardRequest | undefined)?.sources) {
  const validated = await validateSources((workerData as ShardRequest).sources);
  const result = validated.ok ? buildShard(validated.model) : undefined;
  parentPort.postMessage({
    result,
    timeOrigin: performance.timeOrigin,
    timings: takeTimings(),
  } satisfies ShardAnswer);
}
