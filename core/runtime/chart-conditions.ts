// The chart facts' conditions (`when`), evaluated as the chart's templates would on the values a component
// is installed with: a key the values leave out takes the chart's default from the facts.
import type { ValuesCondition, ValuesScalar } from "../../schema/chart-facts/index.ts";
import type { Values } from "../render/helm-values.ts";

/** The value at a dotted key, or undefined when a step is missing. */
function valueAt(values: Values, key: string): unknown {
  let current: unknown = values;
  for (const part of key.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Values)[part];
  }
  return current;
}

/** Helm's `toString` of a scalar (what `eq (… | toString) "…"` compares); null renders as "<nil>". */
function helmString(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Go templates' truth: false, 0, "", nil and empty lists and maps are false. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Whether a condition holds on the values, with the chart's defaults for keys they leave out. */
export function holds(
  condition: ValuesCondition | undefined,
  values: Values,
  defaults: Readonly<Record<string, ValuesScalar>> = {},
): boolean {
  if (condition === undefined) return true;
  const read = (key: string): unknown => {
    const value = valueAt(values, key);
    return value === undefined ? defaults[key] : value;
  };
  if ("all" in condition) return condition.all.every((c) => holds(c, values, defaults));
  if ("any" in condition) return condition.any.some((c) => holds(c, values, defaults));
  if ("not" in condition) return !holds(condition.not, values, defaults);
  if ("is" in condition) return helmString(read(condition.key)) === condition.is;
  return truthy(read(condition.key));
}

/** The keys a condition reads (each must have a default in the facts). */
export function keysRead(condition: ValuesCondition | undefined): string[] {
  if (condition === undefined) return [];
  if ("all" in condition) return condition.all.flatMap(keysRead);
  if ("any" in condition) return condition.any.flatMap(keysRead);
  if ("not" in condition) return keysRead(condition.not);
  return [condition.key];
}
