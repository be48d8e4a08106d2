// CEL, compiled once per expression and evaluated many times, with only the standard library: what the
// generated policies may use, so Kyverno and the generation-time preflight agree.
import { celEnv, celList, celMap, isCelError, isCelMap, isCelList, parse, plan, type CelInput } from "@bufbuild/cel";
import { RE2JS } from "@bufbuild/re2";

export type CelProgram = (
  bindings: Record<string, unknown>,
) => { ok: true; value: unknown } | { ok: false; error: string };

/** Like CelProgram, but the value stays a CEL value, to be bound into another expression as is. */
export type CelValueProgram = (
  bindings: Record<string, unknown>,
) => { ok: true; value: CelInput } | { ok: false; error: string };

/**
 * `matches()` with each pattern compiled once: the library's own `matches` compiles its pattern on every call
 * (@bufbuild/cel 0.6.1, std/logic.js), which was a third of the policy preflight (each pod's images against the
 * same pattern). The same engine (RE2JS from @bufbuild/re2, the library's own), so the same answers; and each
 * text's answer is kept, since most pods carry the same images beside their own (a sidecar's, an init
 * container's), and RE2JS takes 20-25 µs a match.
 */
type Matcher = ReturnType<NonNullable<NonNullable<Parameters<typeof celEnv>[0]>["re2"]>["compile"]>;
const patterns = new Map<string, Matcher>();
const ANSWERS_MAX = 10_000;

function remembering(pattern: RE2JS): Matcher {
  const answers = new Map<string, boolean>();
  return {
    test(text: string) {
      let answer = answers.get(text);
      if (answer === undefined) {
        if (answers.size >= ANSWERS_MAX) answers.clear();
        answers.set(text, (answer = pattern.test(text)));
      }
      return answer;
    },
  };
}

const env = celEnv({
  re2: {
    compile(pattern) {
      let compiled = patterns.get(pattern);
      if (compiled === undefined) patterns.set(pattern, (compiled = remembering(RE2JS.compile(pattern))));
      return compiled;
    },
  },
});

/** An expression's syntax tree, as the library's parser returns it. */
export type CelTree = ReturnType<typeof parse>;

/**
 * Parsed expressions by their text, each parsed once: the programs below and the policies' read analysis
 * (core/policy/reads.ts) start from the same ones, and the parser took 70-100 ms for a platform's 26 expressions.
 * A parsed tree is only read.
 */
const parsed = new Map<string, CelTree>();
/** The trees asked for since a cache last took them, and whether one of them was parsed here (celTreesToKeep). */
let served = new Map<string, CelTree>();
let parsedHere = false;

export function parseCel(expression: string): CelTree {
  let tree = parsed.get(expression);
  if (!tree) {
    parsed.set(expression, (tree = parse(expression)));
    parsedHere = true;
  }
  served.set(expression, tree);
  return tree;
}

/**
 * Trees kept between runs (the CLI keeps them on disk, for one build of Fawkes): a tree depends on nothing but
 * its text and the parser, and the parser was 60-90 ms of every generate, even of a small platform, before the
 * policies' first pod. The output is the same without it.
 */
export interface CelTreeCache {
  /** The trees an earlier run kept, by expression. */
  readonly trees: Promise<ReadonlyMap<string, CelTree>>;
  /** Keeps these trees for later runs. */
  keep(trees: ReadonlyMap<string, CelTree>): Promise<void>;
}

/** Takes an earlier run's trees as parsed (each one's text is its key). */
export function knowCelTrees(trees: ReadonlyMap<string, CelTree>): void {
  for (const [expression, tree] of trees) if (!parsed.has(expression)) parsed.set(expression, tree);
}

/**
 * The trees asked for since the last call, when one of them was parsed here: what a cache should keep (a run's
 * expressions, not every one it ever held); else undefined.
 */
export function celTreesToKeep(): ReadonlyMap<string, CelTree> | undefined {
  const trees = served;
  const keep = parsedHere;
  served = new Map();
  parsedHere = false;
  return keep ? trees : undefined;
}

/** Compiled programs by expression: the same policies and exceptions are compiled for every cluster. */
const programs = new Map<string, CelProgram>();
const valuePrograms = new Map<string, CelValueProgram>();

/** Compiles an expression (once: a program is pure, so it is shared); throws on a syntax error. */
export function compileCel(expression: string): CelProgram {
  let compiled = programs.get(expression);
  if (!compiled) programs.set(expression, (compiled = compileProgram(expression)));
  return compiled;
}

function compileProgram(expression: string): CelProgram {
  const program = plan(env, parseCel(expression));
  return (bindings) => {
    const result = program(bindings as Record<string, CelInput>);
    if (isCelError(result)) return { ok: false, error: result.message };
    return { ok: true, value: toPlain(result) };
  };
}

/** Compiles an expression whose result feeds other expressions (a policy variable): no conversion back. */
export function compileCelValue(expression: string): CelValueProgram {
  let compiled = valuePrograms.get(expression);
  if (!compiled) valuePrograms.set(expression, (compiled = compileValueProgram(expression)));
  return compiled;
}

function compileValueProgram(expression: string): CelValueProgram {
  const program = plan(env, parseCel(expression));
  return (bindings) => {
    const result = program(bindings as Record<string, CelInput>);
    return isCelError(result) ? { ok: false, error: result.message } : { ok: true, value: result as CelInput };
  };
}

/** CEL values back to plain JS (lists and maps), so one expression's result can bind another's variable. */
function toPlain(value: unknown): unknown {
  if (isCelList(value)) return [...(value as Iterable<unknown>)].map(toPlain);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value as unknown as Iterable<[unknown, unknown]>) out[String(k)] = toPlain(v);
    return out;
  }
  return value;
}

/**
 * Plain data as CEL values, converted once: left plain, every field access converts its object again (the
 * library wraps a plain object in a new map on each access), which dominated evaluating several policies on
 * one pod. Same values, same results: the library converts plain data to exactly these maps and lists.
 */
export function toCelInput(value: unknown): unknown {
  if (Array.isArray(value)) return celList(value.map(toCelInput) as CelInput[]);
  if (value !== null && typeof value === "object" && value.constructor === Object)
    return celMap(new Map(Object.entries(value).map(([k, v]) => [k, toCelInput(v)])) as never);
  return value;
}
