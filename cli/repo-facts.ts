// Reads what the repository holds where that changes the output (core/repo-facts.ts): existing paths and
// whether package.json has tests of its own.
import { lstat } from "node:fs/promises";
import { PROBED_PATHS, hasTestScript, type RepoFacts } from "../core/repo-facts.ts";
import { readRepoText } from "./disk.ts";
import type { PathGuard } from "./safe-path.ts";

/** Facts are hints, never a reason to stop: a path behind a link (refused by the guard) counts as absent. */
async function exists(guard: PathGuard, path: string): Promise<boolean> {
  const target = await guard.resolve(path.replace(/\/$/, "")).catch(() => undefined);
  if (target === undefined) return false;
  return lstat(target).then(
    (stats) => (path.endsWith("/") ? stats.isDirectory() : stats.isFile()),
    () => false,
  );
}

export async function readRepoFacts(guard: PathGuard): Promise<RepoFacts> {
  const [found, packageJson] = await Promise.all([
    Promise.all(PROBED_PATHS.map(async (path) => ((await exists(guard, path)) ? [path] : []))),
    readRepoText(guard, "package.json").catch(() => undefined),
  ]);
  return { present: new Set(found.flat()), testScript: hasTestScript(packageJson) };
}
