// A YAML emitter for the data Fawkes writes (plain maps, lists, strings, numbers, booleans, null), which
// produces exactly what the `yaml` package's stringify produces with our options, about twenty times faster.
// A document holding anything it is not sure about (multi-line or unusual strings, non-integer numbers,
// lists directly inside lists) is left to the `yaml` package whole. Tests compare both on every generated
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

function scalar(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) throw new NotSimple();
      return String(value);
    case "string":
      if (value === "" || SPECIAL.test(value) || DOCUMENT_MARKER.test(value)) throw new NotSimple();
      return UNSAFE_PLAIN.test(value) || OTHER_TYPE.test(value) ? JSON.stringify(value) : value;
    default:
      throw new NotSimple();
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function emitMap(map: Record<string, unknown>, indent: string, out: string[], firstPrefix?: string): void {
  let first = true;
  for (const key of Object.keys(map)) {
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
      if (Object.keys(value).every((x) => value[x] === undefined)) out.push(`${lead}${k}: {}\n`);
      else {
        out.push(`${lead}${k}:\n`);
        emitMap(value, `${indent}  `, out);
      }
    } else {
      out.push(`${lead}${k}: ${scalar(value)}\n`);
    }
  }
}

function emitSeq(seq: readonly unknown[], indent: string, out: string[]): void {
  for (const item of seq) {
    if (Array.isArray(item)) throw new NotSimple();
    if (isMap(item)) {
      if (Object.keys(item).every((x) => item[x] === undefined)) out.push(`${indent}- {}\n`);
      else emitMap(item, `${indent}  `, out, `${indent}- `);
    } else {
      out.push(`${indent}- ${scalar(item)}\n`);
    }
  }
}

/** The document as `yaml` would write it, or throws NotSimple when it cannot be sure. */
export function fastYaml(value: unknown): string {
  if (!isMap(value) || Object.keys(value).length === 0) throw new NotSimple();
  const out: string[] = [];
  emitMap(value, "", out);
  return out.join("");
}
