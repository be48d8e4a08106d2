// The policies' parsed CEL of earlier runs (core/cel.ts), on disk under node_modules/.cache/fawkes/cel (beside
// the Markdown cache): one file for this Fawkes, named by the hash of its bundle, its installed packages (the
// parser among them) and Node, holding the trees of the last run that parsed one, each under its whole text, in
// V8's serialization (a tree holds 64-bit integers, which JSON does not). Writing it removes the files of other
// builds. The file carries the sha256 of its trees: a torn or damaged file is not used, and a missing or
// unwritable one only costs time.
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { CelTree, CelTreeCache } from "../core/cel.ts";
import { writeCacheFile } from "./cache-file.ts";
import { toolIdentity } from "./last-generate.ts";

export const CEL_CACHE = "node_modules/.cache/fawkes/cel";
const FORMAT = "fawkes-cel-trees-1";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const isEntry = (entry: unknown): entry is [string, CelTree] =>
  Array.isArray(entry) &&
  entry.length === 2 &&
  typeof entry[0] === "string" &&
  isObject(entry[1]) &&
  entry[1].$typeName === "cel.expr.ParsedExpr" &&
  isObject(entry[1].expr) &&
  entry[1].expr.$typeName === "cel.expr.Expr";

/** The file's bytes for these trees: the format, the sha256 of the serialized trees, and those. */
export function celCacheBytes(trees: ReadonlyMap<string, CelTree>): Uint8Array {
  const payload = serialize([...trees]);
  return serialize([FORMAT, sha256(payload), payload]);
}

/** The trees a file holds, or none when it holds anything else. */
function treesOf(bytes: Uint8Array): ReadonlyMap<string, CelTree> {
  try {
    const [format, digest, payload] = deserialize(bytes) as unknown[];
    if (format !== FORMAT || !(payload instanceof Uint8Array) || digest !== sha256(payload)) return new Map();
    const entries: unknown = deserialize(payload);
    return Array.isArray(entries) && entries.every(isEntry) ? new Map(entries) : new Map();
  } catch {
    return new Map();
  }
}

/** The cache of the repository at `root`, its file read from now; none without this Fawkes's identity. */
export function celTreeCache(root: string, tool = toolIdentity()): CelTreeCache | undefined {
  if (tool === undefined) return undefined;
  const dir = join(root, CEL_CACHE);
  const file = join(dir, `${createHash("sha256").update(tool).digest("hex")}.bin`);
  return {
    trees: readFile(file).then(treesOf, () => new Map()),
    async keep(trees) {
      await writeCacheFile(file, celCacheBytes(trees));
      const others = await readdir(dir).catch(() => []);
      await Promise.all(
        others
          .filter((name) => /^[0-9a-f]{64}\.bin$/.test(name) && name !== basename(file))
          .map((name) => rm(join(dir, name), { force: true }).catch(() => undefined)),
      );
    },
  };
}
