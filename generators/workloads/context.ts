import type { ResolvedConfig, ResolvedDeployment, ResolvedService } from "../../core/resolved.ts";

/** One service in one environment: what every workload builder reads. */
export interface WorkloadContext {
  readonly model: ResolvedConfig;
  readonly service: ResolvedService;
  readonly deployment: ResolvedDeployment;
}

/** metadata for an object of the service in its namespace. */
export function objectMeta(
  ctx: WorkloadContext,
  name = ctx.service.name,
): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace: ctx.service.namespace, labels: { ...ctx.deployment.labels } };
}

/** Services deployed in the same environment that call this one. */
export function callersIn(ctx: WorkloadContext): readonly ResolvedService[] {
  return ctx.deployment.callers;
}

/** Labels that select the service's pods (stable across releases). */
export function selectorLabels(ctx: WorkloadContext): Record<string, string> {
  return { ...ctx.service.selectorLabels };
}
