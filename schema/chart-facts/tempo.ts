// Tempo chart 2.2.4 from grafana-community/helm-charts: the single-binary tempo StatefulSet.
import type { ChartFacts } from "./types.ts";

const T = "charts/tempo/templates";

export const TEMPO_FACTS: ChartFacts = {
  component: "tempo",
  chart: "tempo",
  version: "2.2.4",
  appVersion: "2.10.8",
  releaseName: "tempo",
  provenance: {
    repository: "https://github.com/grafana-community/helm-charts",
    ref: "tempo-2.2.4",
    commit: "7d2a00b35a277517aca7f815f7c84220e5dacf1e",
    chartPath: "charts/tempo",
    files: [
      "charts/tempo/Chart.yaml",
      "charts/tempo/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/_ports.tpl`,
      `${T}/statefulset.yaml`,
      `${T}/service.yaml`,
      `${T}/configmap-tempo.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "tempo.retention",
    "persistence.enabled=true, persistence.storageClassName",
    "tempoQuery.enabled=false (chart default)",
  ],
  pods: [
    {
      name: "tempo",
      workloadKind: "StatefulSet",
      namespace: "release",
      selectorLabels: { "app.kubernetes.io/name": "tempo", "app.kubernetes.io/instance": "tempo" },
      serviceAccount: "tempo",
      podSecurityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
      containers: [
        {
          name: "tempo",
          image: "docker.io/grafana/tempo:2.10.8",
          // tempo.securityContext defaults to {}: nothing rendered.
          securityContext: null,
          ports: [
            { name: "prom-metrics", containerPort: 3200 },
            { name: "jaeger-thrift-compact", containerPort: 6831, protocol: "UDP" },
            { name: "jaeger-thrift-binary", containerPort: 6832, protocol: "UDP" },
            { name: "jaeger-thrift-http", containerPort: 14268 },
            { name: "grpc-jaeger", containerPort: 14250 },
            { name: "zipkin", containerPort: 9411 },
            { name: "otlp-legacy", containerPort: 55680 },
            { name: "otlp-grpc", containerPort: 4317 },
            { name: "otlp-http-legacy", containerPort: 55681 },
            { name: "otlp-http", containerPort: 4318 },
          ],
          securityContextKey: "tempo.securityContext",
          imageKey: "tempo.repository / tempo.tag",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "securityContext",
        containerSecurityContext: "tempo.securityContext",
        podLabels: "podLabels",
        commonLabels: "global.commonLabels",
        image: "tempo.repository",
      },
      provenance: `${T}/statefulset.yaml`,
      note: "No seccomp profile, no capabilities drop and no allowPrivilegeEscalation=false by default.",
    },
  ],
  services: [
    {
      name: "tempo",
      ports: [
        { name: "tempo-prom-metrics", port: 3200, targetPort: 3200 },
        { name: "tempo-otlp-grpc", port: 4317, targetPort: 4317 },
        { name: "tempo-otlp-http", port: 4318, targetPort: 4318 },
      ],
      selects: "tempo",
      provenance: `${T}/service.yaml`,
    },
  ],
  webhooks: [],
  secretsRead: [],
  configMapsRead: [{ name: "tempo", readBy: "tempo", createdByChart: true }],
  createsSecrets: [],
};
