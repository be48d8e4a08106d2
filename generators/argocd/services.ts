// Services: per team and environment, an ApplicationSet over the team's rendered service folders; services
// deployed from an upstream chart get an Application with the chart and their values through `$values`.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedService, ResolvedTeam } from "../../core/resolved.ts";
import { SYNC_WAVE_ANNOTATION, serviceAppName, serviceDir, teamServicesAppSetName } from "../../core/names.ts";
import { syncWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { appMeta, destination, syncPolicy } from "./common.ts";
import { chunkByBytes } from "../../core/chunk-by-bytes.ts";

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

/**
 * Bytes of list elements one ApplicationSet may carry. The root Application applies it client-side, which
 * keeps a copy of the whole object in its `last-applied-configuration` annotation, and the API server allows
 * 256 KiB of annotations in all (TotalAnnotationSizeLimitB, k8s.io/apimachinery/pkg/api/validation/
 * objectmeta.go): 224 KiB of elements, with the template (about 2 KiB), keeps that copy 30 KiB under it.
 * (It was 256 KiB, whose sets could not be applied near it. Lowering it moves a team's services between its
 * sets only where they passed 224 KiB, about 1,100 services in one environment.)
 */
export const APPLICATION_SET_ELEMENT_BYTES = 224 * 1024;

type Element = Record<string, string>;

/** Consecutive runs of elements, each within the byte budget (one element over it still gets its own run). */
export function chunkElements(elements: readonly Element[], budget = APPLICATION_SET_ELEMENT_BYTES): Element[][] {
  return chunkByBytes(elements, budget, (element) => Buffer.byteLength(JSON.stringify(element)));
}

/**
 * A team's services in one environment: one ApplicationSet, named `<team>-<env>`, or for a team too large
 * for one object several (`<team>-<env>`, `<team>-<env>-2`, …), the services in their config order.
 */
export function buildServicesApplicationSets(
  model: ResolvedConfig,
  team: ResolvedTeam,
  env: ResolvedEnvironment,
  services: readonly ResolvedService[],
): ApplicationSet[] {
  const dora = model.installed("devlake") !== undefined;
  const elements = services.map((s): Element =>
    dora
      ? {
          service: s.name,
          repo: s.build?.repo ?? "",
          commit: s.deployments.find((d) => d.environment === env)?.sourceCommit ?? "",
        }
      : { service: s.name },
  );
  return chunkElements(elements).map((chunk, i) =>
    buildServicesApplicationSet(
      model,
      team,
      env,
      chunk,
      i === 0 ? teamServicesAppSetName(team.name, env.name) : `${teamServicesAppSetName(team.name, env.name)}-${i + 1}`,
    ),
  );
}

function buildServicesApplicationSet(
  model: ResolvedConfig,
  team: ResolvedTeam,
  env: ResolvedEnvironment,
  elements: readonly Element[],
  name: string,
): ApplicationSet {
  const { platform } = model;
  const labels = { "fawkes.dev/team": team.name, "fawkes.dev/environment": env.name };
  const dora = model.installed("devlake") !== undefined;
  // Every part of a split set syncs in the wave the graph gives the team's set.
  const wave = syncWaveOf(model, "ApplicationSet", teamServicesAppSetName(team.name, env.name));
  return new ApplicationSet({
    metadata: {
      name,
      namespace: platform.argocdNamespace,
      labels,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(wave) },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ list: { elements: [...elements] } }],
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
    metadata: appMeta(
      platform,
      serviceAppName(service.name, env.name),
      {
        "fawkes.dev/team": service.team.name,
        "fawkes.dev/environment": env.name,
        "app.kubernetes.io/name": service.name,
      },
      syncWaveOf(model, "Application", serviceAppName(service.name, env.name)),
    ),
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
