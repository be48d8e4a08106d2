// Steps 4-7 of the pipeline: generators, composition (every object validated), the policy preflight, ArgoCD
// referential integrity, Markdown formatting. Pure: the resolved model in, a file tree or problems out.
import { timed, timedAsync } from "./timings.ts";
import { GENERATORS } from "../generators/index.ts";
import { composeFiles } from "./compose.ts";
import type { FileTree } from "./file-tree.ts";
import { formatMarkdown, type MarkdownCache } from "./format-markdown.ts";
import { applyPatches } from "./patches.ts";
import { preflightPolicies } from "./preflight.ts";
import { buildSecretsPage } from "./secrets-page.ts";
import type { Problem } from "./problems.ts";
import type { ResolvedConfig } from "./resolved.ts";
import { bootstrapGraphOf } from "./runtime/bootstrap-graph.ts";
import { verifyArgocd } from "./verify-argocd.ts";
import { objectData } from "./custom-object.ts";

export type GeneratedTree =
  | { readonly ok: true; readonly tree: FileTree; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export async function generateTree(model: ResolvedConfig, markdownCache?: MarkdownCache): Promise<GeneratedTree> {
  // 4. The bootstrap graph orders every sync wave: it must be complete and free of cycles before anything
  //    is generated from it. Then generate and compose; every object is validated while composing.
  const graph = timed("bootstrap graph", () => bootstrapGraphOf(model));
  if (!graph.ok) return { ok: false, problems: graph.problems };
  const generated = GENERATORS.flatMap(
    (generate) => timed(`generate ${generate.name.replace(/^generate/, "").toLowerCase()}`, () => generate(model)),
    // Files the repository keeps as its own (platform.userFiles) are left out.
  ).filter((file) => !model.platform.userFiles.includes(file.path));
  // The config's patches change generated objects before anything checks them.
  const patching = timed("patches", () => applyPatches(model, generated));
  if (patching.problems.length > 0) return { ok: false, problems: patching.problems };
  // The secrets page reads what the generators emitted: every ExternalSecret's Vault paths.
  const files = [...patching.files, buildSecretsPage(model, patching.files)];
  const composed = timed("compose (validate and render)", () => composeFiles(files, model.configFile));
  if (composed.problems.length > 0) return { ok: false, problems: composed.problems };

  // 5. Every workload must pass every policy in Enforce mode; Audit findings are warnings.
  const preflight = timed("policy preflight", () => preflightPolicies(model, files));
  if (preflight.some((p) => p.severity !== "warning")) return { ok: false, problems: preflight };

  // 6. ArgoCD must be able to resolve every reference in the tree.
  const contents = new Map([...composed.tree.values()].map((f) => [f.path, f.content]));
  const objects = new Map(files.flatMap((f) => (f.type === "objects" ? [[f.path, f.objects.map(objectData)]] : [])));
  const broken = timed("verify ArgoCD", () => verifyArgocd(contents, objects)).map((f): Problem => ({
    code: "broken-reference",
    path: composed.tree.get(f.file)?.origin ?? [],
    message: `${f.object} in ${f.file}: ${f.message}`,
    hint: "a generator bug, or a config value that points nowhere",
  }));
  if (broken.length > 0) return { ok: false, problems: broken };

  // 7. Markdown is formatted.
  const tree = await timedAsync("format Markdown", () => formatMarkdown(composed.tree, markdownCache));
  return { ok: true, tree, warnings: preflight };
}
