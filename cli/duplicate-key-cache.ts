// What the duplicate-key check found in the config's text on earlier runs, on disk under
// node_modules/.cache/fawkes/duplicate-keys (beside the Markdown cache): one small file per text, named by the hash
// of the text and of this Fawkes (its bundle and installed packages: the check is its code). A run whose config is
// unchanged then does not parse it with Babel unless a problem must be located in it. A missing, unwritable or
// damaged cache only costs time.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DuplicateKeyCache } from "../core/pipeline.ts";
import type { Problem } from "../core/problems.ts";
import { writeCacheFile } from "./cache-file.ts";
import { toolIdentity } from "./last-generate.ts";

/** The cache of the repository at `root`; none without this Fawkes's identity (a build without its id). */
export function duplicateKeyCache(root: string, tool = toolIdentity()): DuplicateKeyCache | undefined {
  if (tool === undefined) return undefined;
  const dir = join(root, "node_modules/.cache/fawkes/duplicate-keys");
  const fileOf = (source: string) =>
    join(dir, `${createHash("sha256").update(`${tool}\n${source}`).digest("hex")}.json`);
  return {
    async get(source) {
      try {
        const problems = JSON.parse(await readFile(fileOf(source), "utf8")) as unknown;
        return Array.isArray(problems) ? (problems as Problem[]) : undefined;
      } catch {
        return undefined;
      }
    },
    set: (source, problems) => writeCacheFile(fileOf(source), JSON.stringify(problems)),
  };
}
