// Runs one measured step in a fresh process and prints {"ms", "maxRssMiB"} as its last line.
//   node bench/child.ts cli <args…>         the built fawkes CLI, in-process
//   node bench/child.ts floor <dump> <dir>  the floor: stringify the dumped objects with `yaml` and write them
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

const [mode, ...args] = process.argv.slice(2);
const started = performance.now();
if (mode === "cli") {
  const { runCli } = (await import("../dist/cli/main.js")) as {
    runCli: (argv: string[], io: { out(t: string): void; err(t: string): void }) => Promise<number>;
  };
  const quiet = { out: () => {}, err: (t: string) => process.stderr.write(t) };
  process.exitCode = await runCli(args, quiet);
} else if (mode === "floor") {
  const [dump, dir] = args as [string, string];
  const files = JSON.parse(readFileSync(dump, "utf8")) as Record<string, unknown[]>;
  const timed = performance.now();
  for (const [path, objects] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, objects.map((o) => stringify(o)).join("---\n"));
  }
  console.log(JSON.stringify({ ms: performance.now() - timed, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
console.log(JSON.stringify({ ms: performance.now() - started, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
