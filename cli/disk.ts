// The only module that reads and writes the repository. Writes are staged to temporary files first and then
// renamed into place, so a failure before the renames leaves every file as it was.
import { mkdir, readFile, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { FileTree, RenderedFile } from "../core/file-tree.ts";
import { EXCLUSIVE_ROOTS, MANIFEST_PATH } from "../core/output-roots.ts";
import type { Manifest } from "../core/manifest.ts";
import type { DiskFiles } from "../core/sync.ts";

/** Reads in flight at once. */
const READ_CONCURRENCY = 64;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"));
}

export async function readManifestText(root: string): Promise<string | undefined> {
  return readText(join(root, MANIFEST_PATH));
}

/** Reads every file the sync plan needs: generated paths, owned paths, and the exclusive roots' contents. */
export async function readDiskFiles(root: string, tree: FileTree, previous: Manifest | undefined): Promise<DiskFiles> {
  const paths = new Set<string>([...tree.keys(), ...Object.keys(previous?.files ?? {}), MANIFEST_PATH]);
  for (const dir of EXCLUSIVE_ROOTS) for (const path of await listFiles(root, dir)) paths.add(path);
  const files = new Map<string, string>();
  const queue = [...paths];
  // A bounded number of reads in flight: tens of thousands of files must not exhaust file descriptors.
  const worker = async (): Promise<void> => {
    for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
      const content = await readText(join(root, path));
      if (content !== undefined) files.set(path, content);
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  return files;
}

/** Writes and deletes; staged so that nothing changes unless every new file could be written. */
export async function applyChanges(root: string, writes: readonly RenderedFile[], deletes: readonly string[]): Promise<void> {
  const suffix = `.fawkes-${process.pid}.tmp`;
  const staged: string[] = [];
  try {
    for (const file of writes) {
      const target = join(root, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target + suffix, file.content);
      staged.push(target);
    }
  } catch (error) {
    await Promise.all(staged.map((target) => rm(target + suffix, { force: true })));
    throw error;
  }
  for (const target of staged) await rename(target + suffix, target);
  for (const path of deletes) {
    await rm(join(root, path), { force: true });
    await removeEmptyParents(root, dirname(path));
  }
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current !== "." && current !== ""; current = dirname(current)) {
    try {
      await rmdir(join(root, current));
    } catch {
      return;
    }
  }
}
