// Fluent Bit chart 0.58.1: a DaemonSet that tails every container's logs from the node.
import type { ChartFacts } from "./types.ts";

const T = "charts/fluent-bit/templates";

export const FLUENT_BIT_FACTS: ChartFacts = {
  component: "fluentBit",
  chart: "fluent-bit",
  version: "0.58.1",
  appVersion: "5.1.1",
  releaseName: "fluent-bit",
  provenance: {
    repository: "https://github.com/fluent/helm-charts",
    ref: "fluent-bit-0.58.1",
    commit: "22a564dc85600c67d97e01a5b4cdf3b829292529",
    chartPath: "charts/fluent-bit",
    files: [
      "charts/fluent-bit/Chart.yaml",
      "charts/fluent-bit/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/_pod.tpl`,
      `${T}/daemonset.yaml`,
      `${T}/service.yaml`,
      `${T}/configmap.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "config.outputs: the Loki output (in-cluster or through the central Gateway)",
    "kind=DaemonSet, hostNetwork=false, hotReload.enabled=false (chart defaults)",
  ],
  pods: [
    {
      name: "fluent-bit",
      workloadKind: "DaemonSet",
      namespace: "release",
      selectorLabels: { "app.kubernetes.io/name": "fluent-bit", "app.kubernetes.io/instance": "fluent-bit" },
      serviceAccount: "fluent-bit",
      podSecurityContext: null,
      containers: [
        {
          name: "fluent-bit",
          image: "cr.fluentbit.io/fluent/fluent-bit:5.1.1",
          securityContext: null,
          ports: [{ name: "http", containerPort: 2020 }],
          securityContextKey: "securityContext",
          imageKey: "image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [
        { volume: "varlog", path: "/var/log" },
        { volume: "varlibdockercontainers", path: "/var/lib/docker/containers", readOnly: true },
        { volume: "etcmachineid", path: "/etc/machine-id", readOnly: true },
      ],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "podSecurityContext",
        containerSecurityContext: "securityContext",
        podLabels: "podLabels",
        commonLabels: "labels",
        image: "image",
      },
      provenance: `${T}/_pod.tpl`,
      note: "Both security contexts default to {} (runs as the image's user, root). Host paths come from daemonSetVolumes; /var/log is mounted read-write (the tail DB lives there). Host paths alone fail baseline, so the pod needs the policy exception; the container context can still be tightened (drop ALL, seccomp RuntimeDefault, no privilege escalation) through securityContext.",
    },
  ],
  services: [
    {
      name: "fluent-bit",
      ports: [{ name: "http", port: 2020, targetPort: "http" }],
      selects: "fluent-bit",
      provenance: `${T}/service.yaml`,
    },
  ],
  webhooks: [],
  secretsRead: [],
  configMapsRead: [{ name: "fluent-bit", readBy: "fluent-bit", createdByChart: true }],
  createsSecrets: [],
};
