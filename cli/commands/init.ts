// `fawkes init`: a new platform repository from nothing. Builds the starter config as data, validates and
// generates it in memory with the same pipeline as `generate`, stages every file in a folder inside the
// target and moves them into place only when all of them are written: on any error nothing is left behind.
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { runPipeline } from "../../core/pipeline.ts";
import { hasTestScript, JENKINS_LIBRARY_PATH } from "../../core/repo-facts.ts";
import {
  renderStarterConfig,
  renderStarterReleases,
  STARTER_DOCS_INDEX,
  starterConfig,
  starterPackageJson,
  starterReadme,
  starterReleases,
  type StarterOptions,
} from "../../core/starter.ts";
import { printProblems, plural, type Io } from "../output.ts";
import { readRepoFacts } from "../repo-facts.ts";
import { createPathGuard } from "../safe-path.ts";
import { PACKAGE_ROOT, VERSION } from "../version.ts";

/** What an "empty" repository may already hold: git, and fawkes installed with npm (`npm install fawkes`). */
export const ALLOWED_BEFORE_INIT: readonly string[] = [
  ".git",
  ".npmrc",
  "node_modules",
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
];

export interface InitOptions {
  readonly cwd: string;
  readonly cloud: "aws" | "azure";
  readonly org?: string | undefined;
  readonly domain?: string | undefined;
  readonly format: "ts" | "yaml";
}

/** A DNS-1123 label from the folder's name, for an organisation not given. */
export function orgFromFolder(dir: string): string {
  const label = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return /^[a-z]/.test(label) ? label : "acme";
}

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch(() => undefined);
}

async function writeStaged(stage: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, content] of files) {
    await mkdir(dirname(join(stage, path)), { recursive: true });
    await writeFile(join(stage, path), content);
  }
}

/** Moves the staged top-level entries into the target; on a failure moves back what had moved. */
async function moveIntoPlace(stage: string, target: string): Promise<string[]> {
  const entries = (await readdir(stage)).sort();
  const moved: string[] = [];
  try {
    for (const entry of entries) {
      await rename(join(stage, entry), join(target, entry));
      moved.push(entry);
    }
  } catch (error) {
    for (const entry of moved.reverse()) await rename(join(target, entry), join(stage, entry)).catch(() => undefined);
    throw error;
  }
  return entries;
}

export async function initCommand(options: InitOptions, io: Io): Promise<number> {
  const target = resolve(options.cwd);
  // 1. Refuse a repository that already holds something of its own.
  const existing = await entriesOf(target);
  const foreign = existing.filter((e) => !ALLOWED_BEFORE_INIT.includes(e)).sort();
  if (foreign.length > 0) {
    io.err(`fawkes init: ${target} is not empty (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", …" : ""})`);
    io.err(
      `init starts a new platform repository; run it in an empty folder (only ${ALLOWED_BEFORE_INIT.join(", ")} may exist). Nothing was written.`,
    );
    return 1;
  }
  await mkdir(target, { recursive: true });
  const starter: StarterOptions = {
    cloud: options.cloud,
    org: options.org ?? orgFromFolder(target),
    domain: options.domain ?? `${options.org ?? orgFromFolder(target)}.example`,
    format: options.format,
    version: VERSION,
  };
  const configFile = options.format === "yaml" ? "fawkes.config.yaml" : "fawkes.config.ts";

  // 2. The files the repository owns from now on: config, releases, README, package.json, a docs home page,
  //    and the Jenkins shared library the generated Jenkins loads (shipped with the package).
  const config = starterConfig(starter);
  const releases = starterReleases();
  const own = new Map<string, string>([
    [configFile, renderStarterConfig(config, options.format)],
    ["releases.yaml", renderStarterReleases(releases)],
    ["README.md", starterReadme(starter, configFile)],
    [".gitignore", "node_modules/\n"],
    ["docs/index.md", STARTER_DOCS_INDEX],
  ]);
  const packageJson = await readOptional(join(target, "package.json"));
  if (packageJson === undefined) own.set("package.json", starterPackageJson(starter));

  const stage = join(target, `.fawkes-init-${process.pid}`);
  try {
    await writeStaged(stage, own);
    if (PACKAGE_ROOT !== undefined)
      await cp(join(PACKAGE_ROOT, JENKINS_LIBRARY_PATH), join(stage, JENKINS_LIBRARY_PATH), { recursive: true });

    // 3. Validate and generate in memory, with the facts of the repository as it will be.
    const facts = await readRepoFacts(await createPathGuard(stage));
    const result = await runPipeline({
      configFile,
      configSource: own.get(configFile)!,
      config: structuredClone(config),
      releasesFile: "releases.yaml",
      releasesSource: own.get("releases.yaml")!,
      repo: { ...facts, testScript: hasTestScript(packageJson) },
    });
    if (!result.ok) {
      printProblems(io, result.problems);
      return 1;
    }
    // 4. The generated tree beside them, then everything into place at once.
    await writeStaged(stage, new Map([...result.tree.values()].map((f) => [f.path, f.content])));
    await moveIntoPlace(stage, target);
    io.out(
      `fawkes init: a platform on ${options.cloud === "aws" ? "AWS" : "Azure"} for ${starter.org} in ${target}: ${configFile}, releases.yaml, README.md and ${plural(result.tree.size, "generated file")}.`,
    );
    io.out(
      packageJson === undefined
        ? "Next: npm install (commit package-lock.json), replace the placeholders in the config, then npx fawkes generate."
        : "Next: replace the placeholders in the config, then npx fawkes generate.",
    );
    return 0;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
