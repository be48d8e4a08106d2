// `fawkes plan`: the working config's output against the output committed at a base ref, as resources.
import { resolve } from "node:path";
import { parse as parseHcl } from "@cdktn/hcl2json";
import { diffResources, resourcesOf, type PlanContext } from "../../core/plan.ts";
import { formatPlanJson, formatPlanMarkdown, formatPlanText } from "../../core/plan-format.ts";
import { buildTree } from "../build-tree.ts";
import { defaultBase, filesAt, resolveRef } from "../git.ts";
import type { SourceOptions } from "../load-sources.ts";
import type { Io } from "../output.ts";

export type PlanFormat = "text" | "markdown" | "json";

export async function planCommand(options: SourceOptions & { base?: string; format: PlanFormat }, io: Io): Promise<number> {
  const built = await buildTree(options, io);
  if (!built) return 1;
  const root = resolve(options.cwd);
  const ref = options.base ?? defaultBase(root);
  const commit = resolveRef(root, ref);
  if (!commit) {
    io.err(`fawkes plan: "${ref}" is not a commit in ${root}`);
    return 2;
  }
  const ctx: PlanContext = {
    protectedEnvironments: new Set(built.model.environments.filter((e) => e.protected).map((e) => e.name)),
    managementEnvironment: built.model.platform.managementEnvironment,
  };
  const parse = (path: string, text: string) => parseHcl(path, text) as Promise<Record<string, unknown>>;
  // Only files that differ can hold changed resources: parse those alone, so a plan costs what the change does.
  const base = filesAt(root, commit);
  const head = new Map([...built.tree.values()].map((f) => [f.path, f.content]));
  const differs = (path: string) => base.get(path) !== head.get(path);
  const only = (files: Map<string, string>) => new Map([...files].filter(([path]) => differs(path)));
  const plan = diffResources(await resourcesOf(only(base), ctx, parse), await resourcesOf(only(head), ctx, parse), ctx);
  io.out(options.format === "json" ? formatPlanJson(plan) : options.format === "markdown" ? formatPlanMarkdown(plan) : formatPlanText(plan));
  return 0;
}
