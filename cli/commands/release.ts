// `fawkes release` and `fawkes promote`: edit releases.yaml, then regenerate. On any failure the releases
// file is put back as it was.
import { promoteImage, releaseImage, type EditResult } from "../../core/releases-edit.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { buildTree } from "../build-tree.ts";
import { readRepoText, writeRepoFile } from "../disk.ts";
import type { SourceOptions } from "../load-sources.ts";
import { withLock } from "../lock.ts";
import type { Io } from "../output.ts";
import { createPathGuard, type PathGuard } from "../safe-path.ts";
import { generateLocked } from "./generate.ts";

type Edit = (model: ResolvedConfig, source: string) => EditResult;

async function applyEdit(
  options: SourceOptions,
  io: Io,
  command: string,
  edit: Edit,
  describe: (r: Extract<EditResult, { ok: true }>) => string,
): Promise<number> {
  const guard = await createPathGuard(options.cwd);
  return withLock(guard, command, io, () => applyEditLocked(options, guard, io, edit, describe));
}

async function applyEditLocked(
  options: SourceOptions,
  guard: PathGuard,
  io: Io,
  edit: Edit,
  describe: (r: Extract<EditResult, { ok: true }>) => string,
): Promise<number> {
  // Warnings are printed once, by the generate after the edit, for the state the edit leaves.
  const built = await buildTree(options, io, { warnings: false });
  if (!built) return 1;
  const before = (await readRepoText(guard, built.releasesFile)) ?? "";
  const result = edit(built.model, before);
  if (!result.ok) {
    io.err(`fawkes: ${result.message}${result.hint ? ` (${result.hint})` : ""}`);
    return 1;
  }
  await writeRepoFile(guard, built.releasesFile, result.source);
  let code: number;
  try {
    code = await generateLocked(options, guard, io);
  } catch (error) {
    await writeRepoFile(guard, built.releasesFile, before);
    io.err(`fawkes: ${built.releasesFile} was restored`);
    throw error;
  }
  if (code !== 0) {
    await writeRepoFile(guard, built.releasesFile, before);
    io.err(`fawkes: ${built.releasesFile} was restored`);
    return code;
  }
  io.out(describe(result));
  return 0;
}

export function releaseCommand(
  options: SourceOptions & { service: string; env: string; imageTag: string; force: boolean },
  io: Io,
): Promise<number> {
  return applyEdit(
    options,
    io,
    "release",
    (model, source) => releaseImage(model, source, options.service, options.env, options.imageTag, options.force),
    (r) =>
      `released ${options.service} ${options.imageTag} to ${options.env}${r.previous ? ` (was ${r.previous})` : ""}`,
  );
}

export function promoteCommand(
  options: SourceOptions & { service: string; from: string; to: string; force: boolean },
  io: Io,
): Promise<number> {
  return applyEdit(
    options,
    io,
    "promote",
    (model, source) => promoteImage(model, source, options.service, options.from, options.to, options.force),
    (r) =>
      `promoted ${options.service} from ${options.from} to ${options.to}${r.previous ? ` (was ${r.previous})` : ""}`,
  );
}
