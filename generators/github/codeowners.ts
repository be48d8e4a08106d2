// CODEOWNERS: the platform team owns the config, the generator and the platform; each team owns its
// services' rendered output, its ApplicationSets and its services' Score files. Later lines win, so the team lines come last.
import {
  OUTPUT_PATHS,
  chartServiceAppPath,
  clusterConfigDir,
  infraDir,
  namespacesDir,
  serviceDir,
  teamServicesAppPath,
} from "../../core/names.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";

/** A folder of every environment: the environment segment of a per-environment path as a glob. */
const ANY = "*";
const parent = (path: string) => path.slice(0, path.lastIndexOf("/") + 1);

export function renderCodeowners(model: ResolvedConfig): string {
  const platform = `@${model.platform.githubTeam}`;
  const lines = [
    "# The platform team owns everything by default: the config, the generator, the platform plane.",
    `* ${platform}`,
    "",
    "# Each team owns the rendered output of its services, its ApplicationSets and its services' Score files.",
  ];
  for (const team of model.teams) {
    const owner = `@${team.githubTeam}`;
    lines.push(`/${OUTPUT_PATHS.apps}/${teamServicesAppPath(ANY, team.name)} ${owner}`);
    for (const service of team.services) {
      lines.push(`/${serviceDir(ANY, service.name)}/ ${owner}`);
      // The Score file is the team's workload spec: the team changes it without the platform team's review.
      if (service.scoreFile) lines.push(`/${service.scoreFile} ${owner}`);
      if (service.chart) lines.push(`/${OUTPUT_PATHS.apps}/${chartServiceAppPath(ANY, service.name)} ${owner}`);
    }
  }
  lines.push("", "# Infrastructure, policies and RBAC stay with the platform team, whoever else matches above.");
  const platformPaths = [
    `/${infraDir("")}`,
    `/${parent(clusterConfigDir(ANY))}`,
    `/${parent(namespacesDir(ANY))}`,
    `/${OUTPUT_PATHS.apps}/projects/`,
    `/${model.configFile}`,
  ];
  for (const path of platformPaths) lines.push(`${path} ${platform}`);
  return lines.join("\n");
}
