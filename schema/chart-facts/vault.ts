// HashiCorp Vault chart 0.34.1: the server StatefulSet and the Agent Injector (mutating webhook). Fawkes
// installs it in two modes: the full install (server and injector) in the management cluster, and the
// injector alone in every other cluster, pointed at the central server (`global.externalVaultAddr`). Which
// objects render in each is decided by the chart's own conditions, recorded below as data (`when`).
import type { ChartFacts, ValuesCondition } from "./types.ts";

const T = "templates";

// The chart's switches (templates/_helpers.tpl at v0.34.1): a part is on when its `enabled` is "true", or
// "-" (its default) while `global.enabled` is "true" (vault.serverEnabled, vault.injectorEnabled, vault.uiEnabled).
const enabled = (key: string): ValuesCondition => ({
  any: [
    { key, is: "true" },
    {
      all: [
        { key, is: "-" },
        { key: "global.enabled", is: "true" },
      ],
    },
  ],
});
const SERVER_ENABLED = enabled("server.enabled");
const INJECTOR_ENABLED = enabled("injector.enabled");
// vault.mode: "external" when an external address is set (either key) or the server is off; the templates of
// the server's objects all start with `if ne .mode "external"`.
const NOT_EXTERNAL: ValuesCondition = {
  not: {
    any: [
      { key: "global.externalVaultAddr", nonEmpty: true },
      { key: "injector.externalVaultAddr", nonEmpty: true },
      { not: SERVER_ENABLED },
    ],
  },
};
const DEV: ValuesCondition = { key: "server.dev.enabled", is: "true" };
const HA: ValuesCondition = { all: [{ not: DEV }, { key: "server.ha.enabled", is: "true" }] };
// vault.mode's remaining branches: dev, ha, or standalone when `server.standalone.enabled` is "true" or "-";
// otherwise the mode is "" and no server renders.
const SOME_MODE: ValuesCondition = {
  any: [DEV, HA, { key: "server.standalone.enabled", is: "true" }, { key: "server.standalone.enabled", is: "-" }],
};
/** templates/server-statefulset.yaml: `ne .mode "external"`, `ne .mode ""`, `.serverEnabled`. */
const SERVER: ValuesCondition = { all: [NOT_EXTERNAL, SOME_MODE, SERVER_ENABLED] };
/** vault.serverServiceEnabled: the server is on and `server.service.enabled` is "true" (server-service.yaml and co). */
const SERVER_SERVICE: ValuesCondition = {
  all: [NOT_EXTERNAL, SERVER_ENABLED, { key: "server.service.enabled", is: "true" }],
};
const haService = (which: "active" | "standby"): ValuesCondition => ({
  all: [SERVER_SERVICE, HA, { key: `server.service.${which}.enabled`, is: "true" }],
});

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
      `${T}/server-headless-service.yaml`,
      `${T}/server-ha-active-service.yaml`,
      `${T}/server-ha-standby-service.yaml`,
      `${T}/ui-service.yaml`,
      `${T}/injector-certs-secret.yaml`,
      `${T}/server-config-configmap.yaml`,
      `${T}/server-serviceaccount.yaml`,
    ],
    verified: true,
    note: 'Injector-only mode (server.enabled=false, global.externalVaultAddr set): vault.mode in _helpers.tpl is then "external", so server-statefulset.yaml, server-service.yaml, server-headless-service.yaml, server-ha-*-service.yaml and ui-service.yaml render nothing, while injector-deployment.yaml, injector-service.yaml and injector-mutating-webhook.yaml test only vault.injectorEnabled; the injector passes global.externalVaultAddr (before the deprecated injector.externalVaultAddr) to the agents as AGENT_INJECT_VAULT_ADDR. The server\'s ServiceAccount and its auth-delegator ClusterRoleBinding still render there (vault.serverServiceAccountEnabled and vault.serverAuthDelegator test `server.enabled` or `global.enabled`), unused.',
  },
  valuesAssumed: [
    "injector.enabled=true",
    "management cluster: server.enabled=true, ui.enabled=true, server.dataStorage.enabled=true, server.standalone.enabled=true or server.ha.enabled=true with raft (3 replicas)",
    "other clusters (injector only): server.enabled=false, global.externalVaultAddr=https://vault.<domain>",
    "csi.enabled=false (chart default)",
    'management cluster on AWS (auto-unseal, core/runtime/vault-seal.ts): server.standalone.config or server.ha.raft.config (raw HCL strings, each replacing the chart default whole; values.yaml lines 915 and 1001 at v0.34.1, written by templates/server-config-configmap.yaml into extraconfig-from-values.hcl) carry the chart default plus `seal "awskms"`; server.serviceAccount.annotations (values.yaml, rendered by templates/server-serviceaccount.yaml) carries the IRSA role ARN',
  ],
  // values.yaml at v0.34.1.
  valuesDefaults: {
    "global.enabled": true,
    "global.externalVaultAddr": "",
    "injector.enabled": "-",
    "injector.externalVaultAddr": "",
    "server.enabled": "-",
    "server.dev.enabled": false,
    "server.standalone.enabled": "-",
    "server.ha.enabled": false,
    "server.service.enabled": true,
    "server.service.active.enabled": true,
    "server.service.standby.enabled": true,
    "ui.enabled": false,
  },
  pods: [
    {
      name: "vault",
      workloadKind: "StatefulSet",
      namespace: "release",
      condition: "vault.mode is not external (no external address, server on) and not empty",
      when: SERVER,
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
      condition: "vault.injectorEnabled",
      when: INJECTOR_ENABLED,
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
      when: SERVER_SERVICE,
      provenance: `${T}/server-service.yaml`,
    },
    {
      name: "vault-active",
      ports: [
        { name: "http", port: 8200, targetPort: 8200 },
        { name: "https-internal", port: 8201, targetPort: 8201 },
      ],
      selects: "vault",
      when: haService("active"),
      provenance: `${T}/server-ha-active-service.yaml`,
    },
    {
      name: "vault-standby",
      ports: [
        { name: "http", port: 8200, targetPort: 8200 },
        { name: "https-internal", port: 8201, targetPort: 8201 },
      ],
      selects: "vault",
      when: haService("standby"),
      provenance: `${T}/server-ha-standby-service.yaml`,
    },
    {
      name: "vault-internal",
      type: "Headless",
      ports: [
        { name: "http", port: 8200, targetPort: 8200 },
        { name: "https-internal", port: 8201, targetPort: 8201 },
      ],
      selects: "vault",
      when: SERVER_SERVICE,
      provenance: `${T}/server-headless-service.yaml`,
    },
    {
      name: "vault-ui",
      ports: [{ name: "http", port: 8200, targetPort: 8200 }],
      selects: "vault",
      when: { all: [NOT_EXTERNAL, enabled("ui.enabled")] },
      provenance: `${T}/ui-service.yaml`,
    },
    {
      name: "vault-agent-injector-svc",
      ports: [{ name: "https", port: 443, targetPort: 8080 }],
      selects: "vault-agent-injector",
      when: INJECTOR_ENABLED,
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
      when: INJECTOR_ENABLED,
      provenance: `${T}/injector-mutating-webhook.yaml`,
    },
  ],
  secretsRead: [],
  configMapsRead: [{ name: "vault-config", readBy: "vault", createdByChart: true }],
  createsSecrets: ["vault-injector-certs (only when injector.replicas > 1 with the leader elector)"],
};
