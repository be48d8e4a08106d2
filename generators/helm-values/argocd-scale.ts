// The Argo CD settings a large fleet needs, from the number of Applications and clusters this config gives
// it. The numbers are the upstream operator manual's (argoproj/argo-cd v3.3.6,
// docs/operator-manual/high_availability.md): "For 1000 application we use 50 for `--status-processors` and
// 25 for `--operation-processors`" (defaults 20 and 10); clusters are sharded across controller replicas
// (ARGOCD_CONTROLLER_REPLICAS, which the argo-cd chart 9.4.17 sets from `controller.replicas`); the repo
// server's `--parallelismlimit` caps concurrent manifest generations "and helps avoid OOM kills". The keys
// are the chart's `configs.params` (argocd-cmd-params-cm: controller.status.processors,
// controller.operation.processors, reposerver.parallelism.limit). A fleet within the defaults gets nothing.
import type { ResolvedConfig } from "../../core/resolved.ts";

/** Applications one controller replica handles before clusters are sharded over more replicas. */
export const APPLICATIONS_PER_CONTROLLER = 2000;
/** Concurrent manifest generations per repo server once the fleet passes 1,000 Applications. */
export const REPO_SERVER_PARALLELISM = 10;

export interface ArgocdScale {
  readonly applications: number;
  readonly clusters: number;
  readonly statusProcessors: number;
  readonly operationProcessors: number;
  readonly controllerReplicas: number;
  readonly repoServerParallelism: number | undefined;
}

/** Every Application ArgoCD reconciles: one per service and environment, per component and cluster, and the roots. */
export function applicationCount(model: ResolvedConfig): number {
  const services = model.services.reduce((n, s) => n + s.deployments.length, 0);
  const components = model.components.reduce((n, c) => n + c.environments.length, 0);
  // The root Application and each environment's namespaces and cluster configuration.
  return services + components + 1 + 2 * model.environments.length;
}

export function argocdScale(model: ResolvedConfig): ArgocdScale {
  const applications = applicationCount(model);
  const clusters = model.environments.length;
  const controllerReplicas = Math.max(1, Math.min(clusters, Math.ceil(applications / APPLICATIONS_PER_CONTROLLER)));
  // Processors are per replica, for the Applications of its share of the clusters.
  const thousands = Math.ceil(applications / controllerReplicas / 1000);
  return {
    applications,
    clusters,
    statusProcessors: Math.max(20, 50 * thousands),
    operationProcessors: Math.max(10, 25 * thousands),
    controllerReplicas,
    repoServerParallelism: applications > 1000 ? REPO_SERVER_PARALLELISM : undefined,
  };
}

/** The chart values for a fleet of this size: empty for one within Argo CD's defaults. */
export function argocdScaleValues(scale: ArgocdScale): {
  params: Record<string, number>;
  controller?: { replicas: number };
} {
  if (scale.applications <= 400) return { params: {} };
  return {
    params: {
      "controller.status.processors": scale.statusProcessors,
      "controller.operation.processors": scale.operationProcessors,
      ...(scale.repoServerParallelism ? { "reposerver.parallelism.limit": scale.repoServerParallelism } : {}),
    },
    ...(scale.controllerReplicas > 1 ? { controller: { replicas: scale.controllerReplicas } } : {}),
  };
}
