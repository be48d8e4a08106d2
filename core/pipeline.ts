// The pure pipeline: sources in, a file tree (or every problem, located) out. No disk access here: the CLI
// reads the sources and decides what to do with the tree.
import type { MarkdownCache } from "./format-markdown.ts";
import type { CelTreeCache } from "./cel.ts";
import { timed, timedAsync } from "./timings.ts";
import { LineCounter, parseDocument } from "yaml";
import { toFileTree, type FileTree, type KeepRendered } from "./file-tree.ts";
import { configFormat, createSourceLocator, duplicateKeys } from "./config-text.ts";
import { rememberingLocator, type ConfigTextCache } from "./config-text-facts.ts";
import type { SourceLocator } from "./locate-config.ts";
import { createYamlLocator } from "./locate-yaml.ts";
import { readReleasesText } from "./releases-text.ts";
import { renderManifest } from "./manifest.ts";
import { sortProblems, type LocatedProblem, type Problem } from "./problems.ts";
import { allocationsSchema } from "../schema/allocations.ts";
import {
  checkDnsCoverage,
  checkVaultSealIdentity,
  checkInternalCertificates,
  checkQuotas,
  checkVaultAgentDelivery,
} from "./checks/model-checks.ts";
import { OUTPUT_PATHS } from "./names.ts";
import type { NetworkAllocations } from "./network-plan.ts";
import { checkSourceTexts, type SourceTextChecks, type SourceTexts } from "./checks/source-text-checks.ts";
import { checkCertificateBudget } from "./checks/certificates.ts";
import { checkRepoFacts, type RepoFacts } from "./repo-facts.ts";
import { resolveConfig } from "./resolve.ts";
import { mergeScoreFiles, type ScoreOrigin } from "./score.ts";
import type { ResolvedConfig } from "./resolved.ts";
import type { ShardResult } from "./shard.ts";
import { validateConfig, type ValidatedConfig } from "./validate.ts";

export interface PipelineInput {
  /** Display name of the config file, relative to the repository root (its extension says its form). */
  readonly configFile: string;
  readonly configSource: string;
  /** The config module's default export, or the parsed YAML or JSON. */
  readonly config: unknown;
  readonly releasesFile: string;
  /** Text of the releases file, or undefined when it does not exist. */
  readonly releasesSource: string | undefined;
  /** Text of `.fawkes/allocations.json` (networks allocated earlier), or undefined when there is none. */
  readonly allocationsSource?: string | undefined;
  /** Texts of the Score files that services name (`services.<name>.score`), by repository path; a missing file is absent. */
  readonly scoreSources?: Readonly<Record<string, string>>;
  /** Formatted Markdown pages from earlier runs (the CLI's, on disk); the output is the same without it. */
  readonly markdownCache?: MarkdownCache;
  /** What the repository holds besides the config (the CLI reads it); an empty repository without it. */
  readonly repo?: RepoFacts;
  /**
   * The scan of the sources' texts for credentials (core/checks/source-text-checks.ts), elsewhere: the CLI runs
   * it on the config's worker. Asked with this input's texts; undefined, or an answer of undefined (other texts
   * than it scans), and the pipeline runs it itself. The problems are the same.
   */
  readonly textChecks?: (texts: SourceTexts) => Promise<SourceTextChecks | undefined>;
  /**
   * What parsing a TypeScript config found before for the same text: its keys written twice and where problems
   * were (the CLI's, on disk). The problems and their positions are the same without it.
   */
  readonly configTextCache?: ConfigTextCache;
  /** The policies' parsed CEL from earlier runs (the CLI's, on disk); the output is the same without it. */
  readonly celTrees?: CelTreeCache;
}

/** Networks allocated by earlier runs; an unreadable file is a problem, never silently a fresh plan. */
function parseAllocations(input: PipelineInput): { value: NetworkAllocations; problems: Problem[] } {
  if (input.allocationsSource === undefined) return { value: {}, problems: [] };
  const at = { line: 1, column: 1 };
  try {
    const parsed = allocationsSchema.safeParse(JSON.parse(input.allocationsSource));
    if (parsed.success) return { value: parsed.data.networks, problems: [] };
    return {
      value: {},
      problems: [
        {
          code: "invalid-allocations",
          path: [],
          message: `${OUTPUT_PATHS.allocations} is not an allocations file: ${parsed.error.issues[0]?.message ?? "invalid"}`,
          hint: `restore it from Git (\`git checkout -- ${OUTPUT_PATHS.allocations}\`)`,
          at,
        },
      ],
    };
  } catch (error) {
    return {
      value: {},
      problems: [
        {
          code: "invalid-allocations",
          path: [],
          message: `${OUTPUT_PATHS.allocations} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
          hint: `restore it from Git (\`git checkout -- ${OUTPUT_PATHS.allocations}\`)`,
          at,
        },
      ],
    };
  }
}

export type PipelineResult =
  | {
      readonly ok: true;
      readonly model: ResolvedConfig;
      /** Generated files plus the list of owned files. */
      readonly tree: FileTree;
      readonly warnings: readonly LocatedProblem[];
    }
  | { readonly ok: false; readonly problems: readonly LocatedProblem[] };

/** Aliases a releases file may expand: far above any real file, far below an alias bomb. */
const MAX_ALIASES = 100;

/**
 * The releases file parsed; `value` is undefined when it cannot be read (its problems say why). A file in the
 * common form is read line by line (core/releases-text.ts), and parsed as YAML only to locate a problem.
 */
function parseReleases(input: PipelineInput): { value: unknown; problems: Problem[]; locator: SourceLocator } {
  const source = input.releasesSource ?? "";
  const read = readReleasesText(source);
  if (read !== undefined) return { value: read, problems: [], locator: createYamlLocator(source) };
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: false, lineCounter });
  const locator = createYamlLocator(source, { document, lineCounter });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const invalid = (message: string, offset: number): Problem => ({
    code: "invalid-yaml",
    path: ["releases"],
    origin: "releases",
    message,
    at: at(offset),
  });
  const problems = [
    ...document.errors.map((error) => invalid(error.message.split("\n")[0] ?? "invalid YAML", error.pos[0])),
    ...duplicateKeys(document, at).map((p): Problem => ({ ...p, path: ["releases", ...p.path], origin: "releases" })),
  ];
  if (problems.length > 0) return { value: undefined, problems, locator };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIASES }) ?? {}, problems, locator };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { value: undefined, problems: [invalid(`cannot be read: ${reason}`, 0)], locator };
  }
}

/** The Score file line that wrote the value at `path`, when a Score file wrote it (the longest matching prefix). */
function scoreOrigin(path: readonly (string | number)[], origins: readonly ScoreOrigin[]): ScoreOrigin | undefined {
  let best: ScoreOrigin | undefined;
  for (const origin of origins)
    if (
      origin.path.length <= path.length &&
      origin.path.every((segment, i) => segment === path[i]) &&
      (!best || origin.path.length > best.path.length)
    )
      best = origin;
  return best;
}

function locateAll(
  problems: readonly Problem[],
  input: PipelineInput,
  config: SourceLocator,
  releases: SourceLocator,
  origins: readonly ScoreOrigin[] = [],
): LocatedProblem[] {
  return sortProblems(
    problems.map((p) => {
      if (p.file !== undefined && p.file !== input.configFile)
        return { ...p, file: p.file, position: p.at ?? { line: 1, column: 1 } };
      // A value a Score file wrote is located there, unless the problem names the config file itself.
      const fromScore =
        p.file !== undefined || p.origin === "releases" || p.at ? undefined : scoreOrigin(p.path, origins);
      if (fromScore) return { ...p, file: fromScore.file, position: fromScore.at };
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

/** The config's name in generated files: repository-relative, never a machine's absolute path. */
function headerName(configFile: string): string {
  return configFile.startsWith("/") ? configFile.slice(configFile.lastIndexOf("/") + 1) : configFile;
}

export type ValidatedSources =
  | {
      readonly ok: true;
      readonly model: ResolvedConfig;
      readonly value: ValidatedConfig;
      readonly warnings: readonly Problem[];
      readonly locate: (problems: readonly Problem[]) => LocatedProblem[];
      /** Lets go of the config's syntax tree (and the releases file's) until `locate` needs it again. */
      readonly release: () => void;
      /**
       * What validation reports when a source's text holds a credential, else undefined. Settled already unless
       * validateSources was told `textsLater`.
       */
      readonly textFailure: () => Promise<readonly LocatedProblem[] | undefined>;
    }
  | { readonly ok: false; readonly problems: readonly LocatedProblem[] };

/** Steps 1-3: the config and the releases file validated and resolved. What `fawkes validate` runs. */
export async function validateSources(
  input: PipelineInput,
  { textsLater = false }: { readonly textsLater?: boolean } = {},
): Promise<ValidatedSources> {
  // 1. Load the releases file and find keys the config writes twice.
  const typescript = configFormat(input.configFile) === "module";
  const configLocator = rememberingLocator(
    input.configSource,
    createSourceLocator(input.configFile, input.configSource),
    typescript ? input.configTextCache : undefined,
  );
  const releases = parseReleases(input);
  const score = mergeScoreFiles(input.config, input.scoreSources ?? {}, input.configFile);
  const locate = (problems: readonly Problem[]) => {
    const located = withoutRepeatedSecrets(locateAll(problems, input, configLocator, releases.locator, score.origins));
    configLocator.keep();
    return located;
  };
  // The texts' scan for credentials: from where the caller ran it meanwhile, or here.
  const textChecks = (async () => (await input.textChecks?.(input)) ?? checkSourceTexts(input))();

  // 2. Validate shapes and cross references; collect everything.
  const allocations = parseAllocations(input);
  const duplicates = configLocator.knownDuplicateKeys();
  const validation = timed("validate", () => validateConfig(score.config, releases.value, allocations.value));
  // Credentials go before validation's problems, as the scan once ran before validation's list was taken.
  const beforeSecrets = [...(await duplicates), ...releases.problems, ...allocations.problems, ...score.problems];
  const others = [...beforeSecrets, ...validation.problems];
  /** What this step reports when the texts hold a credential (every one is an error), else undefined. */
  const textFailure = async (): Promise<readonly LocatedProblem[] | undefined> => {
    const { secrets } = await timedAsync("secret scan", () => textChecks);
    return secrets.length > 0 ? locate([...beforeSecrets, ...secrets, ...validation.problems]) : undefined;
  };
  // With `textsLater`, a build that gets this far goes on while the texts are scanned elsewhere, and asks at its
  // end: it fails as it would have here.
  const failsHere = !validation.ok || others.some((p) => p.severity !== "warning");
  if (!textsLater || failsHere) {
    const failure = await textFailure();
    if (failure) return { ok: false, problems: failure };
    if (failsHere) return { ok: false, problems: locate(others) };
  }

  // 3. Resolve: defaults, derived names, references; then what only the resolved model can tell.
  const model = timed("resolve", () => resolveConfig(validation.value, headerName(input.configFile), input.repo));
  const certificates = checkCertificateBudget(model);
  const modelProblems = [
    ...checkQuotas(model),
    ...checkVaultAgentDelivery(model),
    ...certificates.filter((p) => p.severity !== "warning"),
  ];
  if (modelProblems.length > 0)
    return { ok: false, problems: (await textFailure()) ?? locate([...others, ...modelProblems]) };
  return {
    ok: true,
    model,
    value: validation.value,
    warnings: [
      ...others,
      ...certificates,
      ...checkInternalCertificates(model),
      ...checkDnsCoverage(model),
      ...checkVaultSealIdentity(model),
      ...checkRepoFacts(model),
    ],
    locate,
    textFailure,
    release: () => {
      configLocator.release?.();
      releases.locator.release?.();
    },
  };
}

export interface PipelineOptions {
  /** The second thread's share of the build (core/shard.ts), started by the caller from the same input. */
  readonly shard?: Promise<ShardResult | undefined>;
  /** What the tree keeps of each file (core/generate-tree.ts). */
  readonly keep?: Promise<KeepRendered | undefined>;
}

export async function runPipeline(input: PipelineInput, options: PipelineOptions = {}): Promise<PipelineResult> {
  // The texts' scan for credentials runs beside the build (on the config's worker, from the CLI); a credential
  // it finds fails the run as validation would have, before anything is written.
  const validated = await validateSources(input, { textsLater: true });
  if (!validated.ok) return validated;
  const { model, locate } = validated;
  // Validation's warnings are located now, while the config's syntax tree is at hand; then it is let go, so
  // that a large config's tree is not held through the build. A problem found later parses the config again.
  const warnings = locate(validated.warnings);
  validated.release();
  // The generators and their models (and CEL) load only when something is generated: `validate` stays fast.
  const [{ generateTree }, cel] = await Promise.all([import("./generate-tree.ts"), import("./cel.ts")]);
  if (input.celTrees) cel.knowCelTrees(await input.celTrees.trees);
  const generated = await generateTree(model, input.markdownCache, options);
  const parsed = input.celTrees && cel.celTreesToKeep();
  if (parsed) await input.celTrees!.keep(parsed);
  const textFailure = await validated.textFailure();
  if (textFailure) return { ok: false, problems: textFailure };
  if (!generated.ok) return { ok: false, problems: locate(generated.problems) };

  // The list of owned files completes the tree.
  const tree = toFileTree([...generated.tree.values(), renderManifest(generated.tree, model.configFile)]);
  return { ok: true, model, tree, warnings: sortProblems([...warnings, ...locate(generated.warnings)]) };
}
