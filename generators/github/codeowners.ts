// CODEOWNERS: the platform team owns the config, the generator and the platform; each team owns its
// services' rendered output and its ApplicationSets. Later lines win, so the team lines come last.
import type { ResolvedConfig } from "../../core/resolved.ts";
import { INFRA_DIR } from "../terraform/index.ts";

export const CODEOWNERS_PATH = ".github/CODEOWNERS";

export function renderCodeowners(model: ResolvedConfig): string {
  const platform = `@${model.platform.githubTeam}`;
  const lines = [
    "# The platform team owns everything by default: the config, the generator, the platform plane.",
    `* ${platform}`,
    "",
    "# Each team owns the rendered output of its services and its ApplicationSets.",
  ];
  for (const team of model.teams) {
    const owner = `@${team.githubTeam}`;
    lines.push(`/out/platform/apps/services/*/${team.name}.yaml ${owner}`);
    for (const service of model.services.filter((s) => s.team === team)) {
      lines.push(`/out/platform/services/*/${service.name}/ ${owner}`);
      if (service.config.chart) lines.push(`/out/platform/apps/services/*/charts/${service.name}.yaml ${owner}`);
    }
  }
  lines.push("", "# Infrastructure, policies and RBAC stay with the platform team, whoever else matches above.");
  for (const path of [`/${INFRA_DIR}/`, "/out/platform/clusters/", "/out/platform/namespaces/", "/out/platform/apps/projects/", "/fawkes.config.ts"]) lines.push(`${path} ${platform}`);
  return lines.join("\n");
}
