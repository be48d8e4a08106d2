// `fawkes generate`: write the tree, delete stale owned files, refuse to replace files it does not own.
import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { timed, timedAsync } from "../../core/timings.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { diffResources, resourcesOf, type ResourceChange } from "../../core/plan.ts";
import { environmentsOfTree, isApplicationFile } from "../../core/plan-protection.ts";
import { planSync, type DiskFiles, type SyncPlan } from "../../core/sync.ts";
import { buildTree, loadBuildSources, type BuiltTree } from "../build-tree.ts";
import { finishDiskRead, readOwnershipOnDisk, startDiskRead, type DiskRead } from "../disk.ts";
import { dropDiskAhead } from "../disk-hash-thread.ts";
import { filesAt, resolveRef } from "../git.ts";
import { parseTerraform } from "../hcl.ts";
import { driftReasons, REASONS } from "../drift-reason.ts";
import { applyChanges, completeInterrupted, removeStaged } from "../journal.ts";
import {
  diskMatches,
  generateKey,
  readLastGenerate,
  toolIdentity,
  touchLastGenerate,
  writeLastGenerate,
} from "../last-generate.ts";
import type { SourceOptions } from "../load-sources.ts";
import { findConfig } from "../find-config.ts";
import { withLock } from "../lock.ts";
import { plural, printProblems, type Io } from "../output.ts";
import { createPathGuard, type PathGuard } from "../safe-path.ts";
import { startStaging, type Staging } from "../staging.ts";
import type { Ownership } from "../../core/manifest.ts";
import type { PipelineInput } from "../../core/pipeline.ts";
import { missingManifestNote } from "./manifest-note.ts";

/**
 * What this generate would take away from a protected environment: objects ArgoCD would prune, Terraform
 * resources it would destroy or replace. Protected means protected in the new config, in the output on disk
 * or in the output committed at HEAD, so removing, renaming or unprotecting an environment does not escape.
 */
async function protectedLosses(
  built: BuiltTree,
  plan: SyncPlan,
  disk: DiskFiles,
  root: string,
): Promise<ResourceChange[]> {
  const resourceFile = (p: string) => p.endsWith(".yaml") || p.endsWith(".tf");
  // Only a file deleted or changed can lose something: nothing of the sort (a first generate writes only new
  // files), nothing to parse, whatever is protected.
  const losing = [...plan.stale, ...plan.changed.map((c) => c.file.path)].filter(resourceFile);
  if (losing.length === 0) return [];
  // Added files count on the other side: an object moved to a new file is not removed.
  const touched = [...losing, ...plan.added.map((f) => f.path).filter(resourceFile)];
  // The Applications on disk, as text (never kept as a hash only: cli/staging.ts).
  const pick = (files: DiskFiles) =>
    new Map(
      [...files].filter(
        (entry): entry is [string, string] => isApplicationFile(entry[0]) && typeof entry[1] === "string",
      ),
    );
  const head = resolveRef(root, "HEAD");
  const committed = environmentsOfTree(head ? filesAt(root, head, [OUTPUT_PATHS.apps]) : new Map());
  const onDisk = environmentsOfTree(pick(disk));
  const protectedEnvironments = new Set([
    ...built.model.environments.filter((e) => e.protected).map((e) => e.name),
    ...onDisk.protected,
    ...committed.protected,
  ]);
  const management = built.model.platform.managementEnvironment;
  const ctx = { protectedEnvironments, managementEnvironment: management };
  const before = await resourcesOf(
    // What is lost is in a changed or stale file: its text was read.
    new Map(touched.flatMap((p) => (typeof disk.get(p) === "string" ? [[p, disk.get(p) as string] as const] : []))),
    { ...ctx, managementEnvironment: onDisk.management ?? management },
    parseTerraform,
  );
  const after = await resourcesOf(
    new Map(touched.flatMap((p) => (built.tree.has(p) ? [[p, built.tree.get(p)!.content] as const] : []))),
    ctx,
    parseTerraform,
  );
  return diffResources(before, after, ctx).changes.filter(
    (c) => c.risks.includes("prod") && (c.risks.includes("prune") || c.risks.includes("destroy")),
  );
}

function lossMessage(c: ResourceChange): string {
  if (c.action === "removed" && c.risks.includes("prune"))
    return `${c.id}: would be removed from a protected environment (ArgoCD prunes it on the next sync)`;
  if (c.action === "removed") return `${c.id}: would be destroyed by Terraform in a protected environment`;
  return `${c.id}: would be replaced by Terraform in a protected environment (${c.summary.filter((s) => s.includes("forces replacement")).join(", ") || "forces replacement"})`;
}

export type GenerateOptions = SourceOptions & { allowPrune?: boolean };

/**
 * Whether the config (`--config`, or the one the root holds) and the releases file beside it were last changed
 * before `ms`; false when unknown.
 */
async function inputsOlderThan(root: string, config: string | undefined, ms: number | undefined): Promise<boolean> {
  if (ms === undefined) return false;
  try {
    const configPath = resolve(root, await findConfig(root, config));
    const times = await Promise.all(
      [configPath, join(dirname(configPath), "releases.yaml")].map((path) =>
        stat(path).then(
          (stats) => stats.mtimeMs,
          () => 0,
        ),
      ),
    );
    return Math.max(...times) < ms;
  } catch {
    return false;
  }
}

export async function generateCommand(options: GenerateOptions, io: Io): Promise<number> {
  const guard = await createPathGuard(options.cwd);
  return withLock(guard, "generate", io, () => generateLocked(options, guard, io));
}

/** Generate for a caller that already holds the lock (release, promote). */
export async function generateLocked(options: GenerateOptions, guard: PathGuard, io: Io): Promise<number> {
  // 1. Complete an interrupted run's journal, so the disk is consistent before it is read.
  const completed = await completeInterrupted(guard);
  if (completed > 0) {
    // What a read started ahead found is not what the disk holds now.
    dropDiskAhead();
    io.err(`fawkes: completed an interrupted generate (${plural(completed, "file")} moved or deleted)`);
  }
  // 2. Build the tree in memory and compare it with the disk, read meanwhile.
  const { ownership: previous, text: manifestText } = await readOwnershipOnDisk(guard);
  const early = startDiskRead(guard, previous);
  // Its failure (a link, an unreadable file) is reported once the tree is built; a failed build reports its own.
  early.catch(() => undefined);
  // The staged files an interrupted run left without a journal go before this one stages its own: the early
  // read's listing names them (listed here only when that read failed). Its failure is reported after the build.
  const recovered = early
    .then(
      (read) => removeStaged(guard, read),
      () => removeStaged(guard),
    )
    .then((removed) => {
      if (removed.length > 0)
        io.err(`fawkes: removed ${plural(removed.length, "staged file")} of an interrupted generate`);
    });
  recovered.catch(() => undefined);
  try {
    // The same inputs and the same Fawkes as the last generate, whose files are all on disk as it wrote them:
    // the tree would be the same, so there is nothing to write (cli/last-generate.ts).
    const tool = toolIdentity();
    const entry = tool !== undefined && completed === 0 ? await readLastGenerate(guard.root) : undefined;
    // The generators load beside the config unless this generate may well build nothing: the config and the
    // releases.yaml beside it are older than the last generate's record (the example's generate with nothing to
    // change: 0.80 → 0.60 s). Only what loads early depends on it; whether to build is the inputs' key.
    const older = await inputsOlderThan(guard.root, options.config, entry?.writtenMs);
    const sources = await loadBuildSources(options, { generators: !older });
    const key = tool && timed("key of the sources", () => generateKey(sources, tool));
    const reusable = key !== undefined && entry?.key === key ? entry : undefined;
    if (
      reusable &&
      (await early.then(
        (read) => timed("compare", () => diskMatches(reusable, read)),
        () => false,
      ))
    ) {
      await recovered;
      // Touched since, its text unchanged (a checkout, a save): the record is dated now, so that the next
      // generate does not load the generators early again.
      if (!older) await touchLastGenerate(guard.root);
      if (reusable.warnings.length > 0) printProblems(io, reusable.warnings);
      io.out(`fawkes generate: 0 written, ${reusable.files.length} unchanged, 0 deleted.`);
      return 0;
    }
    // The files this generate writes are staged as they are composed, once the early read says which they are
    // (composing waits for it); the ones the disk holds already are kept as their hash.
    const staging = recovered
      .then(() => early)
      .then(
        (read) => startStaging(guard, read),
        () => undefined,
      );
    const written = new Set<string>();
    try {
      return await buildAndWrite(options, guard, io, written, {
        sources,
        early,
        previous,
        manifestText,
        key,
        staging,
        recovered,
      });
    } finally {
      // What was staged and not written: all of it when the build failed or was refused, and the staged files of
      // files that turned out unchanged.
      await (await staging)?.discard(written);
    }
  } finally {
    // Never left running past the lock, whatever failed (a config that does not load).
    await recovered.catch(() => undefined);
  }
}

interface BuildInputs {
  readonly sources: PipelineInput;
  readonly early: Promise<DiskRead>;
  readonly previous: Ownership | undefined;
  readonly manifestText: string | undefined;
  readonly key: string | undefined;
  readonly staging: Promise<Staging | undefined>;
  /** The removal of an interrupted run's staged files. */
  readonly recovered: Promise<void>;
}

/** Steps 2-4 once the last generate cannot be reused: build, compare, refuse or write (adding to `written`). */
async function buildAndWrite(
  options: GenerateOptions,
  guard: PathGuard,
  io: Io,
  written: Set<string>,
  { sources, early, previous, manifestText, key, staging, recovered }: BuildInputs,
): Promise<number> {
  const built = await buildTree(options, io, { sources, keep: staging.then((s) => s?.keep) });
  if (!built) return 1;
  await recovered;
  // The staging thread's last files, before anything looks for them on disk.
  const stager = await staging;
  if (stager?.threaded) await timedAsync("wait for the staging thread", () => stager.settle());
  const disk = await timedAsync(
    "read the tree on disk",
    () => finishDiskRead(guard, early, built.tree),
    (files) => plural(files.size, "file"),
  );
  const plan = timed("compare", () => planSync(built.tree, disk, previous));
  // 3. Refuse what must not be replaced or pruned.
  if (plan.conflicts.length > 0) {
    for (const path of plan.conflicts) io.err(`${path}: exists and is not owned by Fawkes; it was not replaced`);
    const note = missingManifestNote(manifestText, previous);
    if (note) io.err(note);
    io.err(
      `${plural(plan.conflicts.length, "file")} in the way; nothing was written. Move ${plan.conflicts.length === 1 ? "it" : "them"} away, keep ${plan.conflicts.length === 1 ? "it" : "them"} as your own with platform.userFiles in the config (CI workflows, CODEOWNERS, mkdocs.yml, .gitattributes), or delete ${plan.conflicts.length === 1 ? "it" : "them"} if generated output should take ${plan.conflicts.length === 1 ? "its" : "their"} place.`,
    );
    return 1;
  }
  if (!options.allowPrune) {
    const losses = await timedAsync("prune guard", () => protectedLosses(built, plan, disk, guard.root));
    if (losses.length > 0) {
      for (const c of losses) io.err(lossMessage(c));
      io.err(
        `${plural(losses.length, "live resource")} of protected environments would be pruned, destroyed or replaced; nothing was written. Review with \`npx fawkes plan\`, then run \`npx fawkes generate --allow-prune\`.`,
      );
      return 1;
    }
  }
  // 4. Write: staged, journaled, the list of owned files last.
  const reasons = await driftReasons(guard.root, built, plan.changed, false);
  const writes = [...plan.added, ...plan.changed.map((c) => c.file)];
  await timedAsync(
    "write",
    () => applyChanges(guard, writes, plan.stale),
    () => `${plural(writes.length, "file")} written, ${plan.stale.length} deleted`,
  );
  for (const file of writes) written.add(file.path);
  for (const c of plan.changed)
    if (reasons.get(c.file.path) === REASONS.editedByHand)
      io.err(`warning: ${c.file.path} had been edited by hand; the edit was overwritten`);
  for (const path of plan.unexpected)
    io.err(`warning: ${path} is not generated by Fawkes and sits in its output folder; remove it`);
  io.out(
    `fawkes generate: ${plan.added.length + plan.changed.length} written, ${plan.unchanged} unchanged, ${plan.stale.length} deleted.`,
  );
  for (const path of plan.stale) io.out(`  deleted ${path}`);
  if (key !== undefined)
    await timedAsync("remember the output", () => writeLastGenerate(guard.root, key, built.tree, built.warnings));
  return 0;
}
