// The pod template of a service: restricted security, probes, resources, env and secrets, identity, traces.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import {
  OTEL_COLLECTOR_ENDPOINT,
  serviceAccountName,
  vaultAuthMount,
  vaultDataPath,
  vaultRole,
  vaultTeamPath,
} from "../../core/names.ts";
import type { ProbeSpec } from "../../core/resolved.ts";
import type { WorkloadContext } from "./context.ts";
import { selectorLabels } from "./context.ts";
import { secretName } from "./external-secret.ts";

/** The non-root user every golden-path container runs as (numeric, so runAsNonRoot can be verified). */
export const RUN_AS_USER = 10001;

export function buildProbe(probe: ProbeSpec, kind: "liveness" | "readiness" | "startup"): IProbe {
  const action =
    "command" in probe
      ? { exec: { command: [...probe.command] } }
      : { httpGet: { path: probe.path, port: probe.port ?? "http" } };
  const timing =
    kind === "startup" ? { periodSeconds: 5, failureThreshold: 30 } : { periodSeconds: 10, failureThreshold: 3 };
  return { ...action, ...timing };
}

/** The service's probes (defaults resolved) as container probes. */
export function probesOf(ctx: WorkloadContext): Pick<IContainer, "livenessProbe" | "readinessProbe" | "startupProbe"> {
  const { liveness, readiness, startup } = ctx.deployment.probes;
  return {
    ...(liveness ? { livenessProbe: buildProbe(liveness, "liveness") } : {}),
    ...(readiness ? { readinessProbe: buildProbe(readiness, "readiness") } : {}),
    ...(startup ? { startupProbe: buildProbe(startup, "startup") } : {}),
  };
}

/**
 * Services without auto-instrumentation (Go: the operator's eBPF agent needs a privileged container) export
 * OTLP with the OpenTelemetry SDK; the standard SDK variables point it at the cluster's collector.
 */
export function sdkTelemetryEnv({ service, deployment }: WorkloadContext): { name: string; value: string }[] {
  if (
    !service.sdkTelemetry ||
    !deployment.environment.features.instrumentation ||
    "OTEL_EXPORTER_OTLP_ENDPOINT" in deployment.env
  )
    return [];
  return [
    { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: OTEL_COLLECTOR_ENDPOINT },
    { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf" },
    { name: "OTEL_SERVICE_NAME", value: service.name },
    {
      name: "OTEL_RESOURCE_ATTRIBUTES",
      value: `deployment.environment.name=${deployment.environment.name},service.namespace=${service.namespace}`,
    },
  ];
}

export function buildContainer(ctx: WorkloadContext): IContainer {
  const { service, deployment } = ctx;
  const { security } = service;
  const { resources } = deployment;
  const ports = [
    ...(service.port !== undefined ? [{ name: "http", containerPort: service.port, protocol: "TCP" as const }] : []),
    ...(service.metricsPort !== undefined && service.metricsPort !== service.port
      ? [{ name: "metrics", containerPort: service.metricsPort, protocol: "TCP" as const }]
      : []),
  ];
  const env = [
    ...Object.entries(deployment.env).map(([name, value]) => ({ name, value })),
    ...(service.secretDelivery === "external-secrets"
      ? deployment.secrets.map(({ variable }) => ({
          name: variable,
          valueFrom: { secretKeyRef: { name: secretName(service.name), key: variable } },
        }))
      : []),
    // Each key of a claim's Secret (its operator makes it) as `<RESOURCE>_<KEY>`.
    ...deployment.claims.flatMap((claim) =>
      claim.variables.map(({ variable, key }) => ({
        name: variable,
        valueFrom: { secretKeyRef: { name: claim.secret.name, key } },
      })),
    ),
    ...sdkTelemetryEnv(ctx),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    name: service.name,
    image: deployment.image!,
    imagePullPolicy: "IfNotPresent",
    ...(ports.length > 0 ? { ports } : {}),
    ...(env.length > 0 ? { env } : {}),
    resources: {
      requests: { cpu: resources.cpu, memory: resources.memory },
      limits: {
        memory: resources.memoryLimit,
        ...(resources.cpuLimit ? { cpu: resources.cpuLimit } : {}),
      },
    },
    ...probesOf(ctx),
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: !security.runAsRoot,
      ...(security.runAsRoot ? { runAsUser: 0 } : {}),
      capabilities: {
        drop: ["ALL"],
        ...(security.addCapabilities.length > 0 ? { add: [...security.addCapabilities] } : {}),
      },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
  };
}

/** Vault Agent injector annotations: each secret rendered as a file under /vault/secrets/<VARIABLE>. */
export function vaultAgentAnnotations(ctx: WorkloadContext): Record<string, string> {
  const { secretDelivery, team } = ctx.service;
  const { secrets } = ctx.deployment;
  if (secretDelivery !== "vault-agent" || secrets.length === 0) return {};
  const annotations: Record<string, string> = {
    "vault.hashicorp.com/agent-inject": "true",
    // A Job's pod must end: its agent renders the secrets once and exits; long-running pods keep it to renew them.
    "vault.hashicorp.com/agent-pre-populate-only": ctx.service.type === "cronjob" ? "true" : "false",
    // Each cluster has its own Kubernetes auth mount in Vault.
    "vault.hashicorp.com/auth-path": `auth/${vaultAuthMount(ctx.deployment.environment.name)}`,
    "vault.hashicorp.com/role": vaultRole(team.name, ctx.deployment.environment.name),
  };
  for (const { variable, ...ref } of secrets) {
    // This environment's copy of the secret (or the one shared copy, when the reference says so).
    const path = vaultDataPath(vaultTeamPath(ctx.deployment.environment.name, ref));
    annotations[`vault.hashicorp.com/agent-inject-secret-${variable}`] = path;
    annotations[`vault.hashicorp.com/agent-inject-template-${variable}`] =
      `{{- with secret "${path}" -}}{{ index .Data.data ${JSON.stringify(ref.key)} }}{{- end }}`;
  }
  return annotations;
}

/** Pod annotations: OpenTelemetry auto-instrumentation where the language has it, Vault Agent injection. */
function podAnnotations(ctx: WorkloadContext): Record<string, string> | undefined {
  const instrumentation = ctx.deployment.environment.features.instrumentation;
  const annotations: Record<string, string> = { ...vaultAgentAnnotations(ctx) };
  if (instrumentation && ctx.service.language)
    annotations[`instrumentation.opentelemetry.io/inject-${ctx.service.language}`] = instrumentation;
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

export function buildPodTemplate(ctx: WorkloadContext, restartPolicy?: "Never" | "OnFailure"): IPodTemplateSpec {
  const { deployment, service } = ctx;
  const annotations = podAnnotations(ctx);
  const azure = deployment.identity?.azureClientId !== undefined;
  return {
    metadata: {
      labels: {
        ...deployment.labels,
        ...selectorLabels(ctx),
        ...(azure ? { "azure.workload.identity/use": "true" } : {}),
      },
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      serviceAccountName: serviceAccountName(service.name),
      automountServiceAccountToken: service.secretDelivery === "vault-agent",
      ...(restartPolicy ? { restartPolicy } : {}),
      securityContext: service.security.runAsRoot
        ? { seccompProfile: { type: "RuntimeDefault" } }
        : {
            runAsNonRoot: true,
            runAsUser: RUN_AS_USER,
            runAsGroup: RUN_AS_USER,
            fsGroup: RUN_AS_USER,
            seccompProfile: { type: "RuntimeDefault" },
          },
      // Where it runs: a node pool's labels and the taints it tolerates (checked against the pools).
      ...(Object.keys(deployment.nodeSelector).length > 0 ? { nodeSelector: { ...deployment.nodeSelector } } : {}),
      ...(deployment.tolerations.length > 0 ? { tolerations: deployment.tolerations.map((t) => ({ ...t })) } : {}),
      containers: [buildContainer(ctx)],
      volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
      ...(deployment.replicas > 1 && restartPolicy === undefined
        ? {
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: selectorLabels(ctx) },
              },
            ],
          }
        : {}),
    },
  };
}
