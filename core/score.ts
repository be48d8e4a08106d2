// Score workload specs (score.dev/v1b1) owned by a service's repository: `services.<name>.score` names a Score
// file; its containers, variables, resources, probes, service port and routes are mapped onto the service
// before validation, so the config's own schema and cross-reference checks judge the result. Every mapped field
// remembers where in the Score file it was written, so a problem with it points there. Pure: the CLI reads the
// files (cli/load-sources.ts) and passes their texts in.
import { LineCounter, parse, parseDocument } from "yaml";
import { scoreWorkloadSchema } from "../schema/score/score.ts";
import { createYamlLocator } from "./locate-yaml.ts";
import { isSafeRelativePath } from "./output-roots.ts";
import type { ConfigPath, Problem, SourcePosition } from "./problems.ts";
import { mapWorkload } from "./score-mapping.ts";

/** Where a config path's value came from when a Score file wrote it. */
export interface ScoreOrigin {
  readonly path: ConfigPath;
  readonly file: string;
  readonly at: SourcePosition;
}

export interface ScoreMerge {
  /** The config with every Score-declared service's mapped fields merged in (the input itself when none). */
  readonly config: unknown;
  readonly problems: readonly Problem[];
  readonly origins: readonly ScoreOrigin[];
}

type Fields = Record<string, unknown>;

interface Mapping {
  readonly fields: Fields;
  readonly origins: ScoreOrigin[];
  readonly problems: Problem[];
}

/**
 * Merges the Score files of every service that names one. `texts`: repository path → text (absent: missing);
 * `configFile` marks the problems that belong to the config's own entries, not to the Score file.
 */
export function mergeScoreFiles(
  config: unknown,
  texts: Readonly<Record<string, string>>,
  configFile: string,
): ScoreMerge {
  const services = (config as { services?: unknown } | undefined)?.services;
  if (typeof services !== "object" || services === null) return { config, problems: [], origins: [] };
  const problems: Problem[] = [];
  const origins: ScoreOrigin[] = [];
  const merged: Record<string, unknown> = {};
  let changed = false;
  for (const [name, service] of Object.entries(services)) {
    merged[name] = service;
    const file = (service as { score?: unknown } | null)?.score;
    // A path that is not a string or leaves the repository is the config schema's to report.
    if (typeof file !== "string" || !isSafeRelativePath(file)) continue;
    if ((service as Fields).chart !== undefined) {
      problems.push({
        code: "score-conflict",
        file: configFile,
        path: ["services", name, "score"],
        target: "key",
        message: "a service deployed from a `chart` takes no Score file",
        hint: "remove `score` or `chart`",
      });
      continue;
    }
    const chosen = chooseScoreFile(name, file, texts);
    if (!chosen.ok) {
      problems.push({ code: "score-missing", file: configFile, path: ["services", name, "score"], ...chosen.problem });
      continue;
    }
    const mapping = mapScoreFile(name, chosen.file, texts[chosen.file]!);
    problems.push(...mapping.problems);
    origins.push(...mapping.origins);
    for (const field of Object.keys(mapping.fields)) {
      if ((service as Fields)[field] !== undefined)
        problems.push({
          code: "score-conflict",
          file: configFile,
          path: ["services", name, field],
          target: "key",
          message: `is also declared by the Score file ${file}`,
          hint: `declare \`${field}\` in one place: the Score file owns it once the service names one`,
        });
    }
    // `score` now names the file itself, also when the entry named a folder.
    merged[name] = { ...(service as Fields), ...mapping.fields, score: chosen.file };
    changed = true;
  }
  if (!changed) return { config, problems, origins };
  return { config: { ...(config as Fields), services: merged }, problems, origins };
}

type Choice = { ok: true; file: string } | { ok: false; problem: { message: string; hint: string } };

/**
 * The Score file of service `name`: `path` itself, or, when `path` is a folder of Score files, the one whose
 * `metadata.name` is the service's name. `fawkes explain` asks the same question.
 */
export function chooseScoreFile(name: string, path: string, texts: Readonly<Record<string, string>>): Choice {
  if (texts[path] !== undefined) return { ok: true, file: path };
  const inFolder = Object.keys(texts).filter((file) => file.startsWith(`${path}/`));
  if (inFolder.length === 0)
    return {
      ok: false,
      problem: {
        message: `Score file ${path} not found (nor a folder of Score files)`,
        hint: "commit the service's score.yaml at that repository-relative path, or remove `score`",
      },
    };
  const named = inFolder.filter((file) => workloadName(texts[file]!) === name);
  if (named.length === 1) return { ok: true, file: named[0]! };
  return {
    ok: false,
    problem:
      named.length === 0
        ? {
            message: `no Score file in ${path}/ has metadata.name "${name}" (it holds ${inFolder.join(", ")})`,
            hint: `name the workload ${name} in one of them, or point \`score\` at the file`,
          }
        : {
            message: `${named.join(" and ")} both name the workload "${name}"`,
            hint: "keep one workload per name, or point `score` at the file",
          },
  };
}

/** A Score document's `metadata.name`, or undefined when it has none (its problems are reported if chosen). */
function workloadName(text: string): unknown {
  try {
    return (parse(text, { maxAliasCount: 100 }) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  } catch {
    return undefined;
  }
}

/** One Score file mapped onto the fields of service `name`. */
export function mapScoreFile(name: string, file: string, text: string): Mapping {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const locator = createYamlLocator(text);
  const base: ConfigPath = ["services", name, "score"];
  const problems: Problem[] = [];
  const origins: ScoreOrigin[] = [];
  const refuse = (code: string, at: ConfigPath, message: string, hint: string, target: "key" | "value" = "value") =>
    problems.push({ code, path: [...base, ...at], message, hint, file, at: locator.locate(at, target) });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.push({
        code: "invalid-yaml",
        path: base,
        message: error.message.split("\n")[0] ?? "invalid YAML",
        file,
        at: { line, column: col },
      });
    }
    return { fields: {}, origins, problems };
  }
  const parsed = scoreWorkloadSchema.safeParse(document.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.path.filter((s): s is string | number => typeof s !== "symbol");
      // An unknown key is pointed at itself, not at the object holding it.
      const key = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
      refuse(
        "score-schema",
        key === undefined ? at : [...at, key],
        `not valid Score (score.dev/v1b1): ${issue.message}`,
        "see https://docs.score.dev/docs/score-specification/score-spec-reference/",
        key === undefined ? "value" : "key",
      );
    }
    return { fields: {}, origins, problems };
  }
  const fields: Fields = {};
  const set = (field: ConfigPath, value: unknown, from: ConfigPath): void => {
    let target = fields;
    for (const segment of field.slice(0, -1)) target = (target[segment] ??= {}) as Fields;
    target[field.at(-1)!] = value;
    origins.push({ path: ["services", name, ...field], file, at: locator.locate(from) });
  };
  mapWorkload(name, parsed.data, set, refuse);
  return { fields, origins, problems };
}
