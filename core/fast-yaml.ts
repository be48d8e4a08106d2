// A YAML emitter for the data Fawkes writes (plain maps, lists, strings, numbers, booleans, null), which
// produces exactly what the `yaml` package's stringify produces with our options, about twenty times faster.
// A document holding anything it is not sure about (unusual strings, multi-line ones outside the plain literal
// block, non-integer numbers, lists directly inside lists) is left to the `yaml` package whole. Tests compare both on every generated
// document and check that the output parses back to the same value.

/** Strings `yaml` writes plain: none of its indicator rules apply (see plainString in yaml's stringifyString). */
const UNSAFE_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Plain scalars the YAML 1.2 core schema would read as something other than a string. */
const OTHER_TYPE =
  /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Characters `yaml` escapes or folds specially in double quotes; strings holding them take the slow path. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const SPECIAL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u00a0\u0085]/;
const DOCUMENT_MARKER = /^(---|\.\.\.)/m;

export class NotSimple extends Error {}
/** Thrown for every document the emitter leaves to `yaml`: one instance, so no stack is captured each time. */
const NOT_SIMPLE = new NotSimple("left to the yaml package");

/**
 * Strings written before, as written: keys and most values recur in every document (`name`, `TCP`, a
 * registry), and each is tested against four patterns. Bounded: emptied when full.
 */
const written = new Map<string, string>();
const WRITTEN_MAX = 50_000;

function scalar(value: unknown): string {
  if (typeof value === "string") {
    let text = written.get(value);
    if (text === undefined) {
      text = stringScalar(value);
      if (written.size >= WRITTEN_MAX) written.clear();
      written.set(value, text);
    }
    return text;
  }
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) throw NOT_SIMPLE;
      return String(value);
    default:
      throw NOT_SIMPLE;
  }
}

function stringScalar(value: string): string {
  // yaml double-quotes the empty string (a plain one would read as null).
  if (value === "") return '""';
  if (SPECIAL.test(value) || DOCUMENT_MARKER.test(value)) throw NOT_SIMPLE;
  return UNSAFE_PLAIN.test(value) || OTHER_TYPE.test(value) ? JSON.stringify(value) : value;
}

/** Characters that keep a multi-line string out of the literal block below (every SPECIAL one but the newline). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const SPECIAL_IN_BLOCK = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u00a0\u0085]/;

/**
 * A multi-line string as yaml 2.x writes a map value or list item with our options (stringifyString.js
 * blockString, literal since lineWidth is 0): `|` when it ends in one newline, `|-` when in none; each run of
 * newlines followed by the block's indentation once, so empty lines stay empty. Only the plain cases: no leading
 * space or newline (an indentation indicator), no trailing whitespace or second trailing newline (`|+`), no
 * document marker, no character yaml would quote. Undefined for anything else.
 */
function literalBlock(value: string, blockIndent: string): string | undefined {
  if (!value.includes("\n") || SPECIAL_IN_BLOCK.test(value) || /^(%|---|\.\.\.)/m.test(value)) return undefined;
  if (value[0] === " " || value[0] === "\n" || /[\t ]\n?$|\n\n$/.test(value)) return undefined;
  const clip = value.endsWith("\n");
  // The last newline of each run (the body never ends in one): a plain replacement, which V8 does several times
  // faster than one that splices the match back in with `$&` (6 MB of dashboards at 1,000 services: 13 ms, not 30-70).
  const body = (clip ? value.slice(0, -1) : value).replace(/\n(?!\n)/g, `\n${blockIndent}`);
  return `|${clip ? "" : "-"}\n${blockIndent}${body}\n`;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The key order of every map: as built, or sorted by this comparison (no sorted copy of the data is made). */
let order: ((a: string, b: string) => number) | undefined;

/**
 * A map's keys in the order they are written. Most maps have a handful of keys: those are sorted in place by
 * insertion, since `Array.prototype.sort` copies the array into a work array of its own on every call (at 1,000
 * services that was 180 MB of garbage, the largest single part of a generate's).
 */
function keysOf(map: Record<string, unknown>): string[] {
  const keys = Object.keys(map);
  if (order === undefined) return keys;
  if (keys.length > 16) return keys.sort(order);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && order(keys[j]!, key) > 0; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

function allUndefined(map: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key of keys) if (map[key] !== undefined) return false;
  return true;
}

function emitMap(
  map: Record<string, unknown>,
  keys: readonly string[],
  indent: string,
  out: string[],
  firstPrefix?: string,
): void {
  let first = true;
  for (const key of keys) {
    const value = map[key];
    if (value === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : indent;
    first = false;
    const k = scalar(key);
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${lead}${k}: []\n`);
      else {
        out.push(`${lead}${k}:\n`);
        emitSeq(value, `${indent}  `, out);
      }
    } else if (isMap(value)) {
      const inner = keysOf(value);
      if (allUndefined(value, inner)) out.push(`${lead}${k}: {}\n`);
      else {
        out.push(`${lead}${k}:\n`);
        emitMap(value, inner, `${indent}  `, out);
      }
    } else {
      const block = typeof value === "string" ? literalBlock(value, `${indent}  `) : undefined;
      out.push(block === undefined ? `${lead}${k}: ${scalar(value)}\n` : `${lead}${k}: ${block}`);
    }
  }
}

function emitSeq(seq: readonly unknown[], indent: string, out: string[]): void {
  for (const item of seq) {
    if (Array.isArray(item)) throw NOT_SIMPLE;
    if (isMap(item)) {
      const keys = keysOf(item);
      if (allUndefined(item, keys)) out.push(`${indent}- {}\n`);
      else emitMap(item, keys, `${indent}  `, out, `${indent}- `);
    } else {
      const block = typeof item === "string" ? literalBlock(item, `${indent}  `) : undefined;
      out.push(block === undefined ? `${indent}- ${scalar(item)}\n` : `${indent}- ${block}`);
    }
  }
}

/**
 * Appends the document as `yaml` would write it to `out`, or throws NotSimple when it cannot be sure (and leaves
 * `out` as it was). With `keyOrder`, every map's keys are written in that order, as if the data had been copied
 * with its keys sorted first. Several documents (and a header) go into one array, joined once for the file.
 */
export function fastYamlInto(value: unknown, out: string[], keyOrder?: (a: string, b: string) => number): void {
  if (!isMap(value)) throw NOT_SIMPLE;
  const mark = out.length;
  order = keyOrder;
  try {
    const keys = keysOf(value);
    if (allUndefined(value, keys)) throw NOT_SIMPLE;
    emitMap(value, keys, "", out);
  } catch (error) {
    out.length = mark;
    throw error;
  } finally {
    order = undefined;
  }
}

/** The document as `yaml` would write it, or throws NotSimple when it cannot be sure. */
export function fastYaml(value: unknown, keyOrder?: (a: string, b: string) => number): string {
  const out: string[] = [];
  fastYamlInto(value, out, keyOrder);
  return out.join("");
}
