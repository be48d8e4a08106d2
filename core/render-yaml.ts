// Deterministic YAML: fixed key order, no line folding, no anchors, LF, one trailing newline.
import { stringify } from "yaml";
import { NotSimple, fastYamlInto } from "./fast-yaml.ts";
import { compareStrings } from "./problems.ts";

/** Keys that lead, in this order, wherever they appear; the rest follow sorted. */
const LEADING_KEYS = ["apiVersion", "kind", "metadata", "name", "namespace"];

function rank(key: string): number {
  const index = LEADING_KEYS.indexOf(key);
  return index === -1 ? LEADING_KEYS.length : index;
}

export function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || compareStrings(a, b);
}

/** Keys a JavaScript object lists first, in numeric order, whatever order they were added in (array indices). */
const INDEX_KEY = /^(0|[1-9][0-9]*)$/;
const isIndex = (key: string) => INDEX_KEY.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * The order canonicalize's copies list their keys in: array-index keys first (JavaScript orders an object's own
 * keys so), then compareKeys. Emitting in this order writes what canonicalizing first would have.
 */
export function canonicalKeyOrder(a: string, b: string): number {
  const ia = isIndex(a);
  const ib = isIndex(b);
  if (ia || ib) return ia && ib ? Number(a) - Number(b) : ia ? -1 : 1;
  return compareKeys(a, b);
}

/** A copy with every object's keys in canonical order and `undefined` dropped. Arrays keep their order. */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value !== null && typeof value === "object") {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort(compareKeys)) {
      const v = source[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

const OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
  indentSeq: true,
  singleQuote: false,
  defaultStringType: "PLAIN",
  defaultKeyType: "PLAIN",
} as const;

/** Appends one YAML document (without `---`), canonical key order unless told to keep it, to `out`. */
function renderInto(value: unknown, keepKeyOrder: boolean, out: string[]): void {
  try {
    // Sorted as it is written: no canonical copy of the data unless the slow path needs one.
    fastYamlInto(value, out, keepKeyOrder ? undefined : canonicalKeyOrder);
  } catch (error) {
    if (!(error instanceof NotSimple)) throw error;
    out.push(stringify(keepKeyOrder ? value : canonicalize(value), OPTIONS));
  }
}

/**
 * One YAML document (without `---`), canonical key order unless told to keep it, ending in a newline, after
 * `header` (a comment line, or nothing).
 */
export function renderYamlDocument(value: unknown, keepKeyOrder = false, header = ""): string {
  const out = [header];
  renderInto(value, keepKeyOrder, out);
  return out.join("");
}

/** The `yaml` package's rendering, the reference the fast emitter is tested against. */
export function renderYamlDocumentSlow(value: unknown): string {
  return stringify(value, OPTIONS);
}

/**
 * Several documents separated by `---`, after `header`. Joined once: a file's text is one flat string, which
 * the staging thread's encoder and the hash read without copying it first.
 */
export function renderYamlDocuments(values: readonly unknown[], header = ""): string {
  const out = [header];
  values.forEach((value, i) => {
    if (i > 0) out.push("---\n");
    renderInto(value, false, out);
  });
  return out.join("");
}

/** JSON with two-space indentation and a trailing newline (key order as built). */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
