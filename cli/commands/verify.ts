// `fawkes verify`: ArgoCD referential integrity of the tree on disk (generate and check verify the
// generated tree too).
import { readFile, readdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { formatFinding, verifyArgocd } from "../../core/verify-argocd.ts";
import { plural, type Io } from "../output.ts";

async function readOutput(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let entries;
  try {
    entries = await readdir(join(root, "out"), { withFileTypes: true, recursive: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split(sep).join("/"), await readFile(path, "utf8"));
  }
  return files;
}

export async function verifyCommand(options: { cwd: string }, io: Io): Promise<number> {
  const files = await readOutput(resolve(options.cwd));
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
