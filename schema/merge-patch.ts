// Per-environment overrides are JSON Merge Patches (RFC 7396) of a config entry: objects (and maps) merge key
// by key, `null` removes a key, anything else (a string, a number, a list) replaces. One rule for every field.
// The schema of a patch is derived from the schema of what it patches, so the two never drift apart; the
// merged value is then validated by the full schema, defaults and every check included.
import * as z from "zod";
import { name } from "./common.ts";

/** The patch type of a config value: every object field optional and removable with `null`. */
export type MergePatch<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? string extends keyof T
      ? { [K in keyof T]: MergePatch<T[K]> | null } // a map: every key it has is set or removed
      : { [K in keyof T]?: MergePatch<T[K]> | null }
    : T;

/** Fields that take a value or a map environment → value: in an override (one environment) only the value. */
const PER_ENVIRONMENT = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/** `value`, or a map environment → value; inside a per-environment override, just `value`. */
export function perEnvironment<T extends z.ZodType>(value: T) {
  const union = z.union([value, z.record(name("environment"), value)]);
  PER_ENVIRONMENT.set(union, value);
  return union;
}

interface Def {
  readonly type: string;
  readonly innerType?: z.core.$ZodType;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly keyType?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
}

const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly"]);

/** The schema under defaults and optionals, remembering the outermost description. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let inner = schema;
  for (let def = inner._zod.def as unknown as Def; WRAPPERS.has(def.type) && def.innerType;) {
    inner = def.innerType;
    def = inner._zod.def as unknown as Def;
  }
  return inner;
}

function describe<T extends z.ZodType>(patch: T, from: z.core.$ZodType): T {
  const description = (from as z.ZodType).description ?? (unwrap(from) as z.ZodType).description;
  return description === undefined ? patch : patch.describe(description);
}

/** The fields of several object shapes, each field's schemas joined when the shapes disagree. */
function joinShapes(shapes: readonly Record<string, z.core.$ZodType>[]): Record<string, z.ZodType> {
  const fields = new Map<string, z.core.$ZodType[]>();
  for (const shape of shapes)
    for (const [key, field] of Object.entries(shape)) fields.set(key, [...(fields.get(key) ?? []), field]);
  return Object.fromEntries(
    [...fields].map(([key, schemas]) => {
      const patches = schemas.map(patchOf);
      const joined = patches.length === 1 ? patches[0]! : z.union(patches as [z.ZodType, z.ZodType]);
      return [key, describe(joined.nullable(), schemas[0]!).optional()];
    }),
  );
}

/** The schema of a merge patch of `schema`: no defaults (a patch sets only what it changes). */
export function patchOf(schema: z.core.$ZodType): z.ZodType {
  const single = PER_ENVIRONMENT.get(unwrap(schema));
  if (single) return patchOf(single);
  const inner = unwrap(schema);
  const def = inner._zod.def as unknown as Def;
  switch (def.type) {
    case "object":
      return z.object(joinShapes([def.shape!])).strict();
    case "record":
      return z.record(def.keyType as z.ZodString, patchOf(def.valueType!).nullable());
    case "union": {
      const options = def.options!.map(unwrap);
      const objects = options.filter((o) => (o._zod.def as unknown as Def).type === "object");
      const others = options.filter((o) => !objects.includes(o)).map(patchOf);
      // Alternatives that are objects patch as one object: RFC 7396 merges them key by key (`{ path: null,
      // command: [...] }` turns an HTTP probe into an exec one); the merged value must be one of them.
      const merged =
        objects.length > 0
          ? [z.object(joinShapes(objects.map((o) => (o._zod.def as unknown as Def).shape!))).strict()]
          : [];
      const all = [...others, ...merged];
      return all.length === 1 ? all[0]! : z.union(all as [z.ZodType, z.ZodType]);
    }
    default:
      // Lists, strings, numbers, booleans, enums: replaced whole, checked as they are.
      return inner as z.ZodType;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** RFC 7396: the target with the patch applied. Neither argument is changed. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (value !== undefined) result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
