// Printing: problems, summaries. Output goes through one writer so tests can capture it.
import { formatProblem, type LocatedProblem } from "../core/problems.ts";

export { plural } from "../core/plural.ts";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Set once stdout's reader has gone (`fawkes check | head`): the rest of the output is dropped quietly. */
let stdoutClosed = false;
let watchingStdout = false;

function watchStdout(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    stdoutClosed = true;
    if (error.code !== "EPIPE") process.stderr.write(`fawkes: cannot write to standard output: ${error.message}\n`);
  });
}

export const processIo: Io = {
  out: (text) => {
    watchStdout();
    if (!stdoutClosed) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  },
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

export function printProblems(io: Io, problems: readonly LocatedProblem[]): void {
  const errors = problems.filter((p) => p.severity !== "warning");
  for (const p of problems) io.err(formatProblem(p));
  if (errors.length > 0)
    io.err(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the config; nothing was written.`);
}
