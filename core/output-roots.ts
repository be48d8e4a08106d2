// Where Fawkes may write. Stale deletion and ownership never reach outside these.

/** Folders and files generated output may live in. */
export const OUTPUT_ROOTS: readonly string[] = [
  "out/",
  "docs/reference/",
  "docs/bootstrap.md",
  "schema/fawkes.config.schema.json",
  ".github/CODEOWNERS",
  ".github/workflows/",
  "mkdocs.yml",
  ".fawkes/allocations.json",
  ".gitattributes",
];

/** Folders that hold nothing but generated files: any other file there is unexpected (ArgoCD would sync it). */
export const EXCLUSIVE_ROOTS: readonly string[] = ["out/"];

/** The committed list of owned files: paths only, one a line, sorted (core/manifest.ts). */
export const MANIFEST_PATH = ".fawkes/owned.txt";

/** The list's old form (hashes and sources per file, a conflict in every pull request): read once, then deleted. */
export const LEGACY_MANIFEST_PATH = ".fawkes/manifest.json";

/** Written while a generate moves its staged files into place; a leftover one means that run was interrupted. */
export const JOURNAL_PATH = ".fawkes/journal.json";

/** Held by a generate or release while it changes the repository. */
export const LOCK_PATH = ".fawkes/lock";

/** `out/x.yaml.fawkes-1234.tmp`: a file staged by the generate of process 1234. */
export const STAGED_FILE = /\.fawkes-\d+\.tmp$/;

export function stagedName(path: string, pid: number): string {
  return `${path}.fawkes-${pid}.tmp`;
}

export function isInsideRoots(path: string, roots: readonly string[] = OUTPUT_ROOTS): boolean {
  return roots.some((root) => (root.endsWith("/") ? path.startsWith(root) : path === root));
}

/** A repository-relative POSIX path with no `.`/`..` segments, no leading slash, no backslash. */
export function isSafeRelativePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\\")) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}
