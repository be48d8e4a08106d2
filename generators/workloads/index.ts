// Rendered manifests: one folder per (environment, service) that an ArgoCD ApplicationSet points at.
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import { forEveryService, type Generator, type ServiceGenerator } from "../generator.ts";
import { serviceDir } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import { chartServiceValues } from "../../core/runtime/chart-service-pods.ts";
import { buildAuthorizationPolicy } from "./authorization.ts";
import { buildClaimNetworkPolicies, buildClaimObjects } from "./claim.ts";
import type { WorkloadContext } from "./context.ts";
import { buildExternalSecret } from "./external-secret.ts";
import { buildMonitor } from "./monitoring.ts";
import { buildNetworkPolicy } from "./network-policy.ts";
import { buildRoute } from "./routing.ts";
import { buildAutoscaler, buildDisruptionBudget } from "./scaling.ts";
import { buildService, buildServiceAccount } from "./service.ts";
import { buildWorkload } from "./workload.ts";

/** Every object of a golden-path service in one environment, in apply order. */
export function buildWorkloadObjects(ctx: WorkloadContext): KubernetesObject[] {
  return [
    buildServiceAccount(ctx),
    buildExternalSecret(ctx),
    ...buildClaimObjects(ctx),
    buildWorkload(ctx),
    buildService(ctx),
    buildAutoscaler(ctx),
    buildDisruptionBudget(ctx),
    buildNetworkPolicy(ctx),
    ...buildClaimNetworkPolicies(ctx),
    buildAuthorizationPolicy(ctx),
    buildRoute(ctx),
    buildMonitor(ctx),
  ].filter((o): o is NonNullable<typeof o> => o !== undefined);
}

/** What Fawkes itself renders beside an upstream chart: exactly the traffic the config declares. */
export function buildChartServiceObjects(ctx: WorkloadContext): KubernetesObject[] {
  return [buildNetworkPolicy(ctx), buildAuthorizationPolicy(ctx), buildRoute(ctx)].filter(
    (o): o is NonNullable<typeof o> => o !== undefined,
  );
}

/** Helm values for a service deployed from an upstream chart: the values its pods are admitted with (core/runtime). */
export function chartValues(ctx: WorkloadContext): Record<string, unknown> {
  return chartServiceValues(ctx.service, ctx.deployment);
}

/** One service's rendered manifests (and chart values) in each environment it is deployed to. */
export const generateWorkloadsOf: ServiceGenerator = (model, service) => {
  const files: OutputFile[] = [];
  for (const deployment of service.deployments) {
    const ctx: WorkloadContext = { model, service, deployment };
    const dir = () => serviceDir(deployment.environment.name, service.name);
    const common = { origin: ["services", service.name], environment: deployment.environment.name };
    if (service.chart) {
      files.push(
        emit(() => ({
          ...common,
          type: "data",
          format: "yaml",
          path: `${dir()}/values.yaml`,
          data: chartValues(ctx),
        })),
      );
      files.push(
        emit(() => ({
          ...common,
          type: "objects",
          path: `${dir()}/manifests.yaml`,
          objects: buildChartServiceObjects(ctx),
        })),
      );
    } else {
      files.push(
        emit(() => ({
          ...common,
          type: "objects",
          path: `${dir()}/manifests.yaml`,
          objects: buildWorkloadObjects(ctx),
        })),
      );
    }
  }
  return files;
};

export const generateWorkloads: Generator = forEveryService(generateWorkloadsOf);
