// Steps 4-7 of the pipeline: generators, composition (every object validated), the policy preflight, ArgoCD
// referential integrity, Markdown formatting. Pure: the resolved model in, a file tree or problems out. One
// thread builds service by service, each service's objects let go once its files are composed; beside a second
// thread (core/shard.ts), every file is generated first.
import { plural } from "./plural.ts";
import { InterleavedPhases, timed, timedAsync } from "./timings.ts";
import { forEveryService, PLATFORM_GENERATORS, SERVICE_GENERATORS, SHARD_GENERATORS } from "../generators/index.ts";
import { composeFiles } from "./compose.ts";
import {
  notUserFile,
  toFileTree,
  withFlatText,
  type FileTree,
  type KeepRendered,
  type OutputFile,
} from "./file-tree.ts";
import { formatMarkdown, isMarkdownPath, type MarkdownCache } from "./format-markdown.ts";
import { applyPatches, createPatcher } from "./patches.ts";
import { describeVerdicts, preflightReads, runPreflight, startPreflight } from "./preflight.ts";
import { buildShardWith, inShard, type ShardResult } from "./shard.ts";
import { buildSecretsPage, startSecretsPage } from "./secrets-page.ts";
import type { Problem } from "./problems.ts";
import type { ResolvedConfig } from "./resolved.ts";
import { bootstrapGraphOf } from "./runtime/bootstrap-graph.ts";
import { isArgocdFile, verifyArgocd } from "./verify-argocd.ts";
import { objectData } from "./custom-object.ts";

export type GeneratedTree =
  | { readonly ok: true; readonly tree: FileTree; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** The second thread's share of the build (core/shard.ts). */
export function buildShard(model: ResolvedConfig): ShardResult {
  return buildShardWith(model, SHARD_GENERATORS);
}

/**
 * The second thread's share, when its files are the ones this thread generated for it: the same paths, none
 * claimed twice (two generators writing one path must be reported as composing them here would).
 */
async function takeShare(
  shard: Promise<ShardResult | undefined>,
  files: readonly OutputFile[],
): Promise<ShardResult | undefined> {
  const share = await shard;
  const paths = files.filter((file) => inShard(file.path)).map((file) => file.path);
  if (!share || share.files.length !== paths.length) return undefined;
  const theirs = new Set(share.files.map((file) => file.path));
  return theirs.size === paths.length && paths.every((path) => theirs.has(path)) ? share : undefined;
}

/** `generate workloads`, for generateWorkloadsOf. */
function phaseOf(generate: { readonly name: string }): string {
  return `generate ${generate.name
    .replace(/^generate/, "")
    .replace(/Of$/, "")
    .toLowerCase()}`;
}

/** The files of the platform as a whole, each generator timed. Files the repository keeps as its own are left out. */
function platformFiles(model: ResolvedConfig): OutputFile[] {
  return PLATFORM_GENERATORS.flatMap((generate) =>
    timed(
      phaseOf(generate),
      () => generate(model),
      (files) => plural(files.length, "file"),
    ),
  )
    .filter(notUserFile(model.platform.userFiles))
    .map(withFlatText);
}

/** Every generated file at once, patched, with the secrets page; or the problems of the patches. */
function generateFiles(model: ResolvedConfig): { files: OutputFile[] } | { problems: readonly Problem[] } {
  const generated = [
    ...platformFiles(model),
    ...SERVICE_GENERATORS.flatMap((generate) =>
      timed(
        phaseOf(generate),
        () => forEveryService(generate)(model),
        (files) => plural(files.length, "file"),
      ),
    ).filter(notUserFile(model.platform.userFiles)),
  ];
  // The config's patches change generated objects before anything checks them.
  const patching = timed("patches", () => applyPatches(model, generated));
  if (patching.problems.length > 0) return { problems: patching.problems };
  // The secrets page reads what the generators emitted: every ExternalSecret's Vault paths.
  return { files: [...patching.files, buildSecretsPage(model, patching.files)] };
}

/**
 * The files one by one, each let go as it is taken: composing the last file no longer holds the objects of
 * the first, so a large platform never holds all its objects and all its rendered text at once.
 */
function* takeEach<T>(items: (T | undefined)[]): Generator<T> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    items[i] = undefined;
    yield item;
  }
}

/** What reads every file before it is composed, each once, as it passes: admission, the secrets page, the ArgoCD check. */
interface Intake {
  take(file: OutputFile): OutputFile;
  /** The secrets page, once every file is taken. */
  secretsPage(): OutputFile;
  /** The preflight's problems, once every file is taken (the pods no file holds are admitted then). */
  preflight(): Problem[];
  /** The ArgoCD files' objects, as generated. */
  readonly argocd: ReadonlyMap<string, readonly unknown[]>;
}

/** `context`: the files admission reads each cluster's Namespaces and LimitRanges from, patched. */
function startIntake(model: ResolvedConfig, context: readonly OutputFile[], phases: InterleavedPhases): Intake {
  const preflight = startPreflight(model, context);
  const secrets = startSecretsPage(model);
  const argocd = new Map<string, readonly unknown[]>();
  return {
    take(file) {
      phases.time(PREFLIGHT, () => preflight.observe(file));
      secrets.observe(file);
      if (file.type === "objects" && isArgocdFile(file.path)) argocd.set(file.path, file.objects.map(objectData));
      return file;
    },
    secretsPage: () => secrets.page(),
    preflight() {
      const result = phases.time(PREFLIGHT, () => preflight.finish());
      phases.describe(PREFLIGHT, describeVerdicts(result));
      return result.problems;
    },
    argocd,
  };
}

const PATCHES = "patches";
const PREFLIGHT = "policy preflight";

/**
 * The build of one thread, file by file: the platform's files, then each service's, each generated, patched,
 * admitted and composed before the next service's are generated, so that the objects of every service are
 * never alive at once. What reads every file (the preflight, the secrets page, the patches' matches) takes
 * each as it passes.
 */
function buildStreamed(
  model: ResolvedConfig,
  generated: OutputFile[],
  keep: KeepRendered | undefined,
):
  | { ok: false; problems: readonly Problem[] }
  | { ok: true; tree: FileTree; argocd: ReadonlyMap<string, readonly unknown[]>; preflight: readonly Problem[] } {
  const generators = SERVICE_GENERATORS.map((generate) => ({ generate, phase: phaseOf(generate), files: 0 }));
  const phases = new InterleavedPhases([...generators.map((g) => g.phase), PATCHES, PREFLIGHT]);
  const patcher = createPatcher(model);
  const patch = (file: OutputFile) => phases.time(PATCHES, () => patcher.apply(file));
  // The platform's files are patched first: admission reads each cluster's Namespaces and LimitRanges from
  // them, as patched, before any pod.
  const platform = Array.from(takeEach(generated), patch);
  const intake = startIntake(model, platform, phases);
  const generatedHere = notUserFile(model.platform.userFiles);
  function* files(): Generator<OutputFile> {
    for (const file of takeEach<OutputFile>(platform)) yield intake.take(file);
    for (const service of model.services)
      for (const generator of generators) {
        const generated = phases.time(generator.phase, () => generator.generate(model, service));
        generator.files += generated.length;
        for (const file of generated) if (generatedHere(file)) yield intake.take(patch(file));
      }
    yield intake.secretsPage();
  }
  const built = phases.run(
    "compose (validate and render)",
    () => {
      // Markdown is formatted once the tree is complete: the tree keeps its text.
      const composed = composeFiles(files(), model.configFile, keep && keepingMarkdown(keep));
      for (const generator of generators) phases.describe(generator.phase, plural(generator.files, "file"));
      return { composed, preflight: intake.preflight() };
    },
    ({ composed }) => plural(composed.tree.size, "file"),
  );
  const patchProblems = patcher.problems();
  if (patchProblems.length > 0) return { ok: false, problems: patchProblems };
  if (built.composed.problems.length > 0) return { ok: false, problems: built.composed.problems };
  return { ok: true, tree: built.composed.tree, argocd: intake.argocd, preflight: built.preflight };
}

/** Steps 6 and 7: ArgoCD's references verified, Markdown formatted. */
async function finishTree(
  tree: FileTree,
  argocd: ReadonlyMap<string, readonly unknown[]>,
  warnings: readonly Problem[],
  markdownCache: MarkdownCache | undefined,
): Promise<GeneratedTree> {
  // 6. ArgoCD must be able to resolve every reference in the tree.
  const broken = timed("verify ArgoCD", () => verifyArgocd(tree, argocd)).map((f): Problem => ({
    code: "broken-reference",
    path: tree.get(f.file)?.origin ?? [],
    message: `${f.object} in ${f.file}: ${f.message}`,
    hint: "a generator bug, or a config value that points nowhere",
  }));
  if (broken.length > 0) return { ok: false, problems: broken };

  // 7. Markdown is formatted.
  const formatted = await timedAsync("format Markdown", () => formatMarkdown(tree, markdownCache));
  return { ok: true, tree: formatted, warnings };
}

/** What the tree keeps of a composed file: Markdown stays whole, to be formatted once the tree is complete. */
export function keepingMarkdown(keep: KeepRendered): KeepRendered {
  return (file) => (isMarkdownPath(file.path) ? file : keep(file));
}

export interface TreeOptions {
  /**
   * The second thread's share (core/shard.ts), built from the same model meanwhile; without it, this thread
   * builds everything, service by service. The tree is the same either way.
   */
  readonly shard?: Promise<ShardResult | undefined>;
  /**
   * What the tree keeps of each file (undefined: the files themselves), awaited once the platform's files are
   * generated, before composing starts. Beside a second thread, where every file is composed first, it is taken
   * once the tree is whole.
   */
  readonly keep?: Promise<KeepRendered | undefined>;
}

export async function generateTree(
  model: ResolvedConfig,
  markdownCache?: MarkdownCache,
  { shard, keep }: TreeOptions = {},
): Promise<GeneratedTree> {
  // 4. The bootstrap graph orders every sync wave: it must be complete and free of cycles before anything
  //    is generated from it.
  const graph = timed("bootstrap graph", () => bootstrapGraphOf(model));
  if (!graph.ok) return { ok: false, problems: graph.problems };
  if (shard) return generateWithShard(model, shard, markdownCache, keep);
  const platform = platformFiles(model);
  const kept = keep && (await timedAsync("wait for the output read", () => keep));
  const built = buildStreamed(model, platform, kept);
  if (!built.ok) return built;
  // 5. Every workload must pass every policy in Enforce mode; Audit findings are warnings.
  if (built.preflight.some((p) => p.severity !== "warning")) return { ok: false, problems: built.preflight };
  return finishTree(built.tree, built.argocd, built.preflight, markdownCache);
}

/** The build beside a second thread, which composes the services' manifests and admits every pod meanwhile. */
async function generateWithShard(
  model: ResolvedConfig,
  shard: Promise<ShardResult | undefined>,
  markdownCache: MarkdownCache | undefined,
  keep: Promise<KeepRendered | undefined> | undefined,
): Promise<GeneratedTree> {
  const generated = generateFiles(model);
  if ("problems" in generated) return { ok: false, problems: generated.problems };
  const { files } = generated;
  // What the later steps read of the objects: the ArgoCD objects (step 6). The files are kept until the second
  // thread answers, whose verdicts may be taken instead of this thread's.
  const argocd = new Map(
    files.flatMap((f) => (f.type === "objects" && isArgocdFile(f.path) ? [[f.path, f.objects.map(objectData)]] : [])),
  );
  const composed = timed(
    "compose (validate and render)",
    () =>
      composeFiles(
        files.filter((file) => !inShard(file.path)),
        model.configFile,
      ),
    (result) => plural(result.tree.size, "file"),
  );
  const shared = await timedAsync("wait for the second thread", () => takeShare(shard, files));
  // Without the second thread's share (it failed, or its files are not this thread's), it is composed here.
  const rest = shared
    ? undefined
    : timed("compose the services' manifests", () =>
        composeFiles(
          files.filter((file) => inShard(file.path)),
          model.configFile,
        ),
      );
  const problems = [...composed.problems, ...(shared?.composeProblems ?? rest?.problems ?? [])];
  if (problems.length > 0) return { ok: false, problems };
  const whole = [...composed.tree.values(), ...(shared?.files ?? rest?.tree.values() ?? [])];
  // What the caller keeps of each file, as the service-by-service build keeps it.
  const kept = keep && (await timedAsync("wait for the output read", () => keep));
  const tree = toFileTree(kept ? whole.map(keepingMarkdown(kept)) : whole);

  // 5. Every workload must pass every policy in Enforce mode; Audit findings are warnings. The second thread's
  //    verdicts count when it read what this thread's files hold.
  const preflight =
    shared && timed("compare the preflight's reads", () => preflightReads(model, files)) === shared.preflightReads
      ? shared.preflight
      : timed("policy preflight", () => runPreflight(model, files), describeVerdicts).problems;
  if (preflight.some((p) => p.severity !== "warning")) return { ok: false, problems: preflight };
  return finishTree(tree, argocd, preflight, markdownCache);
}
