// `fawkes plan`: the working config's output against the output committed at a base ref, as resources.
import { resolve } from "node:path";
import { changesWith, diffResources, resourcesOf, type PlanContext, type Risk } from "../../core/plan.ts";
import { formatPlanJson, formatPlanMarkdown, formatPlanText } from "../../core/plan-format.ts";
import { environmentsOfTree, isApplicationFile } from "../../core/plan-protection.ts";
import { timed } from "../../core/timings.ts";
import { buildTree } from "../build-tree.ts";
import { blobsAt, blobTexts, defaultBase, resolveRef } from "../git.ts";
import { isCommitted, keepCommitted } from "../committed-file.ts";
import { parseTerraform } from "../hcl.ts";
import type { SourceOptions } from "../load-sources.ts";
import type { Io } from "../output.ts";

export type PlanFormat = "text" | "markdown" | "json";

export async function planCommand(
  options: SourceOptions & { base?: string; format: PlanFormat; failOn?: readonly Risk[] },
  io: Io,
): Promise<number> {
  // An invalid config is still reported before a base that is not a commit.
  const root = resolve(options.cwd);
  const { ref, label } = options.base ? { ref: options.base, label: options.base } : defaultBase(root);
  const commit = resolveRef(root, ref);
  // The committed output's object ids, listed before the build: a file generated as committed is kept as its id,
  // so the plan holds the text of what the change touches only.
  const blobs = commit === undefined ? undefined : timed("list the committed output", () => blobsAt(root, commit));
  const built = await buildTree(options, io, blobs && { keep: Promise.resolve(keepCommitted(root, blobs)) });
  if (!built) return 1;
  if (!commit || !blobs) {
    io.err(`fawkes plan: "${ref}" is not a commit in ${root}`);
    return 2;
  }
  const head = new Map([...built.tree.values()].filter((f) => !isCommitted(f)).map((f) => [f.path, f.content]));
  // The committed texts the plan reads: the files the change touches, and every Application (for protection).
  const base = timed("read the committed files it touches", () =>
    blobTexts(
      root,
      new Map([...blobs].filter(([path]) => head.has(path) || !built.tree.has(path) || isApplicationFile(path))),
    ),
  );
  // Protected is what the committed output protects as well as what the config does: removing, renaming or
  // unprotecting prod in the change under review does not hide its removals.
  const committed = environmentsOfTree(base);
  const ctx: PlanContext = {
    protectedEnvironments: new Set([
      ...built.model.environments.filter((e) => e.protected).map((e) => e.name),
      ...committed.protected,
    ]),
    managementEnvironment: built.model.platform.managementEnvironment,
  };
  const baseCtx: PlanContext = { ...ctx, managementEnvironment: committed.management ?? ctx.managementEnvironment };
  const parse = parseTerraform;
  // Only files that differ can hold changed resources: parse those alone, so a plan costs what the change does.
  const differs = (path: string) => !isCommitted(built.tree.get(path)) && base.get(path) !== head.get(path);
  const only = (files: Map<string, string>) => new Map([...files].filter(([path]) => differs(path)));
  const plan = {
    base: { ref: label, commit },
    ...diffResources(await resourcesOf(only(base), baseCtx, parse), await resourcesOf(only(head), ctx, parse), ctx),
  };
  io.out(
    options.format === "json"
      ? formatPlanJson(plan)
      : options.format === "markdown"
        ? formatPlanMarkdown(plan)
        : formatPlanText(plan),
  );
  // 1, like drift in `check`: a risk CI was told to stop on is the user's to review, not a failure of Fawkes.
  const failing = changesWith(plan, options.failOn ?? []);
  if (failing.length > 0) {
    const found = [...new Set(failing.flatMap((c) => c.risks.filter((r) => options.failOn!.includes(r))))];
    io.err(
      `fawkes plan: ${failing.length === 1 ? "1 change carries" : `${failing.length} changes carry`} ${found.join(", ")} (--fail-on ${options.failOn!.join(",")})`,
    );
    return 1;
  }
  return 0;
}
