// Where a config that failed to load went wrong: a syntax error from the parser, a runtime error from the
// first stack frame in the config (file:line:col, never 1:1), a missing import from its import statement.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../core/babel-parser.ts";
import type { LocatedProblem, SourcePosition } from "../core/problems.ts";
import { displayPath } from "./errors.ts";
import type { ConfigLoad } from "./load-config.ts";

type Failure = Exclude<ConfigLoad, { ok: true }>;

const HINT = "fix the TypeScript so that `node` can import it";

function parseModule(source: string): ReturnType<typeof parse> | undefined {
  try {
    return parse(source, { sourceType: "module", plugins: ["typescript"], errorRecovery: true });
  } catch {
    return undefined;
  }
}

function syntaxPosition(source: string): SourcePosition | undefined {
  try {
    const result = parse(source, { sourceType: "module", plugins: ["typescript"], errorRecovery: true });
    const first = (result.errors ?? [])[0] as { loc?: { line: number; column: number } } | undefined;
    return first?.loc ? { line: first.loc.line, column: first.loc.column + 1 } : undefined;
  } catch (parseError) {
    const loc = (parseError as { loc?: { line: number; column: number } }).loc;
    return loc ? { line: loc.line, column: loc.column + 1 } : undefined;
  }
}

/** The first stack frame in a local file (the config, or a helper it imports), not in node_modules. */
function firstLocalFrame(
  stack: string | undefined,
  root: string,
  configPath: string,
): { path: string; position: SourcePosition } | undefined {
  const frames = [...(stack ?? "").matchAll(/(file:\/\/[^\s()]+?)(?:\?[^\s():]*)?:(\d+):(\d+)/g)].flatMap((m) => {
    try {
      return [{ path: fileURLToPath(m[1]!), position: { line: Number(m[2]), column: Number(m[3]) } }];
    } catch {
      return [];
    }
  });
  const local = (path: string) =>
    !path.includes("/node_modules/") &&
    !displayPath(root, path).startsWith("/") &&
    !path.endsWith("config-worker.ts") &&
    !path.endsWith("config-worker.js");
  return frames.find((f) => f.path === configPath) ?? frames.find((f) => local(f.path));
}

/** `Cannot find module '/repo/nope.ts' imported from /repo/fawkes.config.ts`: the import statement naming it. */
function missingImportPosition(message: string, source: string, configPath: string): SourcePosition | undefined {
  const match = /Cannot find (?:module|package) '([^']+)' imported from (.+)$/m.exec(message);
  if (!match || resolve(match[2]!.trim()) !== configPath) return undefined;
  const missing = match[1]!;
  const program = parseModule(source)?.program;
  for (const node of program?.body ?? []) {
    const from = (node as { source?: { value?: string; loc?: { start: { line: number; column: number } } } | null })
      .source;
    if (!from?.value || !from.loc) continue;
    const spec = from.value;
    const same = spec.startsWith(".")
      ? resolve(dirname(configPath), spec) === missing
      : spec === missing || spec.startsWith(`${missing}/`);
    if (same) return { line: from.loc.start.line, column: from.loc.start.column + 1 };
  }
  return undefined;
}

export function configLoadProblem(
  failure: Failure,
  root: string,
  configPath: string,
  source: string,
  timeoutSeconds: number,
): LocatedProblem {
  const configFile = displayPath(root, configPath);
  const base = { code: "cannot-load", path: [], file: configFile, position: { line: 1, column: 1 } };
  if (failure.reason === "timeout") {
    return {
      ...base,
      message: `loading the config did not finish within ${timeoutSeconds} s (an endless loop, or a top-level await that never settles?)`,
      hint: "fix the config; if it really needs longer, pass --config-timeout <seconds>",
    };
  }
  if (failure.reason === "unsettled") {
    const how =
      failure.exitCode === 0 || failure.exitCode === 13
        ? "it awaits something that never settles"
        : `it ended the process (exit code ${failure.exitCode})`;
    return {
      ...base,
      message: `loading the config never finished: ${how}`,
      hint: "a config must finish evaluating and default-export defineConfig({...})",
    };
  }
  const message = `cannot load the config: ${failure.message.split("\n")[0]}`;
  const syntax = failure.name === "SyntaxError" ? syntaxPosition(source) : undefined;
  if (syntax) return { ...base, position: syntax, message, hint: HINT };
  const missing = missingImportPosition(failure.message, source, configPath);
  if (missing) return { ...base, position: missing, message, hint: "install the package or fix the path" };
  const frame = firstLocalFrame(failure.stack, root, configPath);
  return frame
    ? { ...base, file: displayPath(root, frame.path), position: frame.position, message, hint: HINT }
    : { ...base, message, hint: HINT };
}
