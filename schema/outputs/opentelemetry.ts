// The fields Fawkes emits of the OpenTelemetry Operator's CRDs (opentelemetry.io), for validation.
import * as z from "zod";

const metadata = z
  .object({
    name: z.string().min(1),
    namespace: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const instrumentationSchema = z
  .object({
    apiVersion: z.literal("opentelemetry.io/v1alpha1"),
    kind: z.literal("Instrumentation"),
    metadata,
    spec: z
      .object({
        exporter: z.object({ endpoint: z.url() }).strict(),
        propagators: z.array(z.enum(["tracecontext", "baggage", "b3", "b3multi", "jaeger", "xray", "ottrace", "none"])),
        sampler: z
          .object({
            type: z.enum([
              "always_on",
              "always_off",
              "traceidratio",
              "parentbased_always_on",
              "parentbased_always_off",
              "parentbased_traceidratio",
            ]),
            argument: z.string().optional(),
          })
          .strict(),
        resource: z.object({ addK8sUIDAttributes: z.boolean().optional() }).strict().optional(),
        java: z.object({ image: z.string() }).strict().optional(),
        nodejs: z.object({ image: z.string() }).strict().optional(),
        python: z.object({ image: z.string() }).strict().optional(),
        dotnet: z.object({ image: z.string() }).strict().optional(),
        env: z.array(z.object({ name: z.string().min(1), value: z.string() }).strict()).optional(),
      })
      .strict(),
  })
  .strict();

export const collectorSchema = z
  .object({
    apiVersion: z.literal("opentelemetry.io/v1beta1"),
    kind: z.literal("OpenTelemetryCollector"),
    metadata,
    spec: z
      .object({
        mode: z.enum(["deployment", "daemonset", "statefulset", "sidecar"]),
        replicas: z.number().int().min(1).optional(),
        config: z
          .object({
            receivers: z.record(z.string(), z.unknown()),
            processors: z.record(z.string(), z.unknown()).optional(),
            exporters: z.record(z.string(), z.unknown()),
            service: z
              .object({
                pipelines: z.record(
                  z.string(),
                  z
                    .object({
                      receivers: z.array(z.string()),
                      processors: z.array(z.string()).optional(),
                      exporters: z.array(z.string()),
                    })
                    .strict(),
                ),
              })
              .strict(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

export type Instrumentation = z.infer<typeof instrumentationSchema>;
export type OpenTelemetryCollector = z.infer<typeof collectorSchema>;
