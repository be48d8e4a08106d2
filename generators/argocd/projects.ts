// AppProjects: one for the platform components, one per team confined to its namespaces.
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { argocdTeamRole, rbacGroup, serviceAppName } from "../../core/names.ts";
import { DEVWORKSPACE_OPERATOR, GATEWAY_API_CRDS } from "../../schema/component-catalog.ts";
import type { ResolvedConfig, ResolvedTeam } from "../../core/resolved.ts";
import { syncWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { installersIn } from "../../core/runtime/bootstrap-sync.ts";
import { PLATFORM_PROJECT, appMeta } from "./common.ts";

const unique = (values: string[]): string[] => [...new Set(values)].sort();

export function buildPlatformProject(model: ResolvedConfig): AppProject {
  const { platform, environments, components } = model;
  return new AppProject({
    metadata: appMeta(platform, PLATFORM_PROJECT, {}, syncWaveOf(model, "AppProject", PLATFORM_PROJECT)),
    spec: {
      description: "Platform components, cluster configuration and team namespaces, managed by the platform team.",
      sourceRepos: unique([
        platform.repoURL,
        ...components.map((c) => c.definition.repoURL.replace(/^oci:\/\//, "")),
        ...model.customComponents.map((c) => c.repoURL.replace(/^oci:\/\//, "")),
        ...(model.installed("che") ? [DEVWORKSPACE_OPERATOR.repoURL] : []),
        ...(environments.some((env) => installersIn(model, env).includes("gatewayApi"))
          ? [GATEWAY_API_CRDS.repoURL]
          : []),
      ]),
      destinations: environments.map((env) => ({ name: env.argocdDestination.name, namespace: "*" })),
      clusterResourceWhitelist: [{ group: "*", kind: "*" }],
    },
  });
}

/** A team deploys only into its own namespace of each cluster, from this repository and its charts. */
export function buildTeamProject(model: ResolvedConfig, team: ResolvedTeam): AppProject {
  const { platform, environments } = model;
  const charts = team.services.flatMap((s) => (s.chart ? [s.chart.repoURL] : []));
  const role = argocdTeamRole(team.name);
  return new AppProject({
    metadata: appMeta(platform, team.name, {}, syncWaveOf(model, "AppProject", team.name)),
    spec: {
      description: `Services of ${team.displayName}.`,
      sourceRepos: unique([platform.repoURL, ...charts]),
      destinations: environments.map((env) => ({ name: env.argocdDestination.name, namespace: team.namespace })),
      clusterResourceWhitelist: [],
      namespaceResourceBlacklist: [
        { group: "", kind: "ResourceQuota" },
        { group: "", kind: "LimitRange" },
        { group: "rbac.authorization.k8s.io", kind: "RoleBinding" },
      ],
      roles: [
        {
          name: role.split(":")[2]!,
          description: `Members of ${team.githubTeam}.`,
          groups: [rbacGroup(team.githubTeam)],
          // Teams see every environment and sync only unprotected ones: production is view-only.
          policies: [
            `p, ${role}, applications, get, ${team.name}/*, allow`,
            ...environments
              .filter((env) => !env.protected)
              .map((env) => `p, ${role}, applications, sync, ${team.name}/${serviceAppName("*", env.name)}, allow`),
          ],
        },
      ],
    },
  });
}
