// Finds where a config path's value is written in `fawkes.config.ts`, by walking the object literals of its
// default export. The TypeScript is parsed (not run) with @babel/parser; positions come from each node's offset.
import { parse } from "./babel-parser.ts";
import type { Expression, Node, ObjectExpression, Program } from "@babel/types";
import type { ConfigPath, Problem, SourcePosition } from "./problems.ts";
import { sourcePositions } from "./source-positions.ts";

export interface SourceLocator {
  /** Position of the value (or key) at `path`, or of its nearest written ancestor. */
  locate(path: ConfigPath, target?: "key" | "value"): SourcePosition;
  /** Keys written twice in one object literal: JavaScript keeps the last one silently. */
  duplicateKeys(): Problem[];
  /** Lets go of what the locator parsed (a large config's syntax tree); a later call parses again. */
  release?(): void;
}

const START: SourcePosition = { line: 1, column: 1 };

function keyName(node: Node): string | undefined {
  if (node.type === "ObjectProperty" || node.type === "ObjectMethod") {
    if (node.computed) return node.key.type === "StringLiteral" ? node.key.value : undefined;
    const key = node.key;
    if (key.type === "Identifier") return key.name;
    if (key.type === "StringLiteral") return key.value;
    if (key.type === "NumericLiteral") return String(key.value);
  }
  return undefined;
}

/**
 * Locates config paths in a TypeScript config, parsed on first use. The syntax tree is large (75 MB for a config
 * of 5,000 services): `release` lets it go, and the next call parses the source again.
 */
export function createConfigLocator(source: string): SourceLocator {
  let parsed: SourceLocator | undefined;
  const locator = () => (parsed ??= parseConfigLocator(source));
  return {
    locate: (path, target) => locator().locate(path, target),
    duplicateKeys: () => locator().duplicateKeys(),
    release: () => {
      parsed = undefined;
    },
  };
}

function parseConfigLocator(source: string): SourceLocator {
  let program: Program;
  try {
    // Without Babel's line and column objects on every node (three objects each: 314 MB of tree for a config of
    // 20,000 services instead of 180 MB, and a fifth of the parse): positions come from each node's offset.
    program = parse(source, {
      sourceType: "module",
      plugins: ["typescript"],
      errorRecovery: true,
      locations: false,
    }).program;
  } catch {
    return { locate: () => START, duplicateKeys: () => [] };
  }
  const at = sourcePositions(source);
  const position = (node: Node): SourcePosition => (node.start == null ? START : at(node.start));

  const bindings = new Map<string, Expression>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const d of declaration.declarations) {
      if (d.id.type === "Identifier" && d.init) bindings.set(d.id.name, d.init);
    }
  }

  /** Looks through wrappers to the literal that holds the value: `defineConfig(x)`, `x as T`, a const. */
  const unwrap = (node: Node, seen = new Set<string>()): Node => {
    switch (node.type) {
      case "CallExpression": {
        const [first] = node.arguments;
        return first && first.type !== "SpreadElement" && first.type !== "ArgumentPlaceholder"
          ? unwrap(first, seen)
          : node;
      }
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "ParenthesizedExpression":
        return unwrap(node.expression, seen);
      case "Identifier": {
        const bound = bindings.get(node.name);
        if (!bound || seen.has(node.name)) return node;
        seen.add(node.name);
        return unwrap(bound, seen);
      }
      default:
        return node;
    }
  };

  const exported = program.body.find((s) => s.type === "ExportDefaultDeclaration");
  const root: Node | undefined = exported ? unwrap(exported.declaration) : undefined;

  /** The property `key` of an object literal, looking into spreads of known objects (last one wins). */
  const findProperty = (object: ObjectExpression, key: string): Node | undefined => {
    let found: Node | undefined;
    for (const property of object.properties) {
      if (property.type === "SpreadElement") {
        const spread = unwrap(property.argument);
        if (spread.type === "ObjectExpression") found = findProperty(spread, key) ?? found;
      } else if (keyName(property) === key) {
        found = property;
      }
    }
    return found;
  };

  /**
   * Where a key that no object literal writes came from, in config built by helper functions: a table passed
   * to the helper that has the key (`team("payments", { api: {...} })`), else a row naming it
   * (`[{ name: "api", port: 8080 }].map(service)`, an entry `["api", {...}]`). Only data is searched (call
   * arguments, spreads, constants), never a helper's body: the entry is located at the call site that built
   * it. The first table wins over the first row.
   */
  const traceKey = (starts: readonly Node[], key: string): Node | undefined => {
    let row: Node | undefined;
    const seen = new Set<Node>();
    // Depth counts objects and lists entered: a table's entries sit one level down, a row's name two.
    const queue: [Node, number][] = starts.map((start) => [start, 0]);
    while (queue.length > 0) {
      const [node, depth] = queue.shift()!;
      if (seen.has(node) || depth > 2) continue;
      seen.add(node);
      switch (node.type) {
        case "ObjectExpression":
          for (const property of node.properties) {
            if (property.type === "SpreadElement") queue.push([property.argument, depth]);
            else if (property.type === "ObjectProperty") {
              if (keyName(property) === key && depth <= 1) return property.value as Node;
              const value = property.value as Node;
              if (value.type === "StringLiteral" && value.value === key) row ??= node;
              else queue.push([value, depth + 1]);
            }
          }
          break;
        case "ArrayExpression":
          node.elements.forEach((element, i) => {
            if (!element) return;
            if (element.type === "StringLiteral" && element.value === key) {
              // An entry [key, value]: the value; otherwise the list that names it.
              const value = i === 0 ? node.elements[1] : undefined;
              row ??= value && value.type !== "SpreadElement" ? value : node;
            } else queue.push([element, depth + 1]);
          });
          break;
        case "CallExpression":
        case "NewExpression":
          for (const argument of node.arguments) queue.push([argument, depth]);
          // `TABLE.map(...)`, `Object.entries(TABLE)`: the data a method is called on, not a helper's name.
          if (node.callee.type === "MemberExpression") queue.push([node.callee.object, depth]);
          break;
        case "SpreadElement":
          queue.push([node.argument, depth]);
          break;
        case "Identifier": {
          const bound = bindings.get(node.name);
          if (bound) queue.push([bound, depth]);
          break;
        }
        case "TSAsExpression":
        case "TSSatisfiesExpression":
        case "TSNonNullExpression":
        case "TSTypeAssertion":
        case "ParenthesizedExpression":
          queue.push([node.expression, depth]);
          break;
        default:
          break;
      }
    }
    return row;
  };

  /** What built a value that is not (all) literal: the call that made it, or an object's spreads of calls. */
  const opaqueParts = (node: Node, seen = new Set<Node>()): Node[] => {
    if (seen.has(node)) return [];
    seen.add(node);
    switch (node.type) {
      case "CallExpression":
      case "NewExpression":
        return [node];
      case "Identifier": {
        const bound = bindings.get(node.name);
        return bound ? opaqueParts(bound, seen) : [];
      }
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "ParenthesizedExpression":
        return opaqueParts(node.expression, seen);
      case "ObjectExpression":
        return node.properties.flatMap((property) =>
          property.type !== "SpreadElement"
            ? []
            : unwrap(property.argument).type === "ObjectExpression"
              ? opaqueParts(unwrap(property.argument), seen)
              : [property],
        );
      default:
        return [];
    }
  };

  const locate = (path: ConfigPath, target: "key" | "value" = "value"): SourcePosition => {
    if (!root) return START;
    let node: Node = root;
    for (const [index, segment] of path.entries()) {
      const container = unwrap(node);
      const wantKey = target === "key" && index === path.length - 1;
      let next: Node | undefined;
      if (container.type === "ObjectExpression") {
        const property = findProperty(container, String(segment));
        next = property?.type === "ObjectProperty" && !wantKey ? (property.value as Node) : property;
      } else if (container.type === "ArrayExpression" && typeof segment === "number") {
        next = container.elements[segment] ?? undefined;
      }
      // Built by a helper: the table or row it was built from, else the one spread that can have made it.
      if (!next && typeof segment === "string") {
        const parts = opaqueParts(node);
        next = traceKey(parts, segment);
        if (!next && parts.length === 1 && parts[0]!.type === "SpreadElement") return position(parts[0]!);
      }
      if (!next) return position(node);
      node = next;
    }
    return position(node);
  };

  const duplicateKeys = (): Problem[] => {
    const found: Problem[] = [];
    const visit = (node: Node, path: (string | number)[], seen: Set<Node>): void => {
      const value = unwrap(node);
      if (seen.has(value)) return;
      seen.add(value);
      if (value.type === "ObjectExpression") {
        const first = new Map<string, Node>();
        const spreadKeys = new Set<Node>();
        for (const property of value.properties) {
          if (property.type === "SpreadElement") {
            // A spread that brings a key already written replaces it silently: two teams' tables spread into
            // services, both with an "api". (A key written after a spread is a deliberate override.)
            const spread = unwrap(property.argument);
            if (spread.type !== "ObjectExpression") continue;
            for (const inner of spread.properties) {
              const key = keyName(inner);
              if (key === undefined) continue;
              const earlier = first.get(key);
              if (earlier) {
                found.push({
                  code: "duplicate-key",
                  path: [...path, key],
                  message: `"${key}" comes twice: the spread at line ${position(property).line} replaces the one at line ${position(earlier).line}`,
                  hint: "rename one of them, or remove it from one table",
                  at: position(inner),
                });
              }
              first.set(key, inner);
              spreadKeys.add(inner);
            }
            continue;
          }
          const key = keyName(property);
          if (key === undefined) continue;
          const earlier = first.get(key);
          if (earlier && !spreadKeys.has(earlier)) {
            found.push({
              code: "duplicate-key",
              path: [...path, key],
              message: `"${key}" is written twice; the value at line ${position(earlier).line} is silently replaced`,
              hint: "remove or rename one of them",
              at: position(property),
            });
          }
          first.set(key, property);
          if (property.type === "ObjectProperty") visit(property.value as Node, [...path, key], seen);
        }
      } else if (value.type === "ArrayExpression") {
        value.elements.forEach((element, index) => {
          if (element && element.type !== "SpreadElement") visit(element, [...path, index], seen);
        });
      }
    };
    if (root) visit(root, [], new Set());
    return found;
  };

  return { locate, duplicateKeys };
}
