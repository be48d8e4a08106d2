// The floor, in a fresh process: stringify the dumped objects with `yaml` and write them, then print
// {"ms", "maxRssMiB"} as the last line. (A command is measured through bench/cli-child.js.)
//   node bench/child.ts floor <dump> <dir>
import { createReadStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { stringify } from "yaml";

const [mode, ...args] = process.argv.slice(2);
if (mode === "floor") {
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
