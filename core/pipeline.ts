// The pure pipeline: sources in, a file tree (or every problem, located) out. No disk access here: the CLI
// reads the sources and decides what to do with the tree.
import { parseDocument } from "yaml";
import { toFileTree, type FileTree } from "./file-tree.ts";
import { createConfigLocator, type SourceLocator } from "./locate-config.ts";
import { createYamlLocator } from "./locate-yaml.ts";
import { buildManifest, renderManifest, sha256, type Manifest } from "./manifest.ts";
import { sortProblems, type LocatedProblem, type Problem } from "./problems.ts";
import { checkQuotas } from "./checks/quotas.ts";
import { scanSecrets } from "./checks/secret-scan.ts";
import { canonicalize } from "./render-yaml.ts";
import { resolveConfig } from "./resolve.ts";
import type { ResolvedConfig } from "./resolved.ts";
import { validateConfig, type ValidatedConfig } from "./validate.ts";

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

/** A credential found both in a value (with its config path) and by the text scan is reported once. */
function withoutRepeatedSecrets(problems: LocatedProblem[]): LocatedProblem[] {
  const line = (p: LocatedProblem) => `${p.file}:${p.position.line}`;
  const byPath = new Set(problems.filter((p) => p.code === "secret-value" && p.path.length > 0).map(line));
  return problems.filter((p) => !(p.code === "secret-value" && p.path.length === 0 && byPath.has(line(p))));
}

export type ValidatedSources =
  | { readonly ok: true; readonly model: ResolvedConfig; readonly value: ValidatedConfig; readonly warnings: readonly Problem[]; readonly locate: (problems: readonly Problem[]) => LocatedProblem[] }
  | { readonly ok: false; readonly problems: readonly LocatedProblem[] };

/** Steps 1-3: the config and the releases file validated and resolved. What `fawkes validate` runs. */
export async function validateSources(input: PipelineInput): Promise<ValidatedSources> {
  // 1. Load the releases file and find keys the config writes twice.
  const configLocator = createConfigLocator(input.configSource);
  const releases = parseReleases(input);
  const locate = (problems: readonly Problem[]) => withoutRepeatedSecrets(locateAll(problems, input, configLocator, releases.locator));

  // 2. Validate shapes and cross references; collect everything.
  const validation = validateConfig(input.config, releases.value);
  const secrets = await scanSecrets([
    { origin: "config", file: input.configFile, content: input.configSource },
    { origin: "releases", file: input.releasesFile, content: input.releasesSource ?? "" },
  ]);
  const problems = [...configLocator.duplicateKeys(), ...releases.problems, ...secrets, ...validation.problems];
  if (!validation.ok || problems.some((p) => p.severity !== "warning")) return { ok: false, problems: locate(problems) };

  // 3. Resolve: defaults, derived names, references; then what only the resolved model can tell.
  const model = resolveConfig(validation.value);
  const quotas = checkQuotas(model);
  if (quotas.length > 0) return { ok: false, problems: locate([...problems, ...quotas]) };
  return { ok: true, model, value: validation.value, warnings: problems, locate };
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const validated = await validateSources(input);
  if (!validated.ok) return validated;
  const { model, locate } = validated;
  // The generators and their models load only when something is generated: `validate` stays fast.
  const { generateTree } = await import("./generate-tree.ts");
  const generated = await generateTree(model);
  if (!generated.ok) return { ok: false, problems: locate(generated.problems) };

  // The manifest of owned files completes the tree.
  const configSha256 = sha256(JSON.stringify(canonicalize(validated.value)));
  const manifest = buildManifest(generated.tree, configSha256, input.generator);
  const tree = toFileTree([...generated.tree.values(), renderManifest(manifest)]);
  return { ok: true, model, tree, manifest, warnings: locate([...validated.warnings, ...generated.warnings]) };
}
