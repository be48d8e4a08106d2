// `fawkes verify`: ArgoCD referential integrity of the tree on disk (generate and check verify the
// generated tree too).
import { readFile, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { formatFinding, verifyArgocd } from "../../core/verify-argocd.ts";
import { plural, type Io } from "../output.ts";
import { createPathGuard } from "../safe-path.ts";

async function readOutput(cwd: string): Promise<Map<string, string>> {
  const guard = await createPathGuard(cwd);
  const root = guard.root;
  const files = new Map<string, string>();
  let entries;
  try {
    entries = await readdir(await guard.resolve("out"), { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return files;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split(sep).join("/"), await readFile(path, "utf8"));
  }
  return files;
}

export async function verifyCommand(options: { cwd: string }, io: Io): Promise<number> {
  const files = await readOutput(options.cwd);
  if (files.size === 0) {
    io.err("fawkes verify: no output under out/; run `npx fawkes generate` first");
    return 1;
  }
  const findings = verifyArgocd(files);
  for (const finding of findings) io.err(formatFinding(finding));
  if (findings.length > 0) {
    io.err(`fawkes verify: ${plural(findings.length, "broken reference")}.`);
    return 1;
  }
  io.out(`fawkes verify: every ArgoCD reference in ${plural(files.size, "file")} resolves.`);
  return 0;
}
