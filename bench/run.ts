// `npm run bench [-- 1000 5000 20000]`: wall time and peak memory of validate, generate (from empty and with
// nothing to change), check and plan on this repository's example and on synthetic platforms, beside the floor: the same objects serialized
// with the `yaml` package and written with fs, one file at a time, nothing else. Benchmarks measure speed;
// they assert nothing.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  closeSync,
  cpSync,
  constants,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
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

/** `["cli", …args]`: a fawkes command (bench/cli-child.js); `["floor", dump, dir]`: the floor (bench/child.ts). */
function measure(args: string[]): Sample {
  const started = performance.now();
  const [mode, ...rest] = args;
  const child = mode === "cli" ? ["cli-child.js", ...rest] : ["child.ts", ...args];
  const result = spawnSync(process.execPath, [join(import.meta.dirname, child[0]!), ...child.slice(1)], {
    encoding: "utf8",
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0 && !(args[0] === "cli" && args.includes("check")))
    throw new Error(`${args.join(" ")} failed:\n${result.stderr}`);
  const last = JSON.parse(result.stdout.trim().split("\n").pop()!) as { ms: number; maxRssMiB: number };
  return { wallMs: args[0] === "floor" ? last.ms : wallMs, maxRssMiB: last.maxRssMiB };
}

/** What is measured: the platform a folder is filled with, and the one change `plan` is measured on. */
interface Platform {
  /** The table's first column. */
  readonly label: string;
  /** How many times it is measured (each time on a fresh folder). */
  readonly runs: number;
  write(dir: string): void;
  /** Changes one input (the config or the releases): `plan` then compares the tree with the committed one. */
  change(dir: string): void;
}

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${path} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}

/**
 * How many times each platform is measured: one run of a step differs from the next by 10-15 % on a small
 * virtual machine, so up to 5,000 services every step is the median of three runs (each on a fresh platform),
 * its peak that of the same run. `BENCH_RUNS` sets it for every size.
 */
const runsFor = (services: number) => Number(process.env.BENCH_RUNS) || (services <= 5000 ? 3 : 1);

function synthetic(services: number): Platform {
  return {
    label: String(services),
    runs: runsFor(services),
    write(dir) {
      const { config, releases } = syntheticPlatform(services);
      writeFileSync(join(dir, "fawkes.config.ts"), `export default ${JSON.stringify(config, null, 2)};\n`);
      writeFileSync(join(dir, "releases.yaml"), releasesText(releases));
    },
    change: (dir) => edit(join(dir, "fawkes.config.ts"), '"prod": 3', '"prod": 4'),
  };
}

/** This repository's example (the first rows): its config, releases and Score files, importing `fawkes`. */
const REPO = join(import.meta.dirname, "..");
const EXAMPLE: Platform = {
  label: "example",
  runs: Number(process.env.BENCH_RUNS) || 5,
  write(dir) {
    for (const file of ["package.json", "fawkes.config.ts", "releases.yaml", "services"])
      cpSync(join(REPO, file), join(dir, file), { recursive: true });
    // `import … from "fawkes"` resolves to this package's built modules, as in this repository. (No link to its
    // node_modules: the copy's caches, .cache/fawkes under it, are the copy's own.)
    symlinkSync(join(REPO, "dist"), join(dir, "dist"));
  },
  // A release: checkout-api's new tag in prod.
  change: (dir) => edit(join(dir, "releases.yaml"), "prod: 3b7a0d5", "prod: 3b7a0d6"),
};

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

/** Every step once, on a fresh folder holding the platform. */
function measurePlatform(platform: Platform): { samples: Record<Step, Sample>; files: number; objects: number } {
  const dir = mkdtempSync(join(WORK, `fawkes-bench-${platform.label}-`));
  const floorDir = mkdtempSync(join(WORK, `fawkes-floor-${platform.label}-`));
  const dump = join(WORK, `fawkes-objects-${platform.label}-${process.pid}.jsonl`);
  try {
    platform.write(dir);
    const validate = measure(["cli", "validate", "-C", dir]);
    const cold = measure(["cli", "generate", "-C", dir]);
    const { files, objects } = dumpObjects(dir, dump);
    const floor = measure(["floor", dump, floorDir]);
    // The first generate wrote an input of the next (.fawkes/allocations.json), so this one builds the tree and
    // finds nothing to write; the next, from the same inputs, reuses what it remembers (cli/last-generate.ts).
    const warm = measure(["cli", "generate", "-C", dir]);
    const again = measure(["cli", "generate", "-C", dir]);
    const check = measure(["cli", "check", "-C", dir]);
    // plan: commit the output, change one input, compare with the commit.
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example", ...args], { cwd: dir });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    platform.change(dir);
    const plan = measure(["cli", "plan", "--base", "HEAD", "-C", dir]);
    return { samples: { floor, validate, cold, warm, again, check, plan }, files, objects };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
    rmSync(dump, { force: true });
  }
}

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
// The example first: the goals for it are absolute (validate ≤ 0.25 s, a generate with nothing to
// change ≤ 0.6 s); the synthetic platforms' are ratios to their floors.
for (const platform of [EXAMPLE, ...(sizes.length > 0 ? sizes : [100, 1000]).map(synthetic)]) {
  const runs = Array.from({ length: platform.runs }, () => measurePlatform(platform));
  const step = (name: Step) => median(runs.map((run) => run.samples[name]));
  const floor = step("floor");
  const { files, objects } = runs[0]!;
  const of = runs.length > 1 ? ` (medians of ${runs.length} runs)` : "";
  rows.push(
    ...(Object.keys(STEPS) as Step[]).map((name, i) =>
      i === 0
        ? `| ${platform.label}${of} | ${files} files, ${objects} objects | ${STEPS.floor} | ${(floor.wallMs / 1000).toFixed(2)} s | ${floor.maxRssMiB.toFixed(0)} MiB | 1.00× |`
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
      "`npm run bench` measures this repository's example (its config, releases and Score files, copied) and",
      "synthetic platforms (50 teams, 3 environments, a mix of public and internal APIs, workers and cron jobs",
      "with secrets, dependencies and exposure), each step in a fresh process, as users run it (`bin/fawkes.js`):",
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
