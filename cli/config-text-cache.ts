// What parsing the config's text found on earlier runs (core/config-text-facts.ts: keys written twice, and where
// problems' paths are written), on disk under node_modules/.cache/fawkes/config-text (beside the Markdown cache):
// one small file per text, named by the hash of the text and of this Fawkes (its bundle and installed packages:
// the parse and the locator are its code). A run whose config is unchanged then does not parse it with Babel,
// even to locate its warnings. A missing, unwritable or damaged cache only costs time.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigTextCache, ConfigTextFacts } from "../core/config-text-facts.ts";
import type { Problem, SourcePosition } from "../core/problems.ts";
import { writeCacheFile } from "./cache-file.ts";
import { toolIdentity } from "./last-generate.ts";

export const CONFIG_TEXT_CACHE = "node_modules/.cache/fawkes/config-text";

const isLineOrColumn = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 1;

const isPosition = (value: unknown): value is SourcePosition =>
  typeof value === "object" &&
  value !== null &&
  isLineOrColumn((value as SourcePosition).line) &&
  isLineOrColumn((value as SourcePosition).column);

const isProblem = (value: unknown): value is Problem =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Problem).code === "string" &&
  typeof (value as Problem).message === "string" &&
  Array.isArray((value as Problem).path);

/** The facts an entry holds, or undefined when it holds anything else. */
function factsOf(entry: unknown): ConfigTextFacts | undefined {
  if (typeof entry !== "object" || entry === null) return undefined;
  const { duplicateKeys, positions } = entry as Partial<Record<keyof ConfigTextFacts, unknown>>;
  if (!Array.isArray(duplicateKeys) || !duplicateKeys.every(isProblem)) return undefined;
  if (typeof positions !== "object" || positions === null || !Object.values(positions).every(isPosition))
    return undefined;
  return { duplicateKeys, positions: positions as Record<string, SourcePosition> };
}

/** The file that holds what was found for `source` by the Fawkes `tool`, in the repository at `root`. */
export function configTextCacheFile(root: string, tool: string, source: string): string {
  return join(root, CONFIG_TEXT_CACHE, `${createHash("sha256").update(`${tool}\n${source}`).digest("hex")}.json`);
}

/** The cache of the repository at `root`; none without this Fawkes's identity (a build without its id). */
export function configTextCache(root: string, tool = toolIdentity()): ConfigTextCache | undefined {
  if (tool === undefined) return undefined;
  const fileOf = (source: string) => configTextCacheFile(root, tool, source);
  return {
    async get(source) {
      try {
        return factsOf(JSON.parse(await readFile(fileOf(source), "utf8")));
      } catch {
        return undefined;
      }
    },
    set: (source, facts) => writeCacheFile(fileOf(source), JSON.stringify(facts)),
  };
}
