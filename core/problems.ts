// The one error type of the pipeline: a problem names the config path it is about, what is wrong and how to
// fix it. Problems are collected, located in the source files, printed together, and then the run fails.

export type ConfigPath = readonly (string | number)[];

/** Which source file a problem's path points into. */
export type ProblemOrigin = "config" | "releases";

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface Problem {
  /** Stable machine-readable code, e.g. `unknown-reference`. */
  readonly code: string;
  readonly path: ConfigPath;
  readonly message: string;
  readonly hint?: string;
  readonly origin?: ProblemOrigin;
  /** Point at the key of the last path segment (a name that is wrong) instead of its value. */
  readonly target?: "key" | "value";
  /** The file the problem is in when it is neither the config nor the releases file (a Score file). */
  readonly file?: string;
  /** A position known up front (e.g. the second of two duplicate keys); otherwise located from `path`. */
  readonly at?: SourcePosition;
  readonly severity?: "error" | "warning";
}

export interface LocatedProblem extends Problem {
  readonly file: string;
  readonly position: SourcePosition;
}

/** Thrown at the edge when a run has problems the user must fix (exit 1, no stack trace). */
export class FawkesError extends Error {
  readonly problems: readonly (Problem | LocatedProblem)[];
  constructor(problems: readonly (Problem | LocatedProblem)[]) {
    super(problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("\n"));
    this.name = "FawkesError";
    this.problems = problems;
  }
}

export function problem(code: string, path: ConfigPath, message: string, hint?: string): Problem {
  return hint === undefined ? { code, path, message } : { code, path, message, hint };
}

/** `services.checkout-api.dependsOn[1]` */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out === "" ? "(config)" : out;
}

/** `fawkes.config.ts:42:7 services.checkout-api.team: unknown team "paymnets" (did you mean "payments"?)` */
export function formatProblem(p: LocatedProblem): string {
  const where = `${p.file}:${p.position.line}:${p.position.column}`;
  const hint = p.hint === undefined ? "" : ` (${p.hint})`;
  const label = p.severity === "warning" ? "warning: " : "";
  return `${where} ${label}${formatPath(p.path)}: ${p.message}${hint}`;
}

/** Problems in source order, so the output reads top to bottom like the file. */
export function sortProblems(problems: readonly LocatedProblem[]): LocatedProblem[] {
  return [...problems].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      compareStrings(a.message, b.message),
  );
}

/** Locale-independent string order (never `localeCompare` without a fixed locale). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
