// What a policy's CEL can read of a pod, from its expressions' syntax, so pods that differ only in what it cannot
// read (names, most labels, env, args) share one verdict. The projection keeps, by field name wherever it occurs:
// every field the policy selects (`x.f`, `has(x.f)`) or names as a string (`'cpu' in …`, `m['k']`); whole, every
// map the policy enumerates (comprehensions, `size`, `in`, an index that is not a constant) and every value it
// compares with `==` to something that is not a constant; lists keep their length and order, their elements
// projected. Anything the analysis does not know (another function, a comprehension over a comprehension, a
// root or loop variable enumerated) gives no projection: the whole pod is the key, as before.
import type { parse } from "@bufbuild/cel";
import { parseCel } from "../cel.ts";

/** Field names read, maps enumerated, values compared whole. */
export interface PolicyReads {
  readonly names: ReadonlySet<string>;
  readonly enumerated: ReadonlySet<string>;
  readonly whole: ReadonlySet<string>;
}

/** Functions whose result depends only on scalars, list lengths and the fields the analysis records. */
const KNOWN = new Set([
  "_&&_",
  "_||_",
  "!_",
  "_?_:_",
  "_<_",
  "_<=_",
  "_>_",
  "_>=_",
  "_+_",
  "_-_",
  "_*_",
  "_/_",
  "_%_",
  "-_",
  "@not_strictly_false",
  "matches",
  "startsWith",
  "endsWith",
  "contains",
  "size",
  "@in",
  "_[_]",
  "_==_",
  "_!=_",
]);

type Expr = ReturnType<typeof parse>["expr"] & {};
type Mode = "enumerated" | "whole";

class Unknown extends Error {}

/**
 * The reads of a policy's expressions. `variables` are the policy's variables (an expression may read
 * `variables.<name>`, which stands for that variable's expression); undefined when the analysis cannot tell.
 */
export function policyReads(
  expressions: readonly string[],
  variables: Readonly<Record<string, string>> = {},
): PolicyReads | undefined {
  const names = new Set<string>();
  const sets: Record<Mode, Set<string>> = { enumerated: new Set(), whole: new Set() };
  const parsed = new Map(Object.entries(variables).map(([name, source]) => [name, parseCel(source).expr!]));
  const marking = new Set<string>();

  /** Loop variables over a list of constants (`['a', 'b'].all(l, …)`): constants too, one at a time. */
  const constVars = new Set<string>();
  const isConst = (e: Expr): boolean =>
    e.exprKind.case === "constExpr" || (e.exprKind.case === "identExpr" && constVars.has(e.exprKind.value.name));

  /** A value the policy enumerates or compares whole: record where it comes from. */
  function mark(e: Expr, mode: Mode): void {
    const kind = e.exprKind;
    switch (kind.case) {
      case "constExpr":
        return;
      case "selectExpr": {
        const operand = kind.value.operand!.exprKind;
        if (operand.case === "identExpr" && operand.value.name === "variables") {
          const variable = parsed.get(kind.value.field);
          if (variable === undefined) throw new Unknown();
          const key = `${kind.value.field}/${mode}`;
          if (marking.has(key)) return;
          marking.add(key);
          return mark(variable, mode);
        }
        sets[mode].add(kind.value.field);
        return;
      }
      case "listExpr":
        for (const element of kind.value.elements) mark(element, "whole");
        return;
      case "callExpr": {
        const { function: fn, args } = kind.value;
        if (fn === "_+_") return args.forEach((a) => mark(a, mode));
        if (fn === "_?_:_") return [args[1]!, args[2]!].forEach((a) => mark(a, mode));
        throw new Unknown();
      }
      default:
        // A root binding, a loop variable, a map literal, a comprehension's result: unknown extent.
        throw new Unknown();
    }
  }

  function walk(e: Expr): void {
    const kind = e.exprKind;
    switch (kind.case) {
      case "constExpr":
        if (kind.value.constantKind.case === "stringValue") names.add(kind.value.constantKind.value);
        return;
      case "identExpr":
        return;
      case "selectExpr":
        names.add(kind.value.field);
        return walk(kind.value.operand!);
      case "listExpr":
        return kind.value.elements.forEach(walk);
      case "comprehensionExpr": {
        const c = kind.value;
        const range = c.iterRange!.exprKind;
        const constant = range.case === "listExpr" && range.value.elements.every(isConst);
        if (!constant) mark(c.iterRange!, "enumerated");
        walk(c.iterRange!);
        // The loop variable is a constant in the loop's body only (and a shadowing loop's is not).
        const outer = constVars.has(c.iterVar);
        if (constant) constVars.add(c.iterVar);
        else constVars.delete(c.iterVar);
        for (const part of [c.accuInit, c.loopCondition, c.loopStep, c.result]) if (part) walk(part);
        if (outer) constVars.add(c.iterVar);
        else constVars.delete(c.iterVar);
        return;
      }
      case "callExpr": {
        const { function: fn, target, args } = kind.value;
        if (!KNOWN.has(fn)) throw new Unknown();
        const operands = target ? [target, ...args] : args;
        if (fn === "size") mark(operands[0]!, "enumerated");
        // A constant in a map tests one key, named among the constants; in a list, it equals only scalars. A
        // value in a list of constants equals one of them or not: a projected map or list equals none either.
        const constants = (e: Expr) => e.exprKind.case === "listExpr" && e.exprKind.value.elements.every(isConst);
        if (fn === "@in" && !isConst(args[0]!) && !constants(args[1]!)) args.forEach((a) => mark(a, "whole"));
        if (fn === "_[_]" && !isConst(args[1]!)) mark(args[0]!, "enumerated");
        if ((fn === "_==_" || fn === "_!=_") && !isConst(args[0]!) && !isConst(args[1]!))
          args.forEach((a) => mark(a, "whole"));
        return operands.forEach(walk);
      }
      default:
        throw new Unknown();
    }
  }

  try {
    for (const source of [...expressions, ...Object.values(variables)]) walk(parseCel(source).expr!);
  } catch (error) {
    if (error instanceof Unknown) return undefined;
    throw error;
  }
  return { names, enumerated: sets.enumerated, whole: sets.whole };
}

/** The part of a value a policy with these reads can see (plain JSON data in, plain JSON data out). */
export function project(value: unknown, reads: PolicyReads, key?: string): unknown {
  if (key !== undefined && reads.whole.has(key)) return value;
  if (Array.isArray(value)) return value.map((element) => project(element, reads));
  if (value === null || typeof value !== "object") return value;
  if (key !== undefined && reads.enumerated.has(key)) return value;
  const out: Record<string, unknown> = {};
  const object = value as Record<string, unknown>;
  // Keys, not entries: most fields are not read, and an entry is an array made for each.
  for (const k of Object.keys(object)) if (reads.names.has(k)) out[k] = project(object[k], reads, k);
  return out;
}
