// Shape validation with zod, section by section, so one broken section does not hide problems elsewhere.
// zod issues become problems phrased for people: entity names, the offending value, a hint.
import * as z from "zod";
import { cloudSchema } from "../schema/clouds.ts";
import { fawkesConfigSchema, type FawkesConfig } from "../schema/config.ts";
import { environmentSchema } from "../schema/environments.ts";
import { OVERRIDABLE_FIELDS, serviceSchema, timeZones } from "../schema/services.ts";
import { teamSchema } from "../schema/teams.ts";
import { releasesSchema } from "../schema/releases.ts";
import type { ConfigPath, Problem, ProblemOrigin } from "./problems.ts";
import { suggestName } from "./suggest.ts";

type Issue = z.core.$ZodIssue;

/** The parts of a zod schema definition that "did you mean" needs. */
interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly valueType?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
}

/** The definition under defaults, optionals and pipes. */
function definition(schema: z.core.$ZodType): SchemaDef {
  const def = schema._zod.def as unknown as SchemaDef;
  if (def.innerType) return definition(def.innerType);
  if (def.type === "pipe" && def.in) return definition(def.in);
  return def;
}

/** The object shapes a schema may take: one for an object, several for a union of objects. */
function shapes(def: SchemaDef): Record<string, z.core.$ZodType>[] {
  if (def.type === "object" && def.shape) return [def.shape];
  if (def.type === "union" && def.options) return def.options.flatMap((o) => shapes(definition(o)));
  return [];
}

/** Keys the schema at `path` accepts, for "did you mean" on unknown keys. */
function knownKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let defs: SchemaDef[] = [definition(schema)];
  for (const segment of path) {
    defs = defs.flatMap((def): SchemaDef[] => {
      if (def.type === "record" && def.valueType) return [definition(def.valueType)];
      if (def.type === "array" && def.element) return [definition(def.element)];
      return shapes(def).flatMap((shape) => {
        const child = shape[String(segment)];
        return child ? [definition(child)] : [];
      });
    });
  }
  return [...new Set(defs.flatMap((def) => shapes(def).flatMap(Object.keys)))];
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

function toPath(prefix: ConfigPath, path: readonly PropertyKey[]): (string | number)[] {
  return [...prefix, ...path.map((p) => (typeof p === "number" ? p : String(p)))];
}

/** Keys that were replaced: where they sat (`*` for any name), and what replaces them. */
const REPLACED_KEYS: readonly { readonly at: readonly string[]; readonly key: string; readonly hint: string }[] = [
  {
    at: ["services", "*", "chart"],
    key: "podLabelsKey",
    hint: "the pod facts name the chart's labels key now: remove it (Fawkes' facts for the chart have it), or set it in chart.pods[].valuesKeys.podLabels",
  },
];

/** A service field written in an override that cannot differ per environment. */
function notOverridableHint(path: ConfigPath, key: string): string | undefined {
  if (path.length !== 4 || path[0] !== "services" || path[2] !== "overrides") return undefined;
  if (!Object.hasOwn(serviceSchema.shape, key)) return undefined;
  return `"${key}" cannot differ per environment; these can: ${OVERRIDABLE_FIELDS.join(", ")}`;
}

function replacedKeyHint(path: ConfigPath, key: string): string | undefined {
  return REPLACED_KEYS.find(
    (r) => r.key === key && r.at.length === path.length && r.at.every((part, i) => part === "*" || part === path[i]),
  )?.hint;
}

function describeIssue(issue: Issue, schema: z.core.$ZodType, prefix: ConfigPath, origin: ProblemOrigin): Problem[] {
  const path = toPath(prefix, issue.path);
  const input = (issue as { input?: unknown }).input;
  const base = { origin, path } as const;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        ...base,
        code: "unknown-key",
        target: "key" as const,
        path: [...path, key],
        message: `unknown key "${key}"`,
        hint:
          replacedKeyHint(path, key) ??
          notOverridableHint(path, key) ??
          suggestName(key, knownKeys(schema, issue.path), "key"),
      }));
    case "invalid_type":
      if (input === undefined) return [{ ...base, code: "missing", message: `is required (${issue.expected})` }];
      return [{ ...base, code: "invalid-type", message: `expected ${issue.expected}, got ${show(input)}` }];
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const hint = typeof input === "string" ? suggestName(input, issue.values.map(String), "value") : undefined;
      return [
        {
          ...base,
          code: "invalid-value",
          message: `${show(input)} is not one of ${allowed.join(", ")}`,
          ...(hint ? { hint } : {}),
        },
      ];
    }
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        return [
          {
            ...base,
            code: "invalid-value",
            path: [...path, discriminator],
            message: `${discriminator} must be one of the supported kinds`,
            hint: `got ${show((input as Record<string, unknown> | undefined)?.[discriminator])}`,
          },
        ];
      }
      // Report the branch that got furthest: its issues are the most specific.
      const branches = issue.errors.filter((b) => b.length > 0);
      const best = [...branches].sort(
        (a, b) => Math.max(...b.map((i) => i.path.length)) - Math.max(...a.map((i) => i.path.length)),
      )[0];
      if (best && best.some((i) => i.path.length > 0))
        return best.flatMap((i) =>
          describeIssue({ ...i, path: [...issue.path, ...i.path] } as Issue, schema, prefix, origin),
        );
      return [
        {
          ...base,
          code: "invalid-value",
          message: `${show(input)} is not a valid value`,
          hint: "see the field's description in schema/fawkes.config.schema.json",
        },
      ];
    }
    case "invalid_key": {
      const key = issue.path[issue.path.length - 1];
      const inner = issue.issues[0]?.message ?? "is not a valid name";
      return [{ ...base, code: "invalid-name", target: "key", message: `${show(key)} ${inner}` }];
    }
    case "invalid_format":
    case "custom": {
      // A value from a known list: the closest one.
      const choices = (issue as { params?: { choices?: string } }).params?.choices;
      const hint =
        choices === "timeZone" && typeof input === "string" ? suggestName(input, timeZones(), "time zone") : undefined;
      return [
        { ...base, code: "invalid-value", message: `${show(input)} ${issue.message}`, ...(hint ? { hint } : {}) },
      ];
    }
    case "too_small":
    case "too_big":
      return [
        {
          ...base,
          code: "out-of-range",
          message: `${show(input)}: ${issue.message.replace(/^Too (small|big): /, "")}`,
        },
      ];
    default:
      return [{ ...base, code: "invalid", message: issue.message }];
  }
}

export function zodProblems(
  error: z.ZodError,
  schema: z.core.$ZodType,
  prefix: ConfigPath,
  origin: ProblemOrigin,
): Problem[] {
  return error.issues.flatMap((issue) => describeIssue(issue, schema, prefix, origin));
}

const sectionSchemas = fawkesConfigSchema.shape;
type SectionKey = keyof typeof sectionSchemas;

/** Sections that are maps of entries: when some entries are broken, the others are still checked. */
const ENTRY_SCHEMAS: Partial<Record<SectionKey, z.ZodType>> = {
  clouds: cloudSchema,
  environments: environmentSchema,
  teams: teamSchema,
  services: serviceSchema,
};

function validEntries(entrySchema: z.ZodType, value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const valid: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(value)) {
    const parsed = entrySchema.safeParse(entry);
    if (parsed.success) valid[name] = parsed.data;
  }
  return valid;
}

export interface ShapeResult {
  /** The sections that parsed, with defaults filled in. */
  readonly sections: Partial<FawkesConfig>;
  readonly releases?: z.output<typeof releasesSchema>;
  readonly problems: readonly Problem[];
}

export function validateShape(raw: unknown, rawReleases: unknown): ShapeResult {
  const problems: Problem[] = [];
  const sections: Record<string, unknown> = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return {
      sections,
      problems: [
        {
          code: "not-a-config",
          path: [],
          message: `the config must be a mapping of its sections, not ${show(raw)}`,
          hint: "in TypeScript, export default defineConfig({ ... }); in YAML or JSON, the sections at the top level",
        },
      ],
    };
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in sectionSchemas)) {
      problems.push({
        code: "unknown-key",
        target: "key",
        path: [key],
        message: `unknown section "${key}"`,
        hint: suggestName(key, Object.keys(sectionSchemas), "section"),
      });
    }
  }
  for (const key of Object.keys(sectionSchemas) as SectionKey[]) {
    const schema = sectionSchemas[key];
    const result = schema.safeParse(record[key], { reportInput: true });
    if (result.success) {
      sections[key] = result.data;
      continue;
    }
    problems.push(...zodProblems(result.error, schema, [key], "config"));
    const entrySchema = ENTRY_SCHEMAS[key];
    const partial = entrySchema && validEntries(entrySchema, record[key]);
    if (partial) sections[key] = partial;
  }
  // An unreadable releases file (its YAML problems are reported) is checked no further: no false "no release".
  const releases = rawReleases === undefined ? undefined : releasesSchema.safeParse(rawReleases, { reportInput: true });
  if (releases && !releases.success)
    problems.push(...zodProblems(releases.error, releasesSchema, ["releases"], "releases"));
  return {
    sections: sections as Partial<FawkesConfig>,
    ...(releases?.success ? { releases: releases.data } : {}),
    problems,
  };
}
