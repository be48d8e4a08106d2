// The fields a change touches, for the plan's summaries: list items named by their `name` (or `key`, `id`)
// rather than their index, so `containers[checkout-api].image` survives an insertion; values shown short,
// and never for fields whose name looks like a credential.
import { compareStrings } from "./problems.ts";

export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown): boolean => v === null || (typeof v !== "object" && v !== undefined);
const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

/** The key that names every item of both lists, uniquely within each: `name`, else `key`, else `id`. */
function itemKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  return ["name", "key", "id"].find((key) =>
    [a, b].every((items) => {
      const names = items.map((item) =>
        isObj(item) && (typeof item[key] === "string" || typeof item[key] === "number") ? String(item[key]) : undefined,
      );
      return names.every((n) => n !== undefined) && new Set(names).size === names.length;
    }),
  );
}

/** The leaves that differ between two values, with their old and new values. */
export function changedFields(a: unknown, b: unknown, prefix = ""): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    // A list of scalars is one value (`azs`, `args`); a list of named items is a map by that name.
    if ([...a, ...b].every(isScalar)) return [{ path: prefix || "(whole)", before: a, after: b }];
    const key = a.length + b.length > 0 ? itemKey(a, b) : undefined;
    if (key) {
      const byName = (items: unknown[]) => new Map(items.map((item) => [String((item as Obj)[key]), item]));
      const [old, now] = [byName(a), byName(b)];
      const names = [...old.keys(), ...[...now.keys()].filter((n) => !old.has(n))];
      return names.flatMap((n) => changedFields(old.get(n), now.get(n), `${prefix}[${n}]`));
    }
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      changedFields(a[i], b[i], `${prefix}[${i}]`),
    ).flat();
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
    return keys.flatMap((k) => changedFields(a[k], b[k], join(prefix, k)));
  }
  return [{ path: prefix || "(whole)", before: a, after: b }];
}

/** Field names whose values are never printed, even though the tree should hold no secret values. */
const CREDENTIAL = /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential)s?$/i;

function looksSecret(path: string): boolean {
  const segments = path.split(/[.[\]]+/).filter((s) => s !== "");
  const last = segments[segments.length - 1] ?? "";
  // `env[API_TOKEN].value`: the item's name says what the value is.
  const named = last === "value" ? (segments[segments.length - 2] ?? "") : last;
  return CREDENTIAL.test(named);
}

/** A value for a summary: scalars as they are, lists of scalars as JSON, capped at `max` characters. */
export function shortValue(value: unknown, max = 40): string {
  const text = value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `replicas 2→3`, `env[DEBUG] added`, `spec.rules[x] changed` (structures are named, not printed). */
export function describeField(f: FieldChange): string {
  if (f.before === undefined) return `${f.path} added`;
  if (f.after === undefined) return `${f.path} removed`;
  const printable = (v: unknown) => isScalar(v) || (Array.isArray(v) && v.every(isScalar));
  if (!printable(f.before) || !printable(f.after)) return `${f.path} changed`;
  if (looksSecret(f.path)) return `${f.path} changed (value hidden)`;
  return `${f.path} ${shortValue(f.before)}→${shortValue(f.after)}`;
}
