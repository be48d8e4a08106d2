// The policies' parsed CEL of earlier runs (core/cel.ts), on disk under node_modules/.cache/fawkes/cel (beside
// the Markdown cache): one file for this Fawkes, named by the hash of its bundle, its installed packages (the
// parser among them) and Node, holding every tree of the last run that parsed one, in V8's serialization (a tree
// holds 64-bit integers, which JSON does not). Each tree is kept under its whole text. A missing, unwritable or
// damaged cache only costs time.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { CelTree, CelTreeCache } from "../core/cel.ts";
import { writeCacheFile } from "./cache-file.ts";
import { toolIdentity } from "./last-generate.ts";

export const CEL_CACHE = "node_modules/.cache/fawkes/cel";

const isEntry = (entry: unknown): entry is [string, CelTree] =>
  Array.isArray(entry) &&
  entry.length === 2 &&
  typeof entry[0] === "string" &&
  typeof entry[1] === "object" &&
  entry[1] !== null &&
  (entry[1] as { $typeName?: unknown }).$typeName === "cel.expr.ParsedExpr";

/** The trees a file holds, or none when it holds anything else. */
function treesOf(bytes: Uint8Array): ReadonlyMap<string, CelTree> {
  let entries: unknown;
  try {
    entries = deserialize(bytes);
  } catch {
    return new Map();
  }
  return Array.isArray(entries) && entries.every(isEntry) ? new Map(entries) : new Map();
}

/** The cache of the repository at `root`, its file read from now; none without this Fawkes's identity. */
export function celTreeCache(root: string, tool = toolIdentity()): CelTreeCache | undefined {
  if (tool === undefined) return undefined;
  const file = join(root, CEL_CACHE, `${createHash("sha256").update(tool).digest("hex")}.bin`);
  return {
    trees: readFile(file).then(treesOf, () => new Map()),
    keep: (trees) => writeCacheFile(file, serialize([...trees])),
  };
}
