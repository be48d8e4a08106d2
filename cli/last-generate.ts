// What the last successful `generate` of this repository produced, kept so that the next one, from the same
// inputs, need not build the tree again: a no-op generate then costs loading the config and hashing the files
// on disk. Kept in node_modules/.cache/fawkes/last-generate.json, where the Markdown cache is: machine-local,
// never committed, so CI on a clean checkout always builds; `check` and `plan` never read it.
//
// The entry is used only when both hold:
// - the key matches: the same sources (every field of the pipeline's input; the pipeline is a pure function of them),
//   the same Fawkes build (a hash of dist/bundle/, written by scripts/bundle.ts), the same installed packages
//   (npm's node_modules/.package-lock.json) and the same Node;
// - the disk holds exactly the files that generate wrote, byte for byte (sha256), and nothing else where only
//   generated output may be: an edited, missing or extra file takes the full path, which reports and mends it.
// Without a build id (Fawkes run from source, as the tests do in-process) or a lock file (not installed by npm)
// there is no key, and every generate builds.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile, stat, utimes } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serialize } from "node:v8";
import type { FileTree } from "../core/file-tree.ts";
import type { PipelineInput } from "../core/pipeline.ts";
import type { LocatedProblem } from "../core/problems.ts";
import { writeCacheFile } from "./cache-file.ts";
import { contentHash, fileHash } from "./content-hash.ts";
import type { DiskRead } from "./disk.ts";

/** Written beside the bundle's chunks by scripts/bundle.ts: a hash of every file of the bundle. */
export const BUILD_ID_FILE = "build-id.txt";

const FORMAT = "fawkes-last-generate-1";

export interface LastGenerate {
  readonly key: string;
  /** Every file of the tree (the list of owned files included) and the hash of its bytes, in tree order. */
  readonly files: readonly (readonly [path: string, hash: string])[];
  /** The warnings that generate printed. */
  readonly warnings: readonly LocatedProblem[];
  /** When the record was written (its file's modification time, ms): a config changed since is newer. */
  readonly writtenMs?: number;
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** npm's record of what is installed, in the nearest node_modules above `dir`. */
function installedPackages(dir: string): Buffer | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const lock = readOptional(join(at, "node_modules/.package-lock.json"));
    if (lock) return lock;
    if (dirname(at) === at) return undefined;
  }
}

/**
 * What this Fawkes is: its bundle's build id, the packages installed beside it and Node's version; undefined
 * when any of them is unknown. `bundleDir` is where the running code is (the bundle's folder when built).
 */
export function toolIdentity(bundleDir = dirname(fileURLToPath(import.meta.url))): string | undefined {
  const build = readOptional(join(bundleDir, BUILD_ID_FILE));
  const packages = build && installedPackages(bundleDir);
  if (!build || !packages) return undefined;
  return createHash("sha256")
    .update(build)
    .update(packages)
    .update(`\n${process.version} ${process.platform}`)
    .digest("base64");
}

/**
 * The key of a generate from these sources by this tool: everything the pure pipeline reads, and its code;
 * undefined when the sources cannot be serialized (then there is no entry to use).
 */
export function generateKey(sources: PipelineInput, tool: string): string | undefined {
  const input = {
    configFile: sources.configFile,
    configSource: sources.configSource,
    config: sources.config,
    releasesFile: sources.releasesFile,
    releasesSource: sources.releasesSource,
    allocationsSource: sources.allocationsSource,
    scoreSources: sources.scoreSources,
    repo: sources.repo,
  } satisfies Record<
    Exclude<keyof PipelineInput, "markdownCache" | "textChecks" | "configTextCache" | "celTrees">,
    unknown
  >;
  try {
    return createHash("sha256").update(`${FORMAT}\n${tool}\n`).update(serialize(input)).digest("base64");
  } catch {
    return undefined;
  }
}

const fileOf = (root: string) => join(root, "node_modules/.cache/fawkes/last-generate.json");

export async function readLastGenerate(root: string): Promise<LastGenerate | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(fileOf(root), "utf8"), stat(fileOf(root))]);
    const entry = JSON.parse(text) as Partial<LastGenerate> & { format?: string };
    if (entry.format !== FORMAT || typeof entry.key !== "string" || !Array.isArray(entry.files)) return undefined;
    return { key: entry.key, files: entry.files, warnings: entry.warnings ?? [], writtenMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Dates the record now (its text unchanged); nothing when there is none. */
export async function touchLastGenerate(root: string): Promise<void> {
  const now = new Date();
  await utimes(fileOf(root), now, now).catch(() => undefined);
}

export async function writeLastGenerate(
  root: string,
  key: string,
  tree: FileTree,
  warnings: readonly LocatedProblem[],
): Promise<void> {
  const files = [...tree.values()].map((f) => [f.path, fileHash(f)] as const);
  await writeCacheFile(fileOf(root), JSON.stringify({ format: FORMAT, key, files, warnings }));
}

/**
 * Whether the disk, as the early read found it, holds exactly the files of `last`: each with the same bytes,
 * none missing, and no other owned or exclusive-root file (the early read lists those).
 */
export function diskMatches(last: LastGenerate, read: DiskRead): boolean {
  const found = read.hashes ?? read.files;
  if (found.size !== last.files.length) return false;
  for (const [path, hash] of last.files) {
    const onDisk = read.hashes ? read.hashes.get(path) : read.files.get(path);
    if (onDisk === undefined || (read.hashes ? onDisk : contentHash(onDisk)) !== hash) return false;
  }
  return true;
}
