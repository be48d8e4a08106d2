// `npm test`, arranged for the machine's cores: the build beside the lint, format and type checks, then, while
// those go on, every test file in as many test processes as there are cores (test/worker.ts; they start with the
// build and load the code under test meanwhile), the slowest files first (by the times of the last run, kept in
// node_modules/.cache). Each file's output is printed whole when it ends, so files running side by side never
// interleave; the summary at the end is uvu's (Total, Passed, Skipped), which .ci/run reads. The other steps'
// output is held back and printed when a step fails. Exit 1 if any step or test fails. TEST_JOBS sets the
// number of test processes.
import { fork, spawn } from "node:child_process";
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { FileResult } from "./worker.ts";

interface Step {
  readonly name: string;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const TIMES = join(REPO, "node_modules/.cache/fawkes/test-times.json");
const JOBS = Number(process.env.TEST_JOBS ?? Math.max(1, Math.min(availableParallelism(), 4)));
/**
 * Every step and test process keeps V8's compiled code in node_modules/.cache (Node's compile cache, keyed by
 * each file's contents): TypeScript's compiler, eslint, prettier and the test processes' hundreds of modules are
 * compiled once, not once per process and run.
 */
const ENV = {
  ...process.env,
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(REPO, "node_modules/.cache/fawkes/v8"),
};

/**
 * The tests' scratch repositories go to memory (/dev/shm) where the machine has it: they copy and write
 * thousands of small files, which a loaded virtual disk makes the slowest part of the suite.
 */
function scratchRoot(): string | undefined {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return mkdtempSync("/dev/shm/fawkes-test-");
  } catch {
    return undefined;
  }
}

/** Runs a command and collects its output. */
function run(name: string, command: string, args: readonly string[]): Promise<Step> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) =>
      resolve({ name, code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

const npm = (script: string): Promise<Step> => run(script, "npm", ["run", "--silent", script]);

async function sequence(...steps: (() => Promise<Step>)[]): Promise<Step[]> {
  const done: Step[] = [];
  for (const step of steps) done.push(await step());
  return done;
}

/** Every `*.test.ts` under test/, the slowest of the last run first (unknown ones by size, largest first). */
function testFiles(): string[] {
  const files = readdirSync(join(REPO, "test"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => join(REPO, "test", f));
  let times: Record<string, number> = {};
  try {
    times = JSON.parse(readFileSync(TIMES, "utf8")) as Record<string, number>;
  } catch {
    // The first run: sizes stand in for times.
  }
  const weight = (file: string) => times[relative(REPO, file)] ?? statSync(file).size / 10;
  return files.sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
}

const seconds = (milliseconds: number): string => (milliseconds / 1000).toFixed(1).padStart(6);

/**
 * Runs the files in `jobs` worker processes, each taking the next file when it is free. The processes start at
 * once and load the code under test while `built` (the build) runs; the first file is sent when it succeeds.
 */
async function runTests(files: readonly string[], jobs: number, built: Promise<Step>): Promise<Step> {
  const started = performance.now();
  const scratch = scratchRoot();
  const queue = [...files];
  const results: FileResult[] = [];
  const worker = () =>
    new Promise<void>((resolve) => {
      const child = fork(join(REPO, "test/worker.ts"), [], {
        cwd: REPO,
        env: scratch ? { ...ENV, TMPDIR: scratch } : ENV,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      let current: string | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) child.disconnect();
        else child.send(current);
      };
      child.on("message", (message: "ready" | FileResult) => {
        if (message !== "ready") {
          results.push(message);
          process.stdout.write(`${message.output.trimEnd()}\n\n`);
          next();
        } else
          void built.then((build) => {
            if (build.code === 0) next();
            else child.disconnect();
          });
      });
      child.on("exit", (code) => {
        if (current !== undefined) {
          const file = relative(REPO, current);
          results.push({
            file: current,
            total: 1,
            passed: 0,
            skipped: 0,
            failed: true,
            milliseconds: 0,
            cpuMilliseconds: 0,
            childCpuMilliseconds: 0,
            output: "",
          });
          process.stdout.write(`${file}\n  the test process exited (code ${code}) while running this file\n\n`);
        }
        resolve();
      });
    });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  if ((await built).code !== 0) {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    return { name: "test:unit", code: 1, output: "", seconds: 0 };
  }

  const sum = (key: "total" | "passed" | "skipped") => results.reduce((n, r) => n + r[key], 0);
  const failed = results.filter((r) => r.failed || r.passed + r.skipped < r.total);
  const milliseconds = performance.now() - started;
  // uvu's summary, for people and for .ci/run.
  process.stdout.write(
    `  Total:     ${sum("total")}\n  Passed:    ${sum("passed")}\n  Skipped:   ${sum("skipped")}\n` +
      `  Duration:  ${milliseconds.toFixed(2)}ms (${jobs} test processes)\n\n`,
  );
  if (process.env.TEST_TIMES)
    for (const r of [...results].sort((a, b) => b.milliseconds - a.milliseconds))
      process.stdout.write(
        `${seconds(r.milliseconds)} s ${seconds(r.cpuMilliseconds)} s cpu ${seconds(r.childCpuMilliseconds)} s children  ${relative(REPO, r.file)}\n`,
      );
  if (failed.length > 0) process.stdout.write(`Failed: ${failed.map((r) => relative(REPO, r.file)).join(", ")}\n\n`);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  mkdirSync(dirname(TIMES), { recursive: true });
  writeFileSync(
    TIMES,
    JSON.stringify(
      Object.fromEntries(results.map((r) => [relative(REPO, r.file), Math.round(r.milliseconds)])),
      null,
      1,
    ),
  );
  return { name: "test:unit", code: failed.length > 0 ? 1 : 0, output: "", seconds: milliseconds / 1000 };
}

// 1. The build (the tests load configs that import "fawkes", which is dist/), beside lint, format and types;
//    the test processes start too, and load the code under test meanwhile.
const checks = sequence(
  () => npm("lint"),
  () => npm("format:check"),
  () => npm("typecheck"),
);
const building = npm("build");
const testing = runTests(testFiles(), JOBS, building);
const build = await building;

// 2. The tests, as soon as the build is done: the checks go on beside them, on the core the build has freed.
const tests = build.code === 0 ? await testing : (await testing, undefined);
const steps: Step[] = [build, ...(await checks), ...(tests ? [tests] : [])];

// 3. The held-back output of each failed step, and one line per step.
for (const step of steps) if (step.code !== 0 && step.name !== "test:unit") process.stdout.write(`\n${step.output}`);
for (const step of steps) {
  console.log(`${step.name}: ${step.code === 0 ? "ok" : `failed (exit ${step.code})`} in ${step.seconds.toFixed(1)} s`);
}
if (build.code !== 0) console.log("test:unit: not run, the build failed");
process.exitCode = steps.some((step) => step.code !== 0) ? 1 : 0;
