// `fawkes release` and `fawkes promote`: edit releases.yaml, then regenerate. On any failure the releases
// file is put back as it was.
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { promoteImage, releaseImage, type EditResult } from "../../core/releases-edit.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { buildTree } from "../build-tree.ts";
import type { SourceOptions } from "../load-sources.ts";
import type { Io } from "../output.ts";
import { generateCommand } from "./generate.ts";

type Edit = (model: ResolvedConfig, source: string) => EditResult;

async function applyEdit(options: SourceOptions, io: Io, edit: Edit, describe: (r: Extract<EditResult, { ok: true }>) => string): Promise<number> {
  const built = await buildTree(options, io);
  if (!built) return 1;
  const releasesPath = resolve(options.cwd, built.releasesFile);
  const before = await readFile(releasesPath, "utf8").catch(() => "");
  const result = edit(built.model, before);
  if (!result.ok) {
    io.err(`fawkes: ${result.message}${result.hint ? ` (${result.hint})` : ""}`);
    return 1;
  }
  await writeFile(releasesPath, result.source);
  const code = await generateCommand(options, io);
  if (code !== 0) {
    await writeFile(releasesPath, before);
    io.err(`fawkes: ${built.releasesFile} was restored`);
    return code;
  }
  io.out(describe(result));
  return 0;
}

export function releaseCommand(options: SourceOptions & { service: string; env: string; imageTag: string; force: boolean }, io: Io): Promise<number> {
  return applyEdit(options, io, (model, source) => releaseImage(model, source, options.service, options.env, options.imageTag, options.force),
    (r) => `released ${options.service} ${options.imageTag} to ${options.env}${r.previous ? ` (was ${r.previous})` : ""}`);
}

export function promoteCommand(options: SourceOptions & { service: string; from: string; to: string; force: boolean }, io: Io): Promise<number> {
  return applyEdit(options, io, (model, source) => promoteImage(model, source, options.service, options.from, options.to, options.force),
    (r) => `promoted ${options.service} from ${options.from} to ${options.to}${r.previous ? ` (was ${r.previous})` : ""}`);
}
