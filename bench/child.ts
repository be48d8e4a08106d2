// Runs one measured step in a fresh process and prints {"ms", "maxRssMiB"} as its last line.
//   node bench/child.ts cli <args…>         the fawkes command as users run it (bin/fawkes.js: the bundle, the
//                                           warm config worker, Node's code cache), in this process
//   node bench/child.ts floor <dump> <dir>  the floor: stringify the dumped objects with `yaml` and write them
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

const [mode, ...args] = process.argv.slice(2);
const started = performance.now();
if (mode === "cli") {
  const bin = join(import.meta.dirname, "../bin/fawkes.js");
  process.argv = [process.argv[0]!, bin, ...args];
  // The measurement is printed as the process ends, after the command's own output.
  process.on("exit", () =>
    console.log(JSON.stringify({ ms: performance.now() - started, maxRssMiB: process.resourceUsage().maxRSS / 1024 })),
  );
  await import(bin);
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
