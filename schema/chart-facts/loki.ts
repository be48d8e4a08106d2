// Loki chart 18.11.0 from grafana-community/helm-charts (https://grafana-community.github.io/helm-charts):
// the community-maintained successor of grafana/loki's production/helm/loki chart, appVersion 3.7.6 — not
// loki-stack or loki-distributed. Fawkes runs it Monolithic: one single-binary StatefulSet, plus what the
// chart enables by default (gateway, canary DaemonSet, two memcached caches, the rules sidecar).
import type { ChartFacts, SecurityContextFact } from "./types.ts";

const T = "charts/loki/templates";
const HARDENED: SecurityContextFact = {
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  allowPrivilegeEscalation: false,
  seccompProfile: "RuntimeDefault",
};
const LOKI_POD = {
  fsGroup: 10001,
  runAsGroup: 10001,
  runAsNonRoot: true,
  runAsUser: 10001,
  seccompProfile: "RuntimeDefault",
} as const;
const MEMCACHED_POD = {
  runAsNonRoot: true,
  runAsUser: 11211,
  runAsGroup: 11211,
  fsGroup: 11211,
  seccompProfile: "RuntimeDefault",
} as const;
const NO_HOST = { hostNetwork: false, hostPID: false, hostIPC: false, hostPaths: [], hostPorts: [] } as const;

function cache(kind: "chunks" | "results") {
  return {
    name: `loki-${kind}-cache`,
    workloadKind: "StatefulSet" as const,
    namespace: "release",
    condition: `${kind}Cache.enabled (default true)`,
    selectorLabels: {
      "app.kubernetes.io/name": "loki",
      "app.kubernetes.io/instance": "loki",
      "app.kubernetes.io/component": `memcached-${kind}-cache`,
    },
    serviceAccount: "loki",
    podSecurityContext: MEMCACHED_POD,
    containers: [
      {
        name: "memcached",
        image: "docker.io/library/memcached:1.6.45-alpine",
        securityContext: { ...HARDENED, runAsNonRoot: true },
        ports: [{ name: "client", containerPort: 11211 }],
        securityContextKey: "memcached.containerSecurityContext",
        imageKey: "memcached.image",
      },
      {
        name: "exporter",
        image: "docker.io/prom/memcached-exporter:v0.17.0",
        securityContext: { ...HARDENED, runAsNonRoot: true },
        ports: [{ name: "http-metrics", containerPort: 9150 }],
        securityContextKey: "memcachedExporter.containerSecurityContext",
        imageKey: "memcachedExporter.image",
      },
    ],
    initContainers: [],
    ...NO_HOST,
    valuesKeys: {
      podSecurityContext: "memcached.podSecurityContext",
      containerSecurityContext: "memcached.containerSecurityContext",
      podLabels: `${kind}Cache.podLabels`,
      commonLabels: "commonLabels",
    },
    provenance: `${T}/${kind}-cache/statefulset.yaml`,
    note: "Component label and exporter port follow the chart's memcached helper (templates/memcached/_memcached-statefulset.tpl); the exporter's context was taken as the memcached one.",
  };
}

export const LOKI_FACTS: ChartFacts = {
  component: "loki",
  chart: "loki",
  version: "18.11.0",
  appVersion: "3.7.6",
  releaseName: "loki",
  provenance: {
    repository: "https://github.com/grafana-community/helm-charts",
    ref: "loki-18.11.0",
    commit: "3386a1156177c6bcd7fdb1ad4c6b1dda094296e0",
    chartPath: "charts/loki",
    files: [
      "charts/loki/Chart.yaml",
      "charts/loki/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/_workload.tpl`,
      `${T}/_pod.tpl`,
      `${T}/monolithic/workload.yaml`,
      `${T}/monolithic/service.yaml`,
      `${T}/loki-canary/daemonset.yaml`,
      `${T}/gateway/deployment.yaml`,
      `${T}/memcached/_memcached-statefulset.tpl`,
    ],
    verified: true,
    note: "Read at the loki-18.11.0 tag. Details of the shared workload/pod helpers (component label values of the caches and gateway) were read less closely than the values; see the per-pod notes.",
  },
  valuesAssumed: [
    "deploymentMode=Monolithic, singleBinary.replicas=1 with persistence, read/write/backend replicas 0",
    "loki.storage.type=filesystem, auth_enabled=false",
    "gateway.enabled, lokiCanary.enabled, chunksCache.enabled, resultsCache.enabled, sidecar.rules.enabled (chart defaults true)",
  ],
  pods: [
    {
      name: "loki",
      workloadKind: "StatefulSet",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "loki",
        "app.kubernetes.io/instance": "loki",
        "app.kubernetes.io/component": "single-binary",
      },
      serviceAccount: "loki",
      podSecurityContext: LOKI_POD,
      containers: [
        {
          name: "loki",
          image: "docker.io/grafana/loki:3.7.6",
          securityContext: HARDENED,
          ports: [
            { name: "http-metrics", containerPort: 3100 },
            { name: "grpc", containerPort: 9095 },
            { name: "http-memberlist", containerPort: 7946 },
          ],
          securityContextKey: "loki.containerSecurityContext",
          imageKey: "loki.image",
        },
        {
          name: "loki-sc-rules",
          image: "docker.io/kiwigrid/k8s-sidecar:2.10.1",
          securityContext: HARDENED,
          ports: [],
          securityContextKey: "sidecar.securityContext",
          imageKey: "sidecar.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {
        podSecurityContext: "loki.podSecurityContext (defaults.podSecurityContext, singleBinary.podSecurityContext)",
        containerSecurityContext: "loki.containerSecurityContext",
        podLabels: "singleBinary.podLabels",
        commonLabels: "commonLabels",
        image: "loki.image",
      },
      provenance: `${T}/monolithic/workload.yaml`,
      note: "Rendered through the shared loki.component helper (_workload.tpl, _pod.tpl) with target single-binary.",
    },
    {
      name: "loki-gateway",
      workloadKind: "Deployment",
      namespace: "release",
      condition: "gateway.enabled (default true)",
      selectorLabels: {
        "app.kubernetes.io/name": "loki",
        "app.kubernetes.io/instance": "loki",
        "app.kubernetes.io/component": "gateway",
      },
      serviceAccount: "loki",
      podSecurityContext: {
        fsGroup: 101,
        runAsGroup: 101,
        runAsNonRoot: true,
        runAsUser: 101,
        seccompProfile: "RuntimeDefault",
      },
      containers: [
        {
          name: "nginx",
          image: "docker.io/nginxinc/nginx-unprivileged:1.31-alpine",
          securityContext: HARDENED,
          ports: [{ name: "http-metrics", containerPort: 8080 }],
          securityContextKey: "gateway.containerSecurityContext",
          imageKey: "gateway.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {
        podSecurityContext: "gateway.podSecurityContext",
        containerSecurityContext: "gateway.containerSecurityContext",
        podLabels: "gateway.podLabels",
        commonLabels: "commonLabels",
        image: "gateway.image",
      },
      provenance: `${T}/gateway/deployment.yaml`,
    },
    {
      name: "loki-canary",
      workloadKind: "DaemonSet",
      namespace: "release",
      condition: "lokiCanary.enabled (default true, kind DaemonSet)",
      selectorLabels: {
        "app.kubernetes.io/name": "loki",
        "app.kubernetes.io/instance": "loki",
        "app.kubernetes.io/component": "canary",
      },
      serviceAccount: "loki-canary",
      podSecurityContext: {
        fsGroup: 10001,
        runAsGroup: 10001,
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: "RuntimeDefault",
      },
      containers: [
        {
          name: "canary",
          image: "docker.io/grafana/loki-canary:3.7.6",
          securityContext: HARDENED,
          ports: [{ name: "http-metrics", containerPort: 3500 }],
          securityContextKey: "lokiCanary.containerSecurityContext",
          imageKey: "lokiCanary.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {
        podSecurityContext: "lokiCanary.podSecurityContext",
        containerSecurityContext: "lokiCanary.containerSecurityContext",
        podLabels: "lokiCanary.podLabels",
        commonLabels: "commonLabels",
        image: "lokiCanary.image",
      },
      provenance: `${T}/loki-canary/daemonset.yaml`,
      note: "A DaemonSet on every node of the central cluster, without host access.",
    },
    cache("chunks"),
    cache("results"),
  ],
  services: [
    {
      name: "loki",
      ports: [
        { name: "http-metrics", port: 3100, targetPort: "http-metrics" },
        { name: "grpc", port: 9095, targetPort: "grpc" },
      ],
      selects: "loki",
      provenance: `${T}/monolithic/service.yaml`,
    },
    {
      name: "loki-gateway",
      ports: [{ name: "http-metrics", port: 80, targetPort: "http-metrics" }],
      selects: "loki-gateway",
      provenance: `${T}/gateway/service.yaml`,
    },
    {
      name: "loki-canary",
      ports: [{ name: "http-metrics", port: 3500, targetPort: "http-metrics" }],
      selects: "loki-canary",
      provenance: `${T}/loki-canary/service.yaml`,
    },
  ],
  webhooks: [],
  secretsRead: [],
  configMapsRead: [
    {
      name: "loki",
      readBy: "loki",
      createdByChart: true,
      note: "the Loki configuration (loki.configStorageType default ConfigMap)",
    },
    { name: "loki-runtime", readBy: "loki", createdByChart: true },
    { name: "loki-gateway", readBy: "loki-gateway", createdByChart: true },
  ],
  createsSecrets: [],
};
