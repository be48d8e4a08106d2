// The pure pipeline: sources in, a file tree (or every problem, located) out. No disk access here: the CLI
// reads the sources and decides what to do with the tree.
import { parseDocument } from "yaml";
import { GENERATORS } from "../generators/index.ts";
import { composeFiles } from "./compose.ts";
import { toFileTree, type FileTree } from "./file-tree.ts";
import { createConfigLocator, type SourceLocator } from "./locate-config.ts";
import { createYamlLocator } from "./locate-yaml.ts";
import { buildManifest, renderManifest, sha256, type Manifest } from "./manifest.ts";
import { sortProblems, type LocatedProblem, type Problem } from "./problems.ts";
import { canonicalize } from "./render-yaml.ts";
import { resolveConfig } from "./resolve.ts";
import type { ResolvedConfig } from "./resolved.ts";
import { validateConfig } from "./validate.ts";
import { verifyArgocd } from "./verify-argocd.ts";
import { preflightPolicies } from "./preflight.ts";
import { formatMarkdown } from "./format-markdown.ts";

export interface PipelineInput {
  /** Display name of the config file, relative to the repository root. */
  readonly configFile: string;
  readonly configSource: string;
  /** The config module's default export. */
  readonly config: unknown;
  readonly releasesFile: string;
  /** Text of the releases file, or undefined when it does not exist. */
  readonly releasesSource: string | undefined;
  /** `fawkes <version>`, recorded in the manifest. */
  readonly generator: string;
}

export type PipelineResult =
  | {
      readonly ok: true;
      readonly model: ResolvedConfig;
      /** Generated files plus the manifest. */
      readonly tree: FileTree;
      readonly manifest: Manifest;
      readonly warnings: readonly LocatedProblem[];
    }
  | { readonly ok: false; readonly problems: readonly LocatedProblem[] };

function parseReleases(input: PipelineInput): { value: unknown; problems: Problem[]; locator: SourceLocator } {
  const source = input.releasesSource ?? "";
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const locator = createYamlLocator(source);
  const problems: Problem[] = document.errors.map((error) => ({
    code: "invalid-yaml",
    path: ["releases"],
    origin: "releases" as const,
    message: error.message.split("\n")[0] ?? "invalid YAML",
    at: error.linePos ? { line: error.linePos[0].line, column: error.linePos[0].col } : { line: 1, column: 1 },
  }));
  return { value: problems.length > 0 ? {} : document.toJS() ?? {}, problems, locator };
}

function locateAll(problems: readonly Problem[], input: PipelineInput, config: SourceLocator, releases: SourceLocator): LocatedProblem[] {
  return sortProblems(
    problems.map((p) => {
      const inReleases = p.origin === "releases";
      const path = inReleases ? p.path.slice(1) : p.path;
      return {
        ...p,
        file: inReleases ? input.releasesFile : input.configFile,
        position: p.at ?? (inReleases ? releases : config).locate(path, p.target),
      };
    }),
  );
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  // 1. Load the releases file and find keys the config writes twice.
  const configLocator = createConfigLocator(input.configSource);
  const releases = parseReleases(input);
  const locate = (problems: readonly Problem[]) => locateAll(problems, input, configLocator, releases.locator);

  // 2. Validate shapes and cross references; collect everything.
  const validation = validateConfig(input.config, releases.value);
  const problems = [...configLocator.duplicateKeys(), ...releases.problems, ...validation.problems];
  if (!validation.ok || problems.some((p) => p.severity !== "warning")) return { ok: false, problems: locate(problems) };

  // 3. Resolve, generate, compose; every object is validated while composing.
  const model = resolveConfig(validation.value);
  const files = GENERATORS.flatMap((generate) => generate(model));
  const composed = composeFiles(files);
  if (composed.problems.length > 0) return { ok: false, problems: locate(composed.problems) };

  // 4. Every workload must pass every policy in Enforce mode; Audit findings are warnings.
  const preflight = preflightPolicies(model, files);
  if (preflight.some((p) => p.severity !== "warning")) return { ok: false, problems: locate(preflight) };

  // 5. ArgoCD must be able to resolve every reference in the tree; Markdown is formatted.
  const contents = new Map([...composed.tree.values()].map((f) => [f.path, f.content]));
  const broken = verifyArgocd(contents).map((f): Problem => ({
    code: "broken-reference",
    path: composed.tree.get(f.file)?.origin ?? [],
    message: `${f.object} in ${f.file}: ${f.message}`,
    hint: "a generator bug, or a config value that points nowhere",
  }));
  if (broken.length > 0) return { ok: false, problems: locate(broken) };

  // 6. The manifest of owned files completes the tree.
  const configSha256 = sha256(JSON.stringify(canonicalize(validation.value)));
  const formatted = await formatMarkdown(composed.tree);
  const manifest = buildManifest(formatted, configSha256, input.generator);
  const manifestFile = renderManifest(manifest);
  const tree = toFileTree([...formatted.values(), manifestFile]);
  return { ok: true, model, tree, manifest, warnings: locate([...problems, ...preflight]) };
}
