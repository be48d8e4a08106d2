// Rendered manifests: one folder per (environment, service) that an ArgoCD ApplicationSet points at.
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import type { Generator } from "../generator.ts";
import { serviceDir } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import { buildAuthorizationPolicy } from "./authorization.ts";
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
    buildWorkload(ctx),
    buildService(ctx),
    buildAutoscaler(ctx),
    buildDisruptionBudget(ctx),
    buildNetworkPolicy(ctx),
    buildAuthorizationPolicy(ctx),
    buildRoute(ctx),
    buildMonitor(ctx),
  ].filter((o): o is NonNullable<typeof o> => o !== undefined);
}

/** Helm values for a service deployed from an upstream chart: the config's values over Fawkes' names. */
export function chartValues(ctx: WorkloadContext): Record<string, unknown> {
  return { fullnameOverride: ctx.service.name, ...ctx.service.chart!.values };
}

export const generateWorkloads: Generator = (model) => {
  const files: OutputFile[] = [];
  for (const service of model.services) {
    for (const deployment of service.deployments) {
      const ctx: WorkloadContext = { model, service, deployment };
      const dir = () => serviceDir(deployment.environment.name, service.name);
      const common = { origin: ["services", service.name], environment: deployment.environment.name };
      files.push(service.chart
        ? emit(() => ({ ...common, type: "data", format: "yaml", path: `${dir()}/values.yaml`, data: chartValues(ctx) }))
        : emit(() => ({ ...common, type: "objects", path: `${dir()}/manifests.yaml`, objects: buildWorkloadObjects(ctx) })));
    }
  }
  return files;
};
