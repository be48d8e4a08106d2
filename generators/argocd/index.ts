// ArgoCD: everything under out/platform/apps/, which the root Application syncs.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import type { Generator } from "../generator.ts";
import { APPS_DIR, namespacesDir } from "../paths.ts";
import { PLATFORM_PROJECT, appMeta, destination, gitSource, syncPolicy } from "./common.ts";
import { buildClusterConfigApplication, buildComponentApplication, buildDevWorkspaceApplication } from "./components.ts";
import { buildPlatformProject, buildTeamProject } from "./projects.ts";
import { buildRootApplication } from "./root.ts";
import { buildChartServiceApplication, buildServicesApplicationSet } from "./services.ts";

/** Team namespaces go first, before anything that lands in them. */
const NAMESPACES_WAVE = -40;

export function buildNamespacesApplication(model: ResolvedConfig, env: ResolvedEnvironment): Application {
  return new Application({
    metadata: appMeta(model.platform, `namespaces-${env.name}`, { "fawkes.dev/environment": env.name }, NAMESPACES_WAVE),
    spec: {
      project: PLATFORM_PROJECT,
      source: gitSource(model.platform, namespacesDir(env.name)),
      destination: destination(env),
      syncPolicy: syncPolicy(env.protected),
    },
  });
}

export const generateArgocd: Generator = (model) => {
  const { platform, environments, teams, services, components } = model;
  const file = (path: string, origin: (string | number)[], sources: string[], objects: KubernetesObject[]): OutputFile =>
    ({ type: "objects", path: `${APPS_DIR}/${path}`, origin, sources, objects });

  // 1. The root app and the projects.
  const files: OutputFile[] = [
    file("root.yaml", ["platform"], ["platform"], [buildRootApplication(platform)]),
    file("projects/platform.yaml", ["platform"], ["platform", "environments", "components"], [buildPlatformProject(model)]),
    ...teams.map((team) => file(`projects/${team.name}.yaml`, ["teams", team.name], ["platform", "environments", `teams.${team.name}`], [buildTeamProject(model, team)])),
  ];

  for (const env of environments) {
    const envSource = `environments.${env.name}`;
    // 2. Per environment: team namespaces and the cluster configuration.
    files.push(file(`namespaces/${env.name}.yaml`, ["environments", env.name], ["platform", envSource], [buildNamespacesApplication(model, env)]));
    files.push(file(`cluster-config/${env.name}.yaml`, ["environments", env.name], ["platform", envSource, "components"], [buildClusterConfigApplication(model, env)]));

    // 3. Platform components installed in this environment.
    for (const component of components.filter((c) => c.environments.includes(env))) {
      const slug = component.definition.slug;
      const objects = [buildComponentApplication(model, component, env), ...(component.key === "che" ? [buildDevWorkspaceApplication(model, env)] : [])];
      files.push(file(`components/${env.name}/${slug}.yaml`, ["components", component.key], ["platform", envSource, `components.${component.key}`], objects));
    }

    // 4. Services: an ApplicationSet per team over its rendered folders, an Application per chart service.
    for (const team of teams) {
      const deployed = services.filter((s) => s.team.name === team.name && s.deployments.some((d) => d.environment === env));
      const rendered = deployed.filter((s) => !s.config.chart);
      if (rendered.length > 0) {
        files.push(file(`services/${env.name}/${team.name}.yaml`, ["teams", team.name], ["platform", envSource, `teams.${team.name}`, ...rendered.map((s) => `services.${s.name}`)],
          [buildServicesApplicationSet(model, team, env, rendered)]));
      }
      for (const service of deployed.filter((s) => s.config.chart)) {
        files.push(file(`services/${env.name}/charts/${service.name}.yaml`, ["services", service.name], ["platform", envSource, `services.${service.name}`], [buildChartServiceApplication(model, service, env)]));
      }
    }
  }
  return files;
};
