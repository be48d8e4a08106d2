// The committed list of owned files, `.fawkes/owned.txt`: paths only, one a line, sorted, so that pull requests
// touching different services never conflict in it (a release changes no path at all). What produced each
// file is recomputed from the in-memory generation (`explain`, `check`), never stored; whether a drifted
// file was edited by hand is told from Git (cli/drift-reason.ts), not from hashes that every PR rewrites.
import type { FileTree, RenderedFile } from "./file-tree.ts";
import { generatedNotice } from "./header.ts";
import { MANIFEST_PATH } from "./output-roots.ts";
import { NO_SOURCES } from "./provenance.ts";

/** The files Fawkes owns: only these are ever overwritten or deleted. */
export interface Ownership {
  readonly paths: ReadonlySet<string>;
  /** Read from the old `.fawkes/manifest.json`, which the next generate replaces by `.fawkes/owned.txt`. */
  readonly legacy: boolean;
}

export function renderManifest(tree: FileTree, configFile?: string): RenderedFile {
  const paths = [...tree.keys()].filter((p) => p !== MANIFEST_PATH).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const header = [
    `# ${generatedNotice(configFile)}`,
    "# The files Fawkes owns, one a line: generate overwrites and deletes only these.",
  ];
  return { path: MANIFEST_PATH, content: `${[...header, ...paths].join("\n")}\n`, sources: NO_SOURCES };
}

/** Git's conflict markers: a merge that stopped in this file still owns what either side owned. */
const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})( |$)/;

/** Reads `.fawkes/owned.txt`: every line but comments, blanks and conflict markers is an owned path. */
export function parseManifest(content: string | undefined): ReadonlySet<string> | undefined {
  if (content === undefined) return undefined;
  const lines = content.split(/\r?\n/).map((l) => l.trim());
  return new Set(lines.filter((l) => l !== "" && !l.startsWith("#") && !CONFLICT_MARKER.test(l)));
}

/** Reads the old `.fawkes/manifest.json` (version 1: paths with hashes and sources), for one migration. */
export function parseLegacyManifest(content: string | undefined): ReadonlySet<string> | undefined {
  if (content === undefined) return undefined;
  try {
    const parsed = JSON.parse(content) as { version?: unknown; files?: unknown };
    if (
      parsed.version !== 1 ||
      typeof parsed.files !== "object" ||
      parsed.files === null ||
      Array.isArray(parsed.files)
    )
      return undefined;
    return new Set(Object.keys(parsed.files));
  } catch {
    return undefined;
  }
}

/**
 * What the repository says Fawkes owns: the list and, until generate migrates it, the old manifest (both,
 * when a merge brought one back beside the other); undefined when there is neither.
 */
export function readOwnership(ownedText: string | undefined, legacyText: string | undefined): Ownership | undefined {
  const owned = parseManifest(ownedText);
  const legacy = parseLegacyManifest(legacyText);
  if (!owned && !legacy) return undefined;
  return { paths: new Set([...(owned ?? []), ...(legacy ?? [])]), legacy: legacy !== undefined };
}
