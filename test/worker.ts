// One test process of `npm test` (see test/run.ts): it receives test files over IPC, one at a time, runs each
// with uvu's own suite runners and answers with the counts, the time taken and everything the file printed.
// Files that share this process share its module cache: the CLI, the generators and their warm code.
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";

export interface FileResult {
  readonly file: string;
  readonly total: number;
  readonly passed: number;
  readonly skipped: number;
  readonly failed: boolean;
  readonly milliseconds: number;
  /** CPU time of this process while the file ran (its child processes not included). */
  readonly cpuMilliseconds: number;
  /** CPU time of the child processes that ended while the file ran (Linux only; 0 elsewhere). */
  readonly childCpuMilliseconds: number;
  readonly output: string;
}

type Runner = () => Promise<[errors: string | true, ran: number, skipped: number, total: number]>;
type Group = [name: string | null, ...runners: Runner[]];
const uvuGlobals = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: Group[] };

// The pure pipeline, run again on an input it has seen, answers from memory (test/helpers/memo-pipeline.ts):
// every module but that one imports the memo in place of core/pipeline.ts.
const PIPELINE = new URL("../core/pipeline.ts", import.meta.url).href;
const MEMO = new URL("helpers/memo-pipeline.ts", import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    return resolved.url === PIPELINE && context.parentURL !== MEMO ? { ...resolved, url: MEMO } : resolved;
  },
});

// Deferred mode: `test.run()` queues the suite instead of starting it (what uvu's own CLI does).
uvuGlobals.UVU_DEFER = 1;
await import("uvu");

/** CPU time of the ended child processes, from /proc (cutime + cstime, in clock ticks of 10 ms). */
function childCpu(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

async function runFile(file: string): Promise<FileResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const children = childCpu();
  let output = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  let total = 0;
  let passed = 0;
  let skipped = 0;
  let failed = false;
  try {
    uvuGlobals.UVU_QUEUE.length = 0;
    uvuGlobals.UVU_INDEX = 0;
    uvuGlobals.UVU_QUEUE.push([relative(process.cwd(), file)]);
    await import(pathToFileURL(file).href);
    for (const [name, ...runners] of uvuGlobals.UVU_QUEUE) {
      if (name !== null) output += `${name}\n`;
      for (const runner of runners) {
        const [errors, ran, skips, max] = await runner();
        total += max;
        passed += ran;
        skipped += skips;
        if (errors !== true) {
          failed = true;
          output += `\n${errors}\n`;
        }
      }
    }
  } catch (error) {
    failed = true;
    output += `\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
  } finally {
    process.stdout.write = write;
  }
  const { user, system } = process.cpuUsage(cpu);
  const cpuMilliseconds = (user + system) / 1000;
  const childCpuMilliseconds = childCpu() - children;
  const milliseconds = performance.now() - started;
  return { file, total, passed, skipped, failed, milliseconds, cpuMilliseconds, childCpuMilliseconds, output };
}

process.on("message", (file: string) => {
  void runFile(file).then((result) => process.send!(result));
});
process.send!("ready");
// While the build runs (the first file comes after it), the modules almost every file loads: the CLI, the
// pipeline and the generators, from their sources. A file that imports them later finds them loaded.
void Promise.all([import("../cli/main.ts"), import("../core/pipeline.ts"), import("../generators/index.ts")]).catch(
  () => undefined, // a module that fails to load fails the files that import it, with its error
);
