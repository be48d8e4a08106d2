// The example config in its YAML and JSON forms, built from the TypeScript example's evaluated object (never
// written by hand, so the forms cannot drift apart), and folders that hold one of them.
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadSources } from "../../cli/load-sources.ts";
import { PROBED_PATHS } from "../../core/repo-facts.ts";
import { EXAMPLE_RELEASES, REPO, caseFolder } from "./repo.ts";

export const SCHEMA_REF = "./schema/fawkes.config.schema.json";

let evaluated: Promise<Record<string, unknown>> | undefined;

/** The example's default export, as `fawkes` loads it (in its worker). */
export function exampleObject(): Promise<Record<string, unknown>> {
  evaluated ??= loadSources({ cwd: REPO, config: "fawkes.config.ts" }).then(
    (sources) => sources.config as Record<string, unknown>,
  );
  return evaluated;
}

/** The example as YAML: the editor modeline, `$schema` (allowed, ignored), then the sections in order. */
export async function exampleYaml(): Promise<string> {
  const body = stringify({ $schema: SCHEMA_REF, ...(await exampleObject()) }, { lineWidth: 0 });
  return `# yaml-language-server: $schema=${SCHEMA_REF}\n${body}`;
}

export async function exampleJson(): Promise<string> {
  return `${JSON.stringify({ $schema: SCHEMA_REF, ...(await exampleObject()) }, null, 2)}\n`;
}

/**
 * A fresh temporary folder holding `files` (name → text) and a releases file; with the example's releases
 * (the default), also the example's network allocations, so that its tree can be compared with the repository's.
 */
export function writeForm(files: Record<string, string>, releases = EXAMPLE_RELEASES): string {
  const dir = caseFolder();
  mkdirSync(join(dir, ".fawkes"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "releases.yaml"), releases);
  cpSync(join(REPO, "services"), join(dir, "services"), { recursive: true });
  if (releases === EXAMPLE_RELEASES) {
    copyFileSync(join(REPO, ".fawkes/allocations.json"), join(dir, ".fawkes/allocations.json"));
    // What the repository holds besides the config (guides, .nvmrc) changes the output: the same as the example's.
    for (const path of PROBED_PATHS)
      if (existsSync(join(REPO, path))) cpSync(join(REPO, path), join(dir, path), { recursive: true });
  }
  return dir;
}
