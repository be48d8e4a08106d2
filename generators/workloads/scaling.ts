// HorizontalPodAutoscaler when autoscaling; PodDisruptionBudget when more than one replica runs.
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";

export function buildAutoscaler(ctx: WorkloadContext): HorizontalPodAutoscaler | undefined {
  const autoscale = ctx.deployment.autoscale;
  if (!autoscale || ctx.service.type === "cronjob") return undefined;
  return new HorizontalPodAutoscaler({
    metadata: objectMeta(ctx),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: ctx.service.name },
      minReplicas: autoscale.min,
      maxReplicas: autoscale.max,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: autoscale.cpuUtilization } },
        },
      ],
    },
  });
}

export function buildDisruptionBudget(ctx: WorkloadContext): PodDisruptionBudget | undefined {
  if (ctx.service.type === "cronjob" || ctx.deployment.replicas <= 1) return undefined;
  return new PodDisruptionBudget({
    metadata: objectMeta(ctx),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(ctx) } },
  });
}
