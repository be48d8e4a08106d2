// ArgoCD: everything under out/platform/apps/, which the root Application syncs, each object at the sync wave
// the bootstrap graph gives it (core/runtime/bootstrap-graph.ts).
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import {
  OUTPUT_PATHS,
  chartServiceAppPath,
  namespacesAppName,
  namespacesDir,
  teamServicesAppPath,
} from "../../core/names.ts";
import type { ConfigPath } from "../../core/problems.ts";
import { emit } from "../../core/provenance.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { syncWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { installersIn } from "../../core/runtime/bootstrap-sync.ts";
import type { Generator } from "../generator.ts";
import { PLATFORM_PROJECT, appMeta, destination, gitSource, syncPolicy } from "./common.ts";
import {
  buildClusterConfigApplications,
  buildComponentApplication,
  buildCustomComponentApplication,
  buildDevWorkspaceApplication,
  buildGatewayApiApplication,
} from "./components.ts";
import { buildPlatformProject, buildTeamProject } from "./projects.ts";
import { buildRootApplication } from "./root.ts";
import { buildChartServiceApplication, buildServicesApplicationSets } from "./services.ts";

export function buildNamespacesApplication(model: ResolvedConfig, env: ResolvedEnvironment): Application {
  const name = namespacesAppName(env.name);
  return new Application({
    metadata: appMeta(
      model.platform,
      name,
      { "fawkes.dev/environment": env.name },
      syncWaveOf(model, "Application", name),
    ),
    spec: {
      project: PLATFORM_PROJECT,
      source: gitSource(model.platform, namespacesDir(env.name)),
      destination: destination(env),
      syncPolicy: syncPolicy(env.protected),
    },
  });
}

const file = (path: string, origin: ConfigPath, objects: () => KubernetesObject[]): OutputFile =>
  emit(() => ({ type: "objects", path: `${OUTPUT_PATHS.apps}/${path}`, origin, objects: objects() }));

export const generateArgocd: Generator = (model) => {
  const { platform, environments, teams, components } = model;

  // 1. The root app and the projects.
  const files: OutputFile[] = [
    file("root.yaml", ["platform"], () => [buildRootApplication(platform)]),
    file("projects/platform.yaml", ["platform"], () => [buildPlatformProject(model)]),
    ...teams.map((team) =>
      file(`projects/${team.name}.yaml`, ["teams", team.name], () => [buildTeamProject(model, team)]),
    ),
  ];

  for (const env of environments) {
    // 2. Per environment: team namespaces and the cluster configuration no component carries.
    files.push(
      file(`namespaces/${env.name}.yaml`, ["environments", env.name], () => [buildNamespacesApplication(model, env)]),
    );
    const clusterConfig = file(`cluster-config/${env.name}.yaml`, ["environments", env.name], () =>
      buildClusterConfigApplications(model, env),
    );
    if (clusterConfig.type === "objects" && clusterConfig.objects.length > 0) files.push(clusterConfig);

    // 3. Platform components installed in this environment, and the Gateway API's CRDs they need.
    if (installersIn(model, env).includes("gatewayApi"))
      files.push(
        file(`components/${env.name}/gateway-api.yaml`, ["environments", env.name], () => [
          buildGatewayApiApplication(model, env),
        ]),
      );
    for (const component of components.filter((c) => c.environments.includes(env))) {
      files.push(
        file(`components/${env.name}/${component.definition.slug}.yaml`, ["components", component.key], () => [
          buildComponentApplication(model, component, env),
          ...(component.key === "che" ? [buildDevWorkspaceApplication(model, env)] : []),
        ]),
      );
    }

    for (const custom of model.customComponents.filter((c) => c.environments.includes(env)))
      files.push(
        file(`components/${env.name}/${custom.name}.yaml`, ["components", "custom", custom.name], () => [
          buildCustomComponentApplication(model, custom, env),
        ]),
      );

    // 4. Services: an ApplicationSet per team over its rendered folders, an Application per chart service.
    for (const team of teams) {
      const deployed = team.services.filter((s) => s.deployments.some((d) => d.environment === env));
      const rendered = deployed.filter((s) => !s.chart);
      if (rendered.length > 0) {
        files.push(
          file(teamServicesAppPath(env.name, team.name), ["teams", team.name], () =>
            buildServicesApplicationSets(model, team, env, rendered),
          ),
        );
      }
      for (const service of deployed.filter((s) => s.chart)) {
        files.push(
          file(chartServiceAppPath(env.name, service.name), ["services", service.name], () => [
            buildChartServiceApplication(model, service, env),
          ]),
        );
      }
    }
  }
  return files;
};
