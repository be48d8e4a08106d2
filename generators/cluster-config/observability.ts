// Traces: a collector per cluster that forwards to the central Tempo, and the Instrumentation that the
// workloads' auto-instrumentation annotations point at.
import { CustomObject } from "../../core/custom-object.ts";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { INSTRUMENTED_LANGUAGES, instrumentationImage } from "../../core/runtime/mutations.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { collectorSchema, instrumentationSchema, type Instrumentation, type OpenTelemetryCollector } from "../../schema/outputs/opentelemetry.ts";
import { centralEndpoint, platformLabels, type ClusterContext } from "./context.ts";

const COLLECTOR = "otel";
const namespace = COMPONENT_CATALOG.opentelemetryOperator.namespace;

/** OTLP/HTTP endpoint of the cluster's collector (the operator names its Service `<name>-collector`). */
export const COLLECTOR_ENDPOINT = `http://${COLLECTOR}-collector.${namespace}.svc:4318`;

export function buildObservability(ctx: ClusterContext): CustomObject<Instrumentation | OpenTelemetryCollector>[] {
  if (!ctx.env.features.instrumentation) return [];
  const labels = platformLabels(ctx.env);
  const tempo = centralEndpoint(ctx, "tempo", `http://tempo.${COMPONENT_CATALOG.tempo.namespace}.svc:4318`);
  const collector: OpenTelemetryCollector = {
    apiVersion: "opentelemetry.io/v1beta1",
    kind: "OpenTelemetryCollector",
    metadata: { name: COLLECTOR, namespace, labels },
    spec: {
      mode: "deployment",
      replicas: ctx.env.features.replicas,
      config: {
        receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
        processors: { batch: {}, k8sattributes: {} },
        exporters: { "otlphttp/tempo": { endpoint: tempo } },
        service: { pipelines: { traces: { receivers: ["otlp"], processors: ["k8sattributes", "batch"], exporters: ["otlphttp/tempo"] } } },
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
      sampler: { type: "parentbased_traceidratio", argument: ctx.env.protected ? "0.1" : "1" },
      // Pinned here, so the init container the operator injects is exactly the image the registry policy admits.
      ...Object.fromEntries(INSTRUMENTED_LANGUAGES.map((language) => [language, { image: instrumentationImage(language) }])),
    },
  };
  return [new CustomObject(collectorSchema, collector), new CustomObject(instrumentationSchema, instrumentation)];
}
