// Prometheus scraping: a ServiceMonitor for web services, a PodMonitor for workers.
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";

export function buildMonitor(ctx: WorkloadContext): ServiceMonitor | PodMonitor | undefined {
  const { service, deployment } = ctx;
  if (
    service.metricsPort === undefined ||
    service.metricsPath === undefined ||
    !deployment.environment.features.monitoringNamespace
  )
    return undefined;
  const port = service.metricsPort === service.port ? "http" : "metrics";
  const endpoint = { port, path: service.metricsPath, interval: "30s", scrapeTimeout: "10s" };
  if (service.port !== undefined) {
    return new ServiceMonitor({
      metadata: objectMeta(ctx),
      spec: { selector: { matchLabels: selectorLabels(ctx) }, endpoints: [endpoint] },
    });
  }
  return new PodMonitor({
    metadata: objectMeta(ctx),
    spec: { selector: { matchLabels: selectorLabels(ctx) }, podMetricsEndpoints: [endpoint] },
  });
}
