// The manifest of owned files: which files Fawkes wrote, what produced each, and a hash of its bytes, so
// `generate` deletes only its own stale files and `check` can tell a hand edit from a stale output.
import { createHash } from "node:crypto";
import type { FileTree, RenderedFile } from "./file-tree.ts";
import { MANIFEST_PATH } from "./output-roots.ts";
import { renderJson } from "./render-yaml.ts";

export interface ManifestEntry {
  readonly sha256: string;
  readonly sources: readonly string[];
}

export interface Manifest {
  readonly version: 1;
  /** Hash of the validated config (not its comments or layout): tells a stale output from a changed generator. */
  readonly configSha256: string;
  readonly generator: string;
  readonly files: Readonly<Record<string, ManifestEntry>>;
}

export function sha256(content: string): string {
  return createHash("sha256").update(content).digest("hex");
}

export function buildManifest(tree: FileTree, configSha256: string, generator: string): Manifest {
  const files: Record<string, ManifestEntry> = {};
  for (const file of tree.values()) files[file.path] = { sha256: sha256(file.content), sources: file.sources };
  return { version: 1, configSha256, generator, files };
}

export function renderManifest(manifest: Manifest): RenderedFile {
  return { path: MANIFEST_PATH, content: renderJson(manifest), sources: [] };
}

/** Reads a committed manifest; anything unreadable counts as no manifest (nothing is owned). */
export function parseManifest(content: string | undefined): Manifest | undefined {
  if (content === undefined) return undefined;
  try {
    const parsed = JSON.parse(content) as Partial<Manifest>;
    if (parsed.version !== 1 || typeof parsed.files !== "object" || parsed.files === null) return undefined;
    return parsed as Manifest;
  } catch {
    return undefined;
  }
}
