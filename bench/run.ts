// `npm run bench [-- 1000 5000 20000]`: wall time and peak memory of validate, generate (from empty and with
// nothing to change), check and plan on synthetic platforms, beside the floor: the same objects serialized
// with the `yaml` package and written with fs, one file at a time, nothing else. Benchmarks measure speed;
// they assert nothing.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { readOwnership } from "../core/manifest.ts";
import { MANIFEST_PATH } from "../core/output-roots.ts";
import { releasesText, syntheticPlatform } from "./synthetic-config.ts";

interface Sample {
  readonly wallMs: number;
  readonly maxRssMiB: number;
}

/**
 * Where the platforms are written: memory (/dev/shm) where the machine has it, so that the disk does not decide
 * the ratios (on a virtual disk, writing the same 6,758 files took 0.35 s in one run and 1.7 s in the next).
 */
const WORK = (() => {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
})();

function measure(args: string[]): Sample {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(import.meta.dirname, "child.ts"), ...args], { encoding: "utf8" });
  const wallMs = performance.now() - started;
  if (result.status !== 0 && !(args[0] === "cli" && args.includes("check")))
    throw new Error(`${args.join(" ")} failed:\n${result.stderr}`);
  const last = JSON.parse(result.stdout.trim().split("\n").pop()!) as { ms: number; maxRssMiB: number };
  return { wallMs: args[0] === "floor" ? last.ms : wallMs, maxRssMiB: last.maxRssMiB };
}

function writePlatform(dir: string, services: number): void {
  const { config, releases } = syntheticPlatform(services);
  writeFileSync(join(dir, "fawkes.config.ts"), `export default ${JSON.stringify(config, null, 2)};\n`);
  writeFileSync(join(dir, "releases.yaml"), releasesText(releases));
}

/**
 * The objects of the generated tree, per file, as plain data: the floor's input. Read from the files the first
 * generate wrote, one at a time, and written one file a line, so that neither this process nor the floor holds
 * the whole platform: at 20,000 services that is 585 MB of YAML.
 */
function dumpObjects(dir: string, dump: string): { files: number; objects: number } {
  const owned = readOwnership(readFileSync(join(dir, MANIFEST_PATH), "utf8"), undefined);
  if (!owned) throw new Error(`${dir} has no ${MANIFEST_PATH}: did generate fail?`);
  const fd = openSync(dump, "w");
  let objects = 0;
  try {
    for (const path of owned.paths) {
      if (!path.endsWith(".yaml")) continue;
      const documents = parseAllDocuments(readFileSync(join(dir, path), "utf8")).map((d) => d.toJS());
      objects += documents.length;
      writeSync(fd, `${JSON.stringify([path, documents])}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return { files: owned.paths.size + 1, objects };
}

/** The steps measured on each platform, in the table's order (the floor first). */
const STEPS = {
  floor: "floor (yaml + fs)",
  validate: "validate",
  cold: "generate (empty tree)",
  warm: "generate (nothing to change, tree built)",
  again: "generate (nothing to change, same inputs as the last generate)",
  check: "check",
  plan: "plan (one change, against the previous commit)",
} as const;
type Step = keyof typeof STEPS;

/** Every step once, on a fresh platform of `services`. */
function measurePlatform(services: number): { samples: Record<Step, Sample>; files: number; objects: number } {
  const dir = mkdtempSync(join(WORK, `fawkes-bench-${services}-`));
  const floorDir = mkdtempSync(join(WORK, `fawkes-floor-${services}-`));
  const dump = join(WORK, `fawkes-objects-${services}-${process.pid}.jsonl`);
  try {
    writePlatform(dir, services);
    const validate = measure(["cli", "validate", "-C", dir]);
    const cold = measure(["cli", "generate", "-C", dir]);
    const { files, objects } = dumpObjects(dir, dump);
    const floor = measure(["floor", dump, floorDir]);
    // The first generate wrote an input of the next (.fawkes/allocations.json), so this one builds the tree and
    // finds nothing to write; the next, from the same inputs, reuses what it remembers (cli/last-generate.ts).
    const warm = measure(["cli", "generate", "-C", dir]);
    const again = measure(["cli", "generate", "-C", dir]);
    const check = measure(["cli", "check", "-C", dir]);
    // plan: commit the output, change one service's replicas, compare with the commit.
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example", ...args], { cwd: dir });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    writeFileSync(
      join(dir, "fawkes.config.ts"),
      readFileSync(join(dir, "fawkes.config.ts"), "utf8").replace('"prod": 3', '"prod": 4'),
    );
    const plan = measure(["cli", "plan", "--base", "HEAD", "-C", dir]);
    return { samples: { floor, validate, cold, warm, again, check, plan }, files, objects };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
    rmSync(dump, { force: true });
  }
}

/**
 * How many times each platform is measured: one run of a step differs from the next by 10-15 % on a small
 * virtual machine, so up to 5,000 services every step is the median of three runs (each on a fresh platform),
 * its peak that of the same run. `BENCH_RUNS` sets it for every size.
 */
const runsFor = (services: number) => Number(process.env.BENCH_RUNS) || (services <= 5000 ? 3 : 1);

/** The run whose wall time is the median. */
function median(samples: readonly Sample[]): Sample {
  return [...samples].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((samples.length - 1) / 2)]!;
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const rows: string[] = [];
const fmt = (s: Sample, floor: Sample) =>
  `${(s.wallMs / 1000).toFixed(2)} s | ${s.maxRssMiB.toFixed(0)} MiB | ${(s.wallMs / floor.wallMs).toFixed(2)}×`;
for (const services of sizes.length > 0 ? sizes : [100, 1000]) {
  const runs = Array.from({ length: runsFor(services) }, () => measurePlatform(services));
  const step = (name: Step) => median(runs.map((run) => run.samples[name]));
  const floor = step("floor");
  const { files, objects } = runs[0]!;
  const of = runs.length > 1 ? ` (medians of ${runs.length} runs)` : "";
  rows.push(
    ...(Object.keys(STEPS) as Step[]).map((name, i) =>
      i === 0
        ? `| ${services}${of} | ${files} files, ${objects} objects | ${STEPS.floor} | ${(floor.wallMs / 1000).toFixed(2)} s | ${floor.maxRssMiB.toFixed(0)} MiB | 1.00× |`
        : `| | | ${STEPS[name]} | ${fmt(step(name), floor)} |`,
    ),
  );
}
const machine = [
  `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
  `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  `Node ${process.version}`,
  process.platform,
  `files in ${WORK === "/dev/shm" ? "memory (/dev/shm)" : WORK}`,
].join(", ");
const table = ["| services | output | step | wall | peak RSS | vs floor |", "|---|---|---|---|---|---|", ...rows].join(
  "\n",
);
console.log(`Machine: ${machine}\n${table}`);
if (process.env.BENCH_WRITE !== "0") {
  // The run replaces the page's table; the sections written by hand after it (from the first `## `) stay.
  const page = join(import.meta.dirname, "../docs/benchmarks.md");
  const previous = existsSync(page) ? readFileSync(page, "utf8") : "";
  const sections = previous.indexOf("\n## ");
  writeFileSync(
    page,
    [
      "# Benchmarks",
      "",
      "`npm run bench` generates synthetic platforms (50 teams, 3 environments, a mix of public and internal APIs,",
      "workers and cron jobs with secrets, dependencies and exposure) and measures each step in a fresh process:",
      "wall time (start-up included) and peak RSS. The floor is the same objects serialized with the `yaml`",
      "package and written with `fs`, nothing else. Every validation, the policy preflight and the ArgoCD",
      "reference check stay on.",
      "",
      `Machine: ${machine}.`,
      "",
      table,
      ...(sections >= 0 ? [previous.slice(sections)] : [""]),
    ].join("\n"),
  );
}
