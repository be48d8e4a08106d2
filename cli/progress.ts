// Progress of a long run on a terminal: each phase the core measures (core/timings.ts) is shown as it ends,
// on one line of standard error that the next phase overwrites and the end clears. Silent when standard
// error is not a terminal or CI is set (logs stay clean), unless `--progress` asks for it; asked for outside
// a terminal, each phase gets its own line of the command's error output.
import { onPhase } from "../core/timings.ts";
import type { Io } from "./output.ts";

export interface Progress {
  /** The command's output, which first clears the progress line so the two never share a line. */
  readonly io: Io;
  stop(): void;
}

export function startProgress(command: string, asked: boolean, io: Io, onProcessStderr: boolean): Progress {
  const terminal = onProcessStderr && process.stderr.isTTY === true && !process.env.CI;
  if (!asked && !terminal) return { io, stop: () => {} };
  let done = 0;
  let shown = false;
  const clear = () => {
    if (shown) process.stderr.write("\r\x1b[K");
    shown = false;
  };
  const started = performance.now();
  const unsubscribe = onPhase((phase, _, detail) => {
    done += 1;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `fawkes ${command}: ${phase} done${detail ? `: ${detail}` : ""} (${done} phases, ${seconds} s)`;
    if (terminal) process.stderr.write(`\r\x1b[K${line}`);
    else io.err(line);
    shown = terminal;
  });
  return {
    io: {
      out: (text) => {
        clear();
        io.out(text);
      },
      err: (text) => {
        clear();
        io.err(text);
      },
    },
    stop() {
      unsubscribe();
      clear();
    },
  };
}
