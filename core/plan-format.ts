// The plan as text (terminal), Markdown (a pull-request comment under GitHub's limit) or JSON.
import type { Plan, ResourceChange } from "./plan.ts";
import { compareStrings } from "./problems.ts";

/** GitHub refuses comments over 65,536 characters; stay well under. */
export const MARKDOWN_LIMIT = 60_000;

const SYMBOL = { added: "+", changed: "~", removed: "-" } as const;

interface Group {
  readonly key: string;
  readonly changes: ResourceChange[];
}

/** Grouped by team, then service (or the platform), then environment. */
function groups(plan: Plan): Group[] {
  const byKey = new Map<string, ResourceChange[]>();
  for (const change of plan.changes) {
    const key = `${change.team} / ${change.service || "(platform)"} / ${change.environment}`;
    byKey.set(key, [...(byKey.get(key) ?? []), change]);
  }
  return [...byKey].sort(([a], [b]) => compareStrings(a, b)).map(([key, changes]) => ({ key, changes }));
}

function counts(plan: Plan): string {
  const n = (action: ResourceChange["action"]) => plan.changes.filter((c) => c.action === action).length;
  const replaced = plan.changes.filter((c) => c.replaces && c.replaces.length > 0).length;
  return `${n("added")} to add, ${n("changed")} to change${replaced > 0 ? ` (${replaced} replaced)` : ""}, ${n("removed")} to remove`;
}

function line(c: ResourceChange): string {
  const summary = c.summary.length > 0 ? ` (${c.summary.join(", ")})` : "";
  const risks = c.risks.length > 0 ? ` [${c.risks.join(", ")}]` : "";
  // Terraform's own marker for a resource destroyed and created again.
  return `${c.replaces && c.replaces.length > 0 ? "-/+" : SYMBOL[c.action]} ${c.id}${summary}${risks}`;
}

/** ` against main (0444f0a)`: the base a reviewer must know the plan was made against. */
function against(plan: Plan): string {
  return plan.base ? ` against ${plan.base.ref} (${plan.base.commit.slice(0, 7)})` : "";
}

export function formatPlanText(plan: Plan): string {
  if (plan.changes.length === 0) return `fawkes plan${against(plan)}: no changes to the platform.\n`;
  const out = [
    `fawkes plan${against(plan)}: ${counts(plan)}.${plan.risks.length > 0 ? ` Risks: ${plan.risks.join(", ")}.` : ""}`,
    "",
  ];
  for (const group of groups(plan)) {
    out.push(group.key);
    for (const c of group.changes) out.push(`  ${line(c)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function formatPlanMarkdown(plan: Plan, limit = MARKDOWN_LIMIT): string {
  const head = [
    "## Fawkes plan",
    "",
    ...(plan.base ? [`Base: \`${plan.base.ref}\` (\`${plan.base.commit.slice(0, 7)}\`)`, ""] : []),
    plan.changes.length === 0 ? "No changes to the platform." : `**${counts(plan)}.**`,
    ...(plan.risks.length > 0 ? ["", `Risks: ${plan.risks.map((r) => `\`${r}\``).join(" ")}`] : []),
    "",
  ].join("\n");
  const sections: string[] = [];
  for (const group of groups(plan)) {
    const risky = [...new Set(group.changes.flatMap((c) => c.risks))];
    const title = `${group.key}: ${group.changes.length} change${group.changes.length === 1 ? "" : "s"}${risky.length > 0 ? ` ⚠ ${risky.join(", ")}` : ""}`;
    sections.push(
      `<details><summary>${title}</summary>\n\n\`\`\`diff\n${group.changes.map(line).join("\n")}\n\`\`\`\n\n</details>\n`,
    );
  }
  let body = head;
  let shown = 0;
  for (const section of sections) {
    if (body.length + section.length > limit - 200) break;
    body += `\n${section}`;
    shown++;
  }
  if (shown < sections.length)
    body += `\n…and ${sections.length - shown} more groups; run \`npx fawkes plan\` for the whole plan.\n`;
  return body;
}

export function formatPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
