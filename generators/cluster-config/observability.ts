// OpenTelemetry: a collector per cluster with three pipelines (traces to the central Tempo, metrics to the
// cluster's Prometheus, logs to the central Loki's OTLP endpoint), and the Instrumentation that the
// workloads' auto-instrumentation annotations point at.
import { CustomObject } from "../../core/custom-object.ts";
import { OTEL_COLLECTOR_ENDPOINT, PLATFORM_NAMES } from "../../core/names.ts";
import { INSTRUMENTED_LANGUAGES, instrumentationImage } from "../../core/runtime/mutations.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import {
  collectorSchema,
  instrumentationSchema,
  type Instrumentation,
  type OpenTelemetryCollector,
} from "../../schema/outputs/opentelemetry.ts";
import { centralEndpoint, platformLabels, type ClusterContext } from "./context.ts";

const COLLECTOR = "otel";
const namespace = COMPONENT_CATALOG.opentelemetryOperator.namespace;

/** OTLP/HTTP endpoint of the cluster's collector (the operator names its Service `<name>-collector`). */
export const COLLECTOR_ENDPOINT = OTEL_COLLECTOR_ENDPOINT;

export function buildObservability(ctx: ClusterContext): CustomObject<Instrumentation | OpenTelemetryCollector>[] {
  if (!ctx.env.features.instrumentation) return [];
  const labels = platformLabels(ctx.env);
  const tempo = centralEndpoint(ctx, "tempo", `http://tempo.${COMPONENT_CATALOG.tempo.namespace}.svc:4318`);
  const loki = centralEndpoint(ctx, "loki", `http://loki.${COMPONENT_CATALOG.loki.namespace}.svc:3100`);
  const collector: OpenTelemetryCollector = {
    apiVersion: "opentelemetry.io/v1beta1",
    kind: "OpenTelemetryCollector",
    metadata: { name: COLLECTOR, namespace, labels },
    spec: {
      mode: "deployment",
      replicas: ctx.env.features.replicas,
      config: {
        receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
        // Every signal names its environment, so the one central Grafana can tell them apart.
        processors: {
          batch: {},
          k8sattributes: {},
          "resource/environment": {
            attributes: [{ key: "deployment.environment.name", value: ctx.env.name, action: "upsert" }],
          },
        },
        exporters: {
          "otlphttp/tempo": { endpoint: tempo },
          // Prometheus accepts remote write (prometheus.prometheusSpec.enableRemoteWriteReceiver).
          prometheusremotewrite: {
            endpoint: `http://kube-prometheus-stack-prometheus.${COMPONENT_CATALOG.kubePrometheusStack.namespace}.svc:9090/api/v1/write`,
            resource_to_telemetry_conversion: { enabled: true },
          },
          // Loki 3 ingests OTLP logs at /otlp.
          "otlphttp/loki": { endpoint: `${loki}/otlp` },
        },
        service: {
          pipelines: {
            traces: {
              receivers: ["otlp"],
              processors: ["k8sattributes", "resource/environment", "batch"],
              exporters: ["otlphttp/tempo"],
            },
            metrics: {
              receivers: ["otlp"],
              processors: ["k8sattributes", "resource/environment", "batch"],
              exporters: ["prometheusremotewrite"],
            },
            logs: {
              receivers: ["otlp"],
              processors: ["k8sattributes", "resource/environment", "batch"],
              exporters: ["otlphttp/loki"],
            },
          },
        },
      },
    },
  };
  const instrumentation: Instrumentation = {
    apiVersion: "opentelemetry.io/v1alpha1",
    kind: "Instrumentation",
    metadata: { name: PLATFORM_NAMES.instrumentation, namespace, labels },
    spec: {
      exporter: { endpoint: COLLECTOR_ENDPOINT },
      propagators: ["tracecontext", "baggage"],
      // The stable HTTP semantic conventions (http.server.request.duration in seconds) that dashboards and SLOs read.
      env: [{ name: "OTEL_SEMCONV_STABILITY_OPT_IN", value: "http" }],
      sampler: { type: "parentbased_traceidratio", argument: ctx.env.protected ? "0.1" : "1" },
      // Pinned here, so the init container the operator injects is exactly the image the registry policy admits.
      ...Object.fromEntries(
        INSTRUMENTED_LANGUAGES.map((language) => [language, { image: instrumentationImage(language) }]),
      ),
    },
  };
  return [new CustomObject(collectorSchema, collector), new CustomObject(instrumentationSchema, instrumentation)];
}
