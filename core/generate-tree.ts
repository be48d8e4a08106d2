// Steps 4-7 of the pipeline: generators, composition (every object validated), the policy preflight, ArgoCD
// referential integrity, Markdown formatting. Pure: the resolved model in, a file tree or problems out.
import { plural } from "./plural.ts";
import { timed, timedAsync } from "./timings.ts";
import { GENERATORS, SHARD_GENERATORS } from "../generators/index.ts";
import { composeFiles } from "./compose.ts";
import { toFileTree, type FileTree, type OutputFile } from "./file-tree.ts";
import { formatMarkdown, type MarkdownCache } from "./format-markdown.ts";
import { applyPatches } from "./patches.ts";
import { describeVerdicts, preflightReads, runPreflight } from "./preflight.ts";
import { buildShardWith, inShard, type ShardResult } from "./shard.ts";
import { buildSecretsPage } from "./secrets-page.ts";
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

/** Every generated file, patched, with the secrets page; or the problems of the bootstrap graph and patches. */
function generateFiles(model: ResolvedConfig): { files: OutputFile[] } | { problems: readonly Problem[] } {
  // 4. The bootstrap graph orders every sync wave: it must be complete and free of cycles before anything
  //    is generated from it.
  const graph = timed("bootstrap graph", () => bootstrapGraphOf(model));
  if (!graph.ok) return { problems: graph.problems };
  const generated = GENERATORS.flatMap(
    (generate) =>
      timed(
        `generate ${generate.name.replace(/^generate/, "").toLowerCase()}`,
        () => generate(model),
        (files) => plural(files.length, "file"),
      ),
    // Files the repository keeps as its own (platform.userFiles) are left out.
  ).filter((file) => !model.platform.userFiles.includes(file.path));
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

/**
 * `shard`: the second thread's share (core/shard.ts), built from the same model meanwhile; undefined when there
 * is no second thread or it failed, and then this thread builds that share too. The tree is the same either way.
 */
export async function generateTree(
  model: ResolvedConfig,
  markdownCache?: MarkdownCache,
  shard?: Promise<ShardResult | undefined>,
): Promise<GeneratedTree> {
  const generated = generateFiles(model);
  if ("problems" in generated) return { ok: false, problems: generated.problems };
  const { files } = generated;
  // What the later steps read of the objects, taken before composing lets them go: every pod's verdict (step 5)
  // and the ArgoCD objects (step 6). With a second thread, its verdicts may be taken instead, and the files
  // are kept until it answers.
  const verdicts = shard
    ? undefined
    : timed("policy preflight", () => runPreflight(model, files), describeVerdicts).problems;
  const argocd = new Map(
    files.flatMap((f) => (f.type === "objects" && isArgocdFile(f.path) ? [[f.path, f.objects.map(objectData)]] : [])),
  );

  // Compose: every object validated, every file rendered. Without a second thread, `takeEach` empties `files`
  // as it goes, and nothing below reads them; with one, only its branches do.
  const composed = timed(
    "compose (validate and render)",
    () =>
      composeFiles(shard ? files.filter((file) => !inShard(file.path)) : takeEach<OutputFile>(files), model.configFile),
    (result) => plural(result.tree.size, "file"),
  );
  const shared = shard && (await timedAsync("wait for the second thread", () => takeShare(shard, files)));
  // Without the second thread's share (it failed, or its files are not this thread's), it is composed here.
  const rest =
    shard && !shared
      ? timed("compose the services' manifests", () =>
          composeFiles(
            files.filter((file) => inShard(file.path)),
            model.configFile,
          ),
        )
      : undefined;
  const problems = [...composed.problems, ...(shared?.composeProblems ?? rest?.problems ?? [])];
  if (problems.length > 0) return { ok: false, problems };
  const tree = shard
    ? toFileTree([...composed.tree.values(), ...(shared?.files ?? rest?.tree.values() ?? [])])
    : composed.tree;

  // 5. Every workload must pass every policy in Enforce mode; Audit findings are warnings. The second thread's
  //    verdicts count when it read what this thread's files hold.
  const preflight =
    verdicts ??
    (shared && timed("compare the preflight's reads", () => preflightReads(model, files)) === shared.preflightReads
      ? shared.preflight
      : timed("policy preflight", () => runPreflight(model, files), describeVerdicts).problems);
  if (preflight.some((p) => p.severity !== "warning")) return { ok: false, problems: preflight };

  // 6. ArgoCD must be able to resolve every reference in the tree.
  const contents = new Map([...tree.values()].map((f) => [f.path, f.content]));
  const broken = timed("verify ArgoCD", () => verifyArgocd(contents, argocd)).map((f): Problem => ({
    code: "broken-reference",
    path: tree.get(f.file)?.origin ?? [],
    message: `${f.object} in ${f.file}: ${f.message}`,
    hint: "a generator bug, or a config value that points nowhere",
  }));
  if (broken.length > 0) return { ok: false, problems: broken };

  // 7. Markdown is formatted.
  const formatted = await timedAsync("format Markdown", () => formatMarkdown(tree, markdownCache));
  return { ok: true, tree: formatted, warnings: preflight };
}
