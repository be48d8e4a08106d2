// Runs one fawkes command as users run it (bin/fawkes.js: the bundle, the config's worker, Node's compile cache)
// and prints {"ms", "maxRssMiB"} as its last line, after the command's own output:
//   node bench/cli-child.js <args…>
// Plain JavaScript that imports nothing before the command: a TypeScript wrapper would make Node load its type
// stripper first, and the wall time of every command measured through it was 130-150 ms longer than the same
// command's (validate of the example: 0.70-0.75 s against 0.57-0.64 s).
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const started = performance.now();
const bin = fileURLToPath(new URL("../bin/fawkes.js", import.meta.url));
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
process.on("exit", () =>
  console.log(JSON.stringify({ ms: performance.now() - started, maxRssMiB: process.resourceUsage().maxRSS / 1024 })),
);
await import(bin);
