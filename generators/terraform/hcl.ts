// A small HCL printer whose output `terraform fmt` leaves unchanged: two-space indent, `=` aligned across
// consecutive single-line attributes, multi-line values and nested blocks set apart by blank lines (which
// also ends an alignment group, so there is no ambiguity about what fmt would align).

/** A raw HCL expression: a reference, a function call, a template. */
export class Expr {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}
export const expr = (text: string): Expr => new Expr(text);

export type HclValue =
  string | number | boolean | null | Expr | readonly HclValue[] | { readonly [key: string]: HclValue | undefined };

export interface Block {
  readonly type: string;
  readonly labels?: readonly string[];
  readonly body: readonly BodyItem[];
}

export type BodyItem =
  | { readonly attr: string; readonly value: HclValue | undefined }
  | { readonly block: Block }
  | { readonly comment: string };

export const attr = (name: string, value: HclValue | undefined): BodyItem => ({ attr: name, value });
export const block = (type: string, labels: readonly string[], body: readonly BodyItem[]): BodyItem => ({
  block: { type, labels, body },
});

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const INDENT = "  ";
/** Lists of scalars at most this long stay on one line. */
const INLINE_LIST_WIDTH = 80;

export function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, () => "%%{");
  return `"${escaped}"`;
}

const isObject = (v: unknown): v is { readonly [key: string]: HclValue | undefined } =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Expr);

/** A value rendered at `indent`; multi-line values start inline and end at the indent. */
export function renderValue(value: HclValue, indent: string): string {
  if (value === null) return "null";
  if (value instanceof Expr) return value.text;
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => renderValue(v, indent + INDENT));
    const inline = `[${items.join(", ")}]`;
    if (items.every((i) => !i.includes("\n")) && value.every((v) => !isObject(v)) && inline.length <= INLINE_LIST_WIDTH)
      return inline;
    return `[\n${items.map((i) => `${indent}${INDENT}${i},`).join("\n")}\n${indent}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter((e): e is [string, HclValue] => e[1] !== undefined);
    if (entries.length === 0) return "{}";
    const lines = renderAssignments(
      entries.map(([k, v]) => [IDENTIFIER.test(k) ? k : quote(k), v]),
      indent + INDENT,
    );
    return `{\n${lines}\n${indent}}`;
  }
  throw new Error(`not an HCL value: ${String(value)}`);
}

/** `key = value` lines: single-line runs aligned, multi-line values surrounded by blank lines. */
function renderAssignments(entries: readonly (readonly [string, HclValue])[], indent: string): string {
  const rendered = entries.map(([key, value]) => ({ key, text: renderValue(value, indent) }));
  const out: string[] = [];
  let run: { key: string; text: string }[] = [];
  const flush = () => {
    const width = Math.max(...run.map((r) => r.key.length));
    for (const r of run) out.push(`${indent}${r.key.padEnd(width)} = ${r.text}`);
    run = [];
  };
  for (const r of rendered) {
    if (!r.text.includes("\n")) {
      run.push(r);
      continue;
    }
    if (run.length > 0) {
      flush();
      out.push("");
    } else if (out.length > 0 && out[out.length - 1] !== "") out.push("");
    out.push(`${indent}${r.key} = ${r.text}`);
    out.push("");
  }
  if (run.length > 0) flush();
  while (out[out.length - 1] === "") out.pop();
  return out.join("\n");
}

function renderBody(body: readonly BodyItem[], indent: string): string {
  const chunks: string[] = [];
  let attrs: [string, HclValue][] = [];
  const flushAttrs = () => {
    if (attrs.length > 0) chunks.push(renderAssignments(attrs, indent));
    attrs = [];
  };
  for (const item of body) {
    if ("attr" in item) {
      if (item.value !== undefined) attrs.push([item.attr, item.value]);
    } else if ("block" in item) {
      flushAttrs();
      chunks.push(renderBlock(item.block, indent));
    } else {
      flushAttrs();
      chunks.push(`${indent}# ${item.comment}`);
    }
  }
  flushAttrs();
  return chunks.join("\n\n");
}

export function renderBlock(b: Block, indent = ""): string {
  const labels = (b.labels ?? []).map((l) => ` ${quote(l)}`).join("");
  const body = renderBody(b.body, indent + INDENT);
  return body === "" ? `${indent}${b.type}${labels} {}` : `${indent}${b.type}${labels} {\n${body}\n${indent}}`;
}

/** A whole file: top-level blocks separated by blank lines, LF, one trailing newline. */
export function renderHclFile(items: readonly BodyItem[]): string {
  return `${renderBody(items, "")}\n`;
}
