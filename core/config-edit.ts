// Adding a service to the config, as text: what `fawkes apply-requests` does with a service request from the
// golden path. Pure: the config's text in, the edited text out, the rest of the file (comments, order,
// formatting) untouched. A TypeScript config gets the entry inserted into its `services` object literal
// (found with the parser Fawkes locates errors with); a YAML or JSON config through the `yaml` package's
// document model. A config whose services are built by code (a function call, a spread of another
// variable) cannot be edited safely and says so.
import { parse } from "./babel-parser.ts";
import { isMap, parseDocument } from "yaml";

export type ConfigEdit = { ok: true; source: string } | { ok: false; message: string; hint?: string };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A value as a TypeScript literal, in the house style of the example (two-space indent, trailing commas). */
export function tsLiteral(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const scalars = value.every((v) => v === null || typeof v !== "object");
    if (scalars && JSON.stringify(value).length <= 60) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const key = (k: string) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

type Node = {
  type: string;
  start?: number | null;
  end?: number | null;
  loc?: { start: { column: number } } | null;
  [key: string]: unknown;
};

function keyName(property: Node): string | undefined {
  const key = property.key as Node | undefined;
  if (!key) return undefined;
  if (key.type === "Identifier") return key.name as string;
  if (key.type === "StringLiteral") return key.value as string;
  return undefined;
}

/** The object literal the module exports by default, through `defineConfig(...)` or `satisfies`/`as`. */
function exportedObject(program: Node): Node | undefined {
  const declaration = (program.body as Node[]).find((s) => s.type === "ExportDefaultDeclaration")?.declaration as
    Node | undefined;
  let node = declaration;
  for (let i = 0; node && i < 5; i++) {
    if (node.type === "ObjectExpression") return node;
    if (node.type === "CallExpression") node = (node.arguments as Node[])[0];
    else if (node.type === "TSSatisfiesExpression" || node.type === "TSAsExpression") node = node.expression as Node;
    else return undefined;
  }
  return undefined;
}

function addToTypescript(source: string, name: string, entry: unknown): ConfigEdit {
  let program: Node;
  try {
    program = parse(source, { sourceType: "module", plugins: ["typescript"] }).program as unknown as Node;
  } catch (error) {
    return { ok: false, message: `the config does not parse: ${(error as Error).message}` };
  }
  const config = exportedObject(program);
  const services = (config?.properties as Node[] | undefined)?.find(
    (p) => p.type === "ObjectProperty" && keyName(p) === "services",
  );
  const literal = services?.value as Node | undefined;
  if (!services || literal?.type !== "ObjectExpression")
    return {
      ok: false,
      message: "the config's `services` is not an object literal in its default export",
      hint: "a config that builds its services in code: add the request's entry by hand",
    };
  const properties = literal.properties as Node[];
  if (properties.some((p) => keyName(p) === name))
    return { ok: false, message: `services.${name} is already declared`, hint: "pick another name" };
  const column = properties[0]?.loc?.start.column ?? (services.loc?.start.column ?? 2) + 2;
  const indent = " ".repeat(column);
  const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
  const text = `${indent}${key}: ${tsLiteral(entry, indent)},\n`;
  // Before the closing brace's line, after the last entry (whose trailing comma the style requires).
  const close = (literal.end ?? 0) - 1;
  const lineStart = source.lastIndexOf("\n", close) + 1;
  const onOwnLine = source.slice(lineStart, close).trim() === "";
  if (!onOwnLine)
    return {
      ok: false,
      message: "the config's `services` object closes on a line with other code",
      hint: "put its closing brace on a line of its own, or add the entry by hand",
    };
  const last = properties.at(-1);
  let before = source.slice(0, lineStart);
  if (last && !/,\s*(\/\/[^\n]*)?\s*$/.test(source.slice(last.end ?? 0, lineStart)))
    before = `${source.slice(0, last.end ?? 0)},${source.slice(last.end ?? 0, lineStart)}`;
  return { ok: true, source: `${before}${text}${source.slice(lineStart)}` };
}

function addToYaml(source: string, name: string, entry: unknown, json: boolean): ConfigEdit {
  if (json) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(source) as Record<string, unknown>;
    } catch (error) {
      return { ok: false, message: `the config is not JSON: ${(error as Error).message}` };
    }
    const services = (data.services ?? {}) as Record<string, unknown>;
    if (Object.hasOwn(services, name)) return { ok: false, message: `services.${name} is already declared` };
    data.services = { ...services, [name]: entry };
    return { ok: true, source: `${JSON.stringify(data, null, 2)}\n` };
  }
  const document = parseDocument(source);
  if (document.errors.length > 0)
    return { ok: false, message: `the config does not parse: ${document.errors[0]!.message}` };
  const services = document.get("services", true);
  if (services !== undefined && !isMap(services)) return { ok: false, message: "the config's `services` is not a map" };
  if (isMap(services) && services.has(name)) return { ok: false, message: `services.${name} is already declared` };
  document.setIn(["services", name], document.createNode(entry));
  return { ok: true, source: document.toString({ lineWidth: 0 }) };
}

/** The config's text with `services.<name>` added. */
export function addService(configFile: string, source: string, name: string, entry: unknown): ConfigEdit {
  if (configFile.endsWith(".ts")) return addToTypescript(source, name, entry);
  return addToYaml(source, name, entry, configFile.endsWith(".json"));
}
