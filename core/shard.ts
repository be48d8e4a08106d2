// The second core's share of a large platform's build: the services' manifests (out/platform/services/, most
// of the objects and most of the bytes) composed, and every pod put through admission. It runs in a worker
// thread from the same sources, so it resolves the same model and generates the same objects; the first
// thread builds everything else meanwhile and merges the two (core/generate-tree.ts). Pure, like the rest of
// the core: the CLI owns the thread.
import { composeFiles } from "./compose.ts";
import { notUserFile, type OutputFile, type RenderedFile } from "./file-tree.ts";
import { OUTPUT_PATHS } from "./names.ts";
import { applyPatches } from "./patches.ts";
import { describeVerdicts, preflightReads, runPreflight } from "./preflight.ts";
import type { Problem } from "./problems.ts";
import type { ResolvedConfig } from "./resolved.ts";
import { timed } from "./timings.ts";

/** The files the shard composes. */
export function inShard(path: string): boolean {
  return path.startsWith(`${OUTPUT_PATHS.services}/`);
}

export interface ShardResult {
  /** The shard's files, composed. */
  readonly files: readonly RenderedFile[];
  /** What composing them found wrong (an invalid object). */
  readonly composeProblems: readonly Problem[];
  /** The policy preflight of every pod, and what it read from the files (`preflightReads`). */
  readonly preflight: readonly Problem[];
  readonly preflightReads: string;
}

/**
 * The shard built with `generators` (the registry's SHARD_GENERATORS, given by core/generate-tree.ts): its own
 * files, and every file the preflight reads.
 */
export function buildShardWith(
  model: ResolvedConfig,
  generators: readonly ((model: ResolvedConfig) => OutputFile[])[],
): ShardResult {
  const generated = timed("generate the services' manifests", () =>
    generators.flatMap((generate) => generate(model)).filter(notUserFile(model.platform.userFiles)),
  );
  // Patches change an object the same whichever other files are there; what they fail to match is the first
  // thread's to report, as it sees every file.
  const { files } = timed("patches", () => applyPatches(model, generated));
  const composed = timed("compose the services' manifests", () =>
    composeFiles(
      files.filter((file) => inShard(file.path)),
      model.configFile,
    ),
  );
  return {
    files: [...composed.tree.values()],
    composeProblems: composed.problems,
    preflight: timed("policy preflight", () => runPreflight(model, files), describeVerdicts).problems,
    preflightReads: preflightReads(model, files),
  };
}
