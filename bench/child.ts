// Runs one measured step in a fresh process and prints {"ms", "maxRssMiB"} as its last line.
//   node bench/child.ts cli <args…>         the fawkes command as users run it (bin/fawkes.js: the bundle, the
//                                           warm config worker, Node's code cache), in this process
//   node bench/child.ts floor <dump> <dir>  the floor: stringify the dumped objects with `yaml` and write them
import { createReadStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
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
  // One file a line ([path, objects]): reading and parsing the dump is not the floor's work, so its time is
  // taken out; stringifying and writing is.
  const [dump, dir] = args as [string, string];
  let parsing = 0;
  const timed = performance.now();
  for await (const line of createInterface({ input: createReadStream(dump), crlfDelay: Infinity })) {
    const parsed = performance.now();
    const [path, objects] = JSON.parse(line) as [string, unknown[]];
    parsing += performance.now() - parsed;
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, objects.map((o) => stringify(o)).join("---\n"));
  }
  const ms = performance.now() - timed - parsing;
  console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
