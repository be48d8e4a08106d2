// Services: per team and environment, an ApplicationSet over the team's rendered service folders; services
// deployed from an upstream chart get an Application with the chart and their values through `$values`.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedService, ResolvedTeam } from "../../core/resolved.ts";
import { applicationName, serviceDir } from "../../core/names.ts";
import { appMeta, destination, syncPolicy } from "./common.ts";

/**
 * Every service Application reports deployments, degradations and recoveries to DevLake (see the ArgoCD
 * values), with the source repository and commit its image was built from (lead time for changes).
 */
const DORA_ANNOTATIONS = {
  "notifications.argoproj.io/subscribe.on-deployed.devlake": "",
  "notifications.argoproj.io/subscribe.on-health-degraded.devlake": "",
  "notifications.argoproj.io/subscribe.on-health-recovered.devlake": "",
  "fawkes.dev/source-repo": "{{.repo}}",
  "fawkes.dev/source-commit": "{{.commit}}",
};

/** Name of the Application of a service in an environment. */
export function serviceAppName(service: string, environment: string): string {
  return applicationName(service, environment);
}

export function buildServicesApplicationSet(
  model: ResolvedConfig,
  team: ResolvedTeam,
  env: ResolvedEnvironment,
  services: readonly ResolvedService[],
): ApplicationSet {
  const { platform } = model;
  const labels = { "fawkes.dev/team": team.name, "fawkes.dev/environment": env.name };
  const dora = model.installed("devlake") !== undefined;
  return new ApplicationSet({
    metadata: { name: `${team.name}-${env.name}`, namespace: platform.argocdNamespace, labels },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [
        {
          list: {
            elements: services.map((s) =>
              dora
                ? {
                    service: s.name,
                    repo: s.build?.repo ?? "",
                    commit: s.deployments.find((d) => d.environment === env)?.sourceCommit ?? "",
                  }
                : { service: s.name },
            ),
          },
        },
      ],
      // Deleting the set must never take running services with it in a protected environment.
      syncPolicy: { preserveResourcesOnDeletion: env.protected },
      template: {
        metadata: {
          name: serviceAppName("{{.service}}", env.name),
          labels: { ...labels, "app.kubernetes.io/name": "{{.service}}" },
          ...(dora ? { annotations: DORA_ANNOTATIONS } : {}),
          finalizers: ["resources-finalizer.argocd.argoproj.io"],
        },
        spec: {
          project: team.name,
          source: {
            repoURL: platform.repoURL,
            targetRevision: platform.revision,
            path: serviceDir(env.name, "{{.service}}"),
          },
          destination: destination(env, team.namespace),
          syncPolicy: syncPolicy(env.protected),
        },
      },
    },
  });
}

export function buildChartServiceApplication(
  model: ResolvedConfig,
  service: ResolvedService,
  env: ResolvedEnvironment,
): Application {
  const { platform } = model;
  const chart = service.chart!;
  return new Application({
    metadata: appMeta(platform, serviceAppName(service.name, env.name), {
      "fawkes.dev/team": service.team.name,
      "fawkes.dev/environment": env.name,
      "app.kubernetes.io/name": service.name,
    }),
    spec: {
      project: service.team.name,
      sources: [
        {
          repoURL: chart.repoURL,
          chart: chart.chart,
          targetRevision: chart.version,
          helm: {
            releaseName: service.name,
            valueFiles: [`$values/${serviceDir(env.name, service.name)}/values.yaml`],
          },
        },
        { repoURL: platform.repoURL, targetRevision: platform.revision, ref: "values" },
        // Fawkes' own objects beside the chart: its network and mesh policies and its route.
        {
          repoURL: platform.repoURL,
          targetRevision: platform.revision,
          path: serviceDir(env.name, service.name),
          directory: { include: "manifests.yaml" },
        },
      ],
      destination: destination(env, service.namespace),
      syncPolicy: syncPolicy(env.protected),
    },
  });
}
