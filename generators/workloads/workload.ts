// The workload itself: a Deployment for web services and workers, a CronJob for scheduled jobs.
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";
import { buildPodTemplate } from "./pod.ts";

export function buildWorkload(ctx: WorkloadContext): Deployment | CronJob {
  const { service, deployment } = ctx;
  if (service.type === "cronjob") {
    return new CronJob({
      metadata: objectMeta(ctx),
      spec: {
        schedule: deployment.schedule!,
        timeZone: deployment.timeZone ?? "Etc/UTC",
        concurrencyPolicy: "Forbid",
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels: { ...deployment.labels } },
          spec: { backoffLimit: 2, activeDeadlineSeconds: 3600, template: buildPodTemplate(ctx, "Never") },
        },
      },
    });
  }
  return new Deployment({
    metadata: objectMeta(ctx),
    spec: {
      // With an autoscaler the HPA owns the replica count; writing it here would fight it on every sync.
      ...(deployment.autoscale ? {} : { replicas: deployment.replicas }),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(ctx) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: buildPodTemplate(ctx),
    },
  });
}
