// `fawkes explain <file | kind/namespace/name>`: which config entries produce it, and where each is written.
import { parseAllDocuments } from "yaml";
import { createSourceLocator } from "../../core/config-text.ts";
import type { SourceLocator } from "../../core/locate-config.ts";
import { formatPath, type ConfigPath } from "../../core/problems.ts";
import type { PipelineInput } from "../../core/pipeline.ts";
import { chooseScoreFile } from "../../core/score.ts";
import { sourceList } from "../../core/provenance.ts";
import { buildTree } from "../build-tree.ts";
import type { SourceOptions } from "../load-sources.ts";
import type { Io } from "../output.ts";

interface Match {
  readonly file: string;
  readonly object?: string;
}

function findObjects(
  tree: Map<string, { content: string }> | ReadonlyMap<string, { content: string }>,
  target: string,
): Match[] {
  const parts = target.split("/");
  const [kind, namespace, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
  const matches: Match[] = [];
  for (const [path, file] of tree) {
    if (!path.endsWith(".yaml") || !file.content.includes(name ?? "\u0000")) continue;
    for (const doc of parseAllDocuments(file.content)) {
      const o = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (
        o?.kind?.toLowerCase() === kind?.toLowerCase() &&
        o?.metadata?.name === name &&
        (namespace === undefined || o?.metadata?.namespace === namespace)
      ) {
        matches.push({
          file: path,
          object: `${o!.kind} ${o!.metadata!.namespace ? `${o!.metadata!.namespace}/` : ""}${name}`,
        });
      }
    }
  }
  return matches;
}

/** `policies.exceptions[0]` → ["policies", "exceptions", 0]: a source entry as a config path. */
function entryPath(entry: string): ConfigPath {
  return entry
    .split(".")
    .flatMap((part) =>
      [...part.matchAll(/([^[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? m[1]! : Number(m[2]))),
    );
}

/** `fawkes.config.yaml:94:3 services.checkout-api`: where each entry is written, in the config's own file. */
function whereWritten(entries: readonly string[], file: string, locator: SourceLocator): string[] {
  return entries.map((entry) => {
    const { line, column } = locator.locate(entryPath(entry), "key");
    return `${file}:${line}:${column} ${entry}`;
  });
}

/** The Score files behind `services.<name>.score` entries: the workload specs a file was built from. */
function scoreFiles(entries: readonly string[], sources: PipelineInput): string[] {
  const services = (sources.config as { services?: Record<string, { score?: unknown } | null> } | undefined)?.services;
  return entries.flatMap((entry) => {
    const name = /^services\.([^.[\]]+)\.score$/.exec(entry)?.[1];
    const path = name === undefined ? undefined : services?.[name]?.score;
    if (typeof path !== "string") return [];
    const chosen = chooseScoreFile(name!, path, sources.scoreSources ?? {});
    return chosen.ok ? [`Score file:  ${chosen.file} (${entry})`] : [];
  });
}

export async function explainCommand(options: SourceOptions & { target: string }, io: Io): Promise<number> {
  const built = await buildTree(options, io);
  if (!built) return 1;
  const target = options.target.replace(/^\.\//, "");
  const matches: Match[] = built.tree.has(target) ? [{ file: target }] : findObjects(built.tree, target);
  if (matches.length === 0) {
    io.err(
      `fawkes explain: nothing generated matches "${options.target}" (give a path such as out/platform/services/prod/checkout-api/manifests.yaml, or kind/namespace/name such as Deployment/payments/checkout-api)`,
    );
    return 1;
  }
  const { configFile, configSource } = built.sources;
  const locator = createSourceLocator(configFile, configSource);
  for (const match of matches) {
    const file = built.tree.get(match.file)!;
    io.out(`${match.object ? `${match.object} in ` : ""}${match.file}`);
    if (file.origin && file.origin.length > 0) io.out(`  produced by: ${formatPath(file.origin)}`);
    const sources = sourceList(file.sources);
    io.out(`  depends on:  ${sources.length > 0 ? sources.join(", ") : "(the generator only)"}`);
    if (sources.length > 0) {
      io.out("  written at:");
      for (const line of whereWritten(sources, configFile, locator)) io.out(`    ${line}`);
      for (const line of scoreFiles(sources, built.sources)) io.out(`  ${line}`);
    }
  }
  return 0;
}
