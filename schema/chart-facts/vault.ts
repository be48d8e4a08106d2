// HashiCorp Vault chart 0.34.1: the server StatefulSet and the Agent Injector (mutating webhook).
import type { ChartFacts } from "./types.ts";

const T = "templates";

export const VAULT_FACTS: ChartFacts = {
  component: "vault",
  chart: "vault",
  version: "0.34.1",
  appVersion: "2.0.4",
  releaseName: "vault",
  provenance: {
    repository: "https://github.com/hashicorp/vault-helm",
    ref: "v0.34.1",
    commit: "aa1c92e4adddbce9660e536dfe5222a88eda6d52",
    chartPath: "",
    files: [
      "Chart.yaml",
      "values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/server-statefulset.yaml`,
      `${T}/injector-deployment.yaml`,
      `${T}/injector-mutating-webhook.yaml`,
      `${T}/injector-service.yaml`,
      `${T}/server-service.yaml`,
      `${T}/ui-service.yaml`,
      `${T}/injector-certs-secret.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "injector.enabled=true",
    "ui.enabled=true",
    "server.dataStorage.enabled=true",
    "server.standalone.enabled=true, or server.ha.enabled=true with raft (3 replicas)",
    "csi.enabled=false (chart default)",
  ],
  pods: [
    {
      name: "vault",
      workloadKind: "StatefulSet",
      namespace: "release",
      selectorLabels: { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": "vault", component: "server" },
      serviceAccount: "vault",
      // Chart default when server.statefulSet.securityContext.pod is empty (and not OpenShift).
      podSecurityContext: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000 },
      containers: [
        {
          name: "vault",
          image: "docker.io/hashicorp/vault:2.0.4",
          implicitRegistry: true,
          // Only this is set by default: no capabilities drop, no seccomp profile.
          securityContext: { allowPrivilegeEscalation: false },
          ports: [
            { name: "http", containerPort: 8200 },
            { name: "https-internal", containerPort: 8201 },
            { name: "http-rep", containerPort: 8202 },
          ],
          securityContextKey: "server.statefulSet.securityContext.container",
          imageKey: "server.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "server.statefulSet.securityContext.pod",
        containerSecurityContext: "server.statefulSet.securityContext.container",
        podLabels: "server.extraLabels",
        image: "server.image",
      },
      provenance: `${T}/server-statefulset.yaml`,
      note: "hostNetwork is rendered from server.hostNetwork (default false). Security contexts come from the helpers server.statefulSet.securityContext.pod/container in _helpers.tpl.",
    },
    {
      name: "vault-agent-injector",
      workloadKind: "Deployment",
      namespace: "release",
      condition: "injector.enabled",
      selectorLabels: {
        "app.kubernetes.io/name": "vault-agent-injector",
        "app.kubernetes.io/instance": "vault",
        component: "webhook",
      },
      serviceAccount: "vault-agent-injector",
      podSecurityContext: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000 },
      containers: [
        {
          name: "sidecar-injector",
          image: "docker.io/hashicorp/vault-k8s:1.7.6",
          implicitRegistry: true,
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          ports: [],
          securityContextKey: "injector.securityContext.container",
          imageKey: "injector.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "injector.securityContext.pod",
        containerSecurityContext: "injector.securityContext.container",
        podLabels: "injector.extraLabels",
        image: "injector.image",
      },
      provenance: `${T}/injector-deployment.yaml`,
      note: "Listens on injector.port 8080 (no containerPort declared). Injects Vault Agent containers from injector.agentImage docker.io/hashicorp/vault:2.0.4 into annotated pods; no seccomp profile by default.",
    },
  ],
  services: [
    {
      name: "vault",
      ports: [
        { name: "http", port: 8200, targetPort: 8200 },
        { name: "https-internal", port: 8201, targetPort: 8201 },
      ],
      selects: "vault",
      provenance: `${T}/server-service.yaml`,
    },
    {
      name: "vault-internal",
      type: "Headless",
      ports: [
        { name: "http", port: 8200, targetPort: 8200 },
        { name: "https-internal", port: 8201, targetPort: 8201 },
      ],
      selects: "vault",
      provenance: `${T}/server-headless-service.yaml`,
    },
    {
      name: "vault-ui",
      ports: [{ name: "http", port: 8200, targetPort: 8200 }],
      selects: "vault",
      provenance: `${T}/ui-service.yaml`,
    },
    {
      name: "vault-agent-injector-svc",
      ports: [{ name: "https", port: 443, targetPort: 8080 }],
      selects: "vault-agent-injector",
      provenance: `${T}/injector-service.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "vault-agent-injector-cfg",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["vault.hashicorp.com"],
      service: "vault-agent-injector-svc:443",
      failurePolicy: "Ignore",
      provenance: `${T}/injector-mutating-webhook.yaml`,
    },
  ],
  secretsRead: [],
  configMapsRead: [{ name: "vault-config", readBy: "vault", createdByChart: true }],
  createsSecrets: ["vault-injector-certs (only when injector.replicas > 1 with the leader elector)"],
};
