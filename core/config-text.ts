// The config written as data instead of TypeScript: `fawkes.config.yaml`, `.yml` or `.json`. The text is
// parsed here (pure), located problems and all; the same zod schema then validates it as it validates the
// default export of `fawkes.config.ts`, and the YAML locator points every later problem at its line.
import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import { createConfigLocator, type SourceLocator } from "./locate-config.ts";
import { createYamlLocator } from "./locate-yaml.ts";
import type { ConfigPath, Problem, SourcePosition } from "./problems.ts";

/** How a config file is read: imported as a module (TypeScript), or parsed as YAML or JSON. */
export type ConfigFormat = "module" | "yaml" | "json";

/** The names looked for in the repository root when `--config` is not given; at most one may exist. */
export const CONFIG_FILE_NAMES = ["fawkes.config.ts", "fawkes.config.yaml", "fawkes.config.yml", "fawkes.config.json"];

export function configFormat(file: string): ConfigFormat {
  if (/\.ya?ml$/i.test(file)) return "yaml";
  if (/\.json$/i.test(file)) return "json";
  return "module";
}

/** Finds where config paths are written, in whichever form the config takes. */
export function createSourceLocator(file: string, source: string): SourceLocator {
  return configFormat(file) === "module" ? createConfigLocator(source) : createYamlLocator(source);
}

/** Aliases a config may expand: far above any real file, far below an alias bomb. */
const MAX_ALIASES = 100;

export type ParsedConfigText =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: readonly Problem[] };

/** The first alias in the document, or the first one that names no anchor before it. */
function aliasPosition(document: Document, lineCounter: LineCounter, unresolved: boolean): SourcePosition {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      if (unresolved && node.resolve(document) !== undefined) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  const { line, col } = lineCounter.linePos(offset ?? 0);
  return { line, column: col };
}

/** The config path of a node from its ancestors: the keys of the pairs, the indices in the sequences. */
function pathOf(ancestors: readonly unknown[], node: unknown): ConfigPath {
  const path: (string | number)[] = [];
  const chain = [...ancestors, node];
  chain.forEach((ancestor, index) => {
    const child = chain[index + 1];
    if (isPair(ancestor) && child === ancestor.value) path.push(keyText(ancestor.key));
    else if (isSeq(ancestor) && child !== undefined) path.push(ancestor.items.indexOf(child as never));
  });
  return path;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Keys written twice in one mapping, each at its second occurrence, naming the first. */
/**
 * Keys written twice in one mapping, each after the first. yaml's own check (`uniqueKeys`) compares every key
 * with every earlier one of its mapping: 3.1 s for a releases file of 20,000 services, where this takes
 * milliseconds. So YAML is parsed with `uniqueKeys: false`, and this says where and what.
 */
export function duplicateKeys(document: Document, at: (offset: number) => SourcePosition): Problem[] {
  const found: Problem[] = [];
  visit(document, {
    Map(_, map, ancestors) {
      const first = new Map<string, number>();
      for (const pair of map.items) {
        const key = keyText(pair.key);
        const offset = (pair.key as { range?: [number, number] } | null)?.range?.[0] ?? 0;
        const earlier = first.get(key);
        if (earlier === undefined) {
          first.set(key, offset);
          continue;
        }
        found.push({
          code: "duplicate-key",
          path: [...pathOf(ancestors, map), key],
          message: `"${key}" is written twice in one mapping (first at line ${at(earlier).line})`,
          hint: "remove or rename one of them",
          at: at(offset),
        });
      }
    },
  });
  return found;
}

/** JSON.parse's "… in JSON at position 42" as a position; the YAML parse has no quarrel with trailing commas. */
function strictJson(source: string, lineCounter: LineCounter): Problem | undefined {
  try {
    JSON.parse(source);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? source.length);
    const { line, col } = lineCounter.linePos(Math.min(offset, source.length));
    return {
      code: "invalid-json",
      path: [],
      message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}`,
      hint: "a .json config is strict JSON (no comments, no trailing commas); name it .yaml for more freedom",
      at: { line, column: col },
    };
  }
}

/** Parses a YAML or JSON config: duplicate keys, unknown tags, several documents and alias bombs are errors. */
export function parseConfigText(source: string, format: "yaml" | "json"): ParsedConfigText {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: false, lineCounter });
  const code = format === "json" ? "invalid-json" : "invalid-yaml";
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: Problem[] = [
    ...document.errors.map((e) => ({
      code,
      path: [],
      message: e.message.split("\n")[0]!,
      hint: `fix the ${format === "json" ? "JSON" : "YAML"}`,
      at: at(e.pos[0]),
    })),
    ...duplicateKeys(document, at),
    // An unknown tag (`!Ref`) would quietly become a string.
    ...document.warnings.map((w) => ({
      code,
      path: [],
      message: w.message.split("\n")[0]!,
      hint: "a config holds plain values: remove the tag",
      at: at(w.pos[0]),
    })),
  ];
  if (format === "json" && problems.length === 0) {
    const json = strictJson(source, lineCounter);
    if (json) problems.push(json);
  }
  if (problems.length > 0) return { ok: false, problems };
  try {
    const value: unknown = document.toJS({ maxAliasCount: MAX_ALIASES });
    return { ok: true, value };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const unresolved = /Unresolved alias/.test(reason);
    return {
      ok: false,
      problems: [
        {
          code,
          path: [],
          message: `cannot be read: ${reason}`,
          hint: unresolved ? "define the anchor (&name) before its alias (*name)" : "expand fewer aliases",
          at: aliasPosition(document, lineCounter, unresolved),
        },
      ],
    };
  }
}
