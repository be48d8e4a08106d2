// Why a generated file on disk differs from what the config generates now. The committed list of owned files
// holds no hashes (they made every two pull requests conflict), so the answer comes from Git: the file and
// the config as committed at HEAD, and, when only the releases file changed, the tree HEAD's inputs generate.
// Each answer claims only what those facts show.
import type { ChangedFile } from "../core/sync.ts";
import type { BuiltTree } from "./build-tree.ts";
import { headCommit, textsAt } from "./git.ts";

export const REASONS = {
  noGit:
    "differs from what the config generates: edited by hand, or the config changed and it was not regenerated (outside a Git commit Fawkes cannot tell which)",
  editedByHand: "edited by hand",
  outOfSyncAtHead:
    "already out of sync at HEAD: committed with a hand edit, by another version of Fawkes, or without regenerating",
  stale: "stale: the config changed and it was not regenerated",
  staleUnlessAtHead:
    "stale: the config changed since HEAD and it was not regenerated (unless it was already out of sync at HEAD)",
  editedOrEarlier: "edited by hand, or generated from an earlier edit of the config",
} as const;

const lf = (text: string | undefined): string | undefined => text?.replace(/\r\n/g, "\n");

/**
 * The reason for each changed file, by path. `regenerate`: when only the releases file changed since HEAD,
 * also generate HEAD's tree in memory to tell a stale file from an edited one (check does; generate does not).
 */
export async function driftReasons(
  cwd: string,
  built: BuiltTree,
  changed: readonly ChangedFile[],
  regenerate: boolean,
): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  if (changed.length === 0) return reasons;
  const head = headCommit(cwd);
  const { configFile, configSource, releasesFile, releasesSource } = built.sources;
  const scoreSources = built.sources.scoreSources ?? {};
  const committed =
    head === undefined
      ? undefined
      : textsAt(cwd, head, [
          configFile,
          releasesFile,
          ...Object.keys(scoreSources),
          ...changed.map((c) => c.file.path),
        ]);
  if (committed === undefined || committed.get(configFile) === undefined) {
    for (const c of changed) reasons.set(c.file.path, REASONS.noGit);
    return reasons;
  }
  // The Score files services name are part of the config: a team's edit there is a config change.
  const configChanged =
    lf(committed.get(configFile)) !== lf(configSource) ||
    Object.entries(scoreSources).some(([file, text]) => lf(committed.get(file)) !== lf(text));
  const releasesAtHead = committed.get(releasesFile);
  const releasesChanged = lf(releasesAtHead) !== lf(releasesSource);
  // 1. The tree HEAD's inputs generate, when they differ from the working ones only in the releases file.
  let headTree: ReadonlyMap<string, { content: string }> | undefined;
  if (!configChanged && !releasesChanged) headTree = built.tree;
  else if (regenerate && !configChanged) {
    const { runPipeline } = await import("../core/pipeline.ts");
    const result = await runPipeline({ ...built.sources, releasesSource: releasesAtHead });
    if (result.ok) headTree = result.tree;
  }
  // 2. Each file against what HEAD committed and what HEAD's inputs generate.
  for (const c of changed) {
    const disk = lf(c.before);
    const atHead = lf(committed.get(c.file.path));
    const fromHead = headTree?.get(c.file.path)?.content;
    let reason: string;
    if (fromHead !== undefined && disk === fromHead) reason = REASONS.stale;
    else if (disk === atHead) reason = headTree ? REASONS.outOfSyncAtHead : REASONS.staleUnlessAtHead;
    else if (!configChanged && !releasesChanged) reason = REASONS.editedByHand;
    else reason = REASONS.editedOrEarlier;
    reasons.set(c.file.path, reason);
  }
  return reasons;
}
