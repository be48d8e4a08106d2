// `npm test`, arranged for two cores: first the build beside the lint and format checks, then every test file
// in one uvu process beside the type check. uvu spends much of its time waiting for the `fawkes` processes the
// CLI tests start, so the type check fits beside it. uvu prints live, so its summary (Total, Passed, Skipped)
// stays where .ci/run reads it; the other outputs are held back and printed after it when a step fails.
// Exit 1 if any step fails.
import { spawn } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

interface Step {
  readonly name: string;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));

/** Runs a command and collects its output; a live one is also printed as it comes. */
function run(name: string, command: string, args: readonly string[], live = false): Promise<Step> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (live) stream.write(chunk);
    };
    child.stdout.on("data", collect(process.stdout));
    child.stderr.on("data", collect(process.stderr));
    child.on("close", (code) =>
      resolve({ name, code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

const npm = (script: string, live = false): Promise<Step> => run(script, "npm", ["run", "--silent", script], live);

async function sequence(...steps: (() => Promise<Step>)[]): Promise<Step[]> {
  const done: Step[] = [];
  for (const step of steps) done.push(await step());
  return done;
}

// 1. The build (the tests load configs that import "fawkes", which is dist/), beside lint and format.
const [build, checks] = await Promise.all([
  npm("build"),
  sequence(
    () => npm("lint"),
    () => npm("format:check"),
  ),
]);
const steps: Step[] = [build, ...checks];

// 2. The tests beside the type check.
if (build.code === 0) steps.push(...(await Promise.all([npm("test:unit", true), npm("typecheck")])));

// 3. The held-back output of each failed step, and one line per step.
for (const step of steps) if (step.code !== 0 && step.name !== "test:unit") process.stdout.write(`\n${step.output}`);
for (const step of steps) {
  console.log(`${step.name}: ${step.code === 0 ? "ok" : `failed (exit ${step.code})`} in ${step.seconds.toFixed(1)} s`);
}
if (build.code !== 0) console.log("test:unit and typecheck: not run, the build failed");
process.exitCode = steps.some((step) => step.code !== 0) ? 1 : 0;
