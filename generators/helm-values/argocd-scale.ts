// The Argo CD settings a large fleet needs, from the number of Applications and clusters this config gives
// it. The numbers are the upstream operator manual's (argoproj/argo-cd v3.3.6,
// docs/operator-manual/high_availability.md): "For 1000 application we use 50 for `--status-processors` and
// 25 for `--operation-processors`" (defaults 20 and 10); clusters are sharded across controller replicas
// (ARGOCD_CONTROLLER_REPLICAS, which the argo-cd chart 9.4.17 sets from `controller.replicas`); the repo
// server's `--parallelismlimit` caps concurrent manifest generations "and helps avoid OOM kills". The keys
// are the chart's `configs.params` (argocd-cmd-params-cm: controller.status.processors,
// controller.operation.processors, reposerver.parallelism.limit). A fleet within the defaults gets nothing.
//
// The repo server also refuses a directory-type source whose .yaml, .yml and .json files pass
// `reposerver.max.combined.directory.manifests.size`, 10M by default (argoproj/argo-cd GHSA-jhqp-vf4w-rpwq,
// since v2.4.1; the chart 9.4.17 passes the key of argocd-cmd-params-cm to the repo server). Fawkes' largest
// directories grow with the services: the management cluster's monitoring namespace (a RED dashboard per
// service, and the teams' pages), 6.4 to 9.7 KB a service as names grow, passed it near 1,600 services; the
// root Application's `out/platform/apps`, about 400 bytes a service and environment. A platform whose
// estimate nears the default gets a limit above it.
import type { ResolvedConfig } from "../../core/resolved.ts";

/** Applications one controller replica handles before clusters are sharded over more replicas. */
export const APPLICATIONS_PER_CONTROLLER = 2000;
/** Concurrent manifest generations per repo server once the fleet passes 1,000 Applications. */
export const REPO_SERVER_PARALLELISM = 10;

/**
 * An upper bound of a directory source's bytes per service (test/argocd-scale.test.ts measures the real ones
 * on a team of 4,000 services with names of 40 characters), and of what does not grow with them.
 */
export const DIRECTORY_BYTES_PER_SERVICE = 12 * 1024;
export const DIRECTORY_BYTES_BASE = 512 * 1024;
/** Argo CD's default `reposerver.max.combined.directory.manifests.size` ("10M", read as a quantity: 10⁷ bytes). */
const DIRECTORY_LIMIT_DEFAULT = 10_000_000;
const MIB = 1024 * 1024;

export interface ArgocdScale {
  readonly applications: number;
  readonly clusters: number;
  readonly statusProcessors: number;
  readonly operationProcessors: number;
  readonly controllerReplicas: number;
  readonly repoServerParallelism: number | undefined;
  /** The largest directory source's bytes, at most (an estimate from the number of services). */
  readonly directoryBytes: number;
  /** `reposerver.max.combined.directory.manifests.size` when the default is too small (`40Mi`: a Kubernetes quantity). */
  readonly directoryLimit: string | undefined;
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
  const directoryBytes = DIRECTORY_BYTES_BASE + model.services.length * DIRECTORY_BYTES_PER_SERVICE;
  // A quarter above the estimate, in whole MiB; nothing while the estimate stays 20% under the default.
  const directoryLimit =
    directoryBytes > 0.8 * DIRECTORY_LIMIT_DEFAULT ? `${Math.ceil((1.25 * directoryBytes) / MIB)}Mi` : undefined;
  return {
    applications,
    clusters,
    statusProcessors: Math.max(20, 50 * thousands),
    operationProcessors: Math.max(10, 25 * thousands),
    controllerReplicas,
    repoServerParallelism: applications > 1000 ? REPO_SERVER_PARALLELISM : undefined,
    directoryBytes,
    directoryLimit,
  };
}

/** The chart values for a fleet of this size: empty for one within Argo CD's defaults. */
export function argocdScaleValues(scale: ArgocdScale): {
  params: Record<string, number | string>;
  controller?: { replicas: number };
} {
  const directory: Record<string, string> = scale.directoryLimit
    ? { "reposerver.max.combined.directory.manifests.size": scale.directoryLimit }
    : {};
  if (scale.applications <= 400) return { params: directory };
  return {
    params: {
      "controller.status.processors": scale.statusProcessors,
      "controller.operation.processors": scale.operationProcessors,
      ...(scale.repoServerParallelism ? { "reposerver.parallelism.limit": scale.repoServerParallelism } : {}),
      ...directory,
    },
    ...(scale.controllerReplicas > 1 ? { controller: { replicas: scale.controllerReplicas } } : {}),
  };
}
