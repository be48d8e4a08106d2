// What it takes to bring the disk in line with the generated tree: pure set arithmetic over paths and bytes,
// shared by `generate` (which then writes) and `check` (which reports).
import type { FileTree, RenderedFile } from "./file-tree.ts";
import type { Ownership } from "./manifest.ts";
import {
  EXCLUSIVE_ROOTS,
  LEGACY_MANIFEST_PATH,
  MANIFEST_PATH,
  isInsideRoots,
  isSafeRelativePath,
} from "./output-roots.ts";
import { compareStrings } from "./problems.ts";

/** The files on disk that matter: every generated path, every owned path, everything under the exclusive roots. */
export type DiskFiles = ReadonlyMap<string, string>;

export interface ChangedFile {
  readonly file: RenderedFile;
  readonly before: string;
}

export interface SyncPlan {
  readonly added: readonly RenderedFile[];
  readonly changed: readonly ChangedFile[];
  readonly unchanged: number;
  /** Owned files the config no longer produces (and the old manifest, once migrated): deleted by generate. */
  readonly stale: readonly string[];
  /** Files in the way that Fawkes does not own: generate refuses to replace them. */
  readonly conflicts: readonly string[];
  /** Unowned files inside folders that hold only generated output (ArgoCD would sync them). */
  readonly unexpected: readonly string[];
}

/** Line endings do not count: a checkout with `core.autocrlf=true` turns every LF into CRLF. */
function withoutCr(text: string): string {
  return text.includes("\r\n") ? text.replace(/\r\n/g, "\n") : text;
}

export function planSync(tree: FileTree, disk: DiskFiles, previous: Ownership | undefined): SyncPlan {
  const owned = (path: string): boolean => path === MANIFEST_PATH || (previous?.paths.has(path) ?? false);
  const added: RenderedFile[] = [];
  const changed: ChangedFile[] = [];
  const conflicts: string[] = [];
  let unchanged = 0;
  for (const file of tree.values()) {
    const before = disk.get(file.path);
    // Read once: a file the CLI staged reads its text from disk (cli/staged-file.ts).
    const content = before === undefined ? undefined : file.content;
    if (before === undefined) added.push(file);
    else if (before === content || withoutCr(before) === content) unchanged++;
    else if (!owned(file.path)) conflicts.push(file.path);
    else changed.push({ file, before });
  }
  const stale = [...(previous?.paths ?? [])]
    .filter(
      (path) =>
        !tree.has(path) && disk.has(path) && isSafeRelativePath(path) && isInsideRoots(path) && path !== MANIFEST_PATH,
    )
    .concat(previous?.legacy && disk.has(LEGACY_MANIFEST_PATH) ? [LEGACY_MANIFEST_PATH] : [])
    .sort(compareStrings);
  const unexpected = [...disk.keys()]
    .filter((path) => !tree.has(path) && !owned(path) && isInsideRoots(path, EXCLUSIVE_ROOTS))
    .sort(compareStrings);
  return { added, changed, unchanged, stale, conflicts: conflicts.sort(compareStrings), unexpected };
}

export function isInSync(plan: SyncPlan): boolean {
  return (
    plan.added.length === 0 &&
    plan.changed.length === 0 &&
    plan.stale.length === 0 &&
    plan.unexpected.length === 0 &&
    plan.conflicts.length === 0
  );
}
