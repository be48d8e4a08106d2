// Eclipse Che chart 7.121.0 (helmcharts/stable in eclipse-che/che-operator): the Che operator. The Che
// server, dashboard, gateway and workspaces are created at runtime by the operator from the CheCluster.
// Also the DevWorkspace Operator v0.33.0, which Fawkes applies from its maintainers' combined manifests.
import type { ChartFacts } from "./types.ts";

const S = "helmcharts/stable";
const NO_HOST = { hostNetwork: false, hostPID: false, hostIPC: false, hostPaths: [], hostPorts: [] } as const;

export const CHE_FACTS: ChartFacts = {
  component: "che",
  chart: "eclipse-che",
  version: "7.121.0",
  appVersion: "7.121.0",
  releaseName: "eclipse-che",
  provenance: {
    repository: "https://github.com/eclipse-che/che-operator",
    ref: "7.121.0",
    commit: "8858898a59dc7984a3c73cfcba886cc9bed5bc2d",
    chartPath: S,
    files: [
      `${S}/Chart.yaml`,
      `${S}/values.yaml`,
      `${S}/templates/che-operator.Deployment.yaml`,
      `${S}/templates/org.eclipse.che.MutatingWebhookConfiguration.yaml`,
      `${S}/templates/org.eclipse.che.ValidatingWebhookConfiguration.yaml`,
    ],
    verified: true,
    note: "The chart's templates are generated manifests with fixed names and namespace (eclipse-che) and no values-driven security contexts.",
  },
  valuesAssumed: ["chart defaults; the CheCluster comes from the cluster configuration"],
  pods: [
    {
      name: "che-operator",
      workloadKind: "Deployment",
      namespace: "eclipse-che",
      selectorLabels: {
        app: "che-operator",
        "app.kubernetes.io/component": "che-operator",
        "app.kubernetes.io/instance": "che",
        "app.kubernetes.io/name": "che",
        "app.kubernetes.io/part-of": "che.eclipse.org",
      },
      serviceAccount: "che-operator",
      podSecurityContext: { fsGroup: 1724, runAsUser: 1724 },
      containers: [
        {
          name: "che-operator",
          image: "quay.io/eclipse/che-operator:7.121.0",
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            privileged: false,
            readOnlyRootFilesystem: false,
          },
          ports: [
            { name: "webhook-server", containerPort: 9443 },
            { name: "metrics", containerPort: 60000 },
          ],
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {},
      provenance: `${S}/templates/che-operator.Deployment.yaml`,
      note: "No runAsNonRoot and no seccomp profile: fails restricted; the chart has no values for it (a Kustomize/Argo CD patch would be needed). The operator's default workspace container context (CHE_DEFAULT_SPEC_DEVENVIRONMENTS_CONTAINERSECURITYCONTEXT) allows privilege escalation and adds SETGID and SETUID, so workspace pods fail restricted unless the CheCluster overrides it. Runtime images: quay.io/eclipse/che-server, che-dashboard, che--traefik, quay.io/oauth2-proxy/oauth2-proxy, quay.io/brancz/kube-rbac-proxy, quay.io/che-incubator/* (header-rewrite-proxy:latest).",
    },
  ],
  services: [
    {
      name: "che-operator-service",
      ports: [{ port: 443, targetPort: 9443 }],
      selects: "che-operator",
      provenance: `${S}/templates/che-operator-service.Service.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "org.eclipse.che",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["mchecluster.kb.io"],
      service: "che-operator-service:443",
      failurePolicy: "Fail",
      provenance: `${S}/templates/org.eclipse.che.MutatingWebhookConfiguration.yaml`,
    },
    {
      configuration: "org.eclipse.che",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["vchecluster.kb.io"],
      service: "che-operator-service:443",
      failurePolicy: "Fail",
      provenance: `${S}/templates/org.eclipse.che.ValidatingWebhookConfiguration.yaml`,
    },
  ],
  crds: { groups: ["org.eclipse.che"], count: 1, enabledBy: "always (CheCluster)" },
  needsCrds: [
    {
      groups: ["cert-manager.io"],
      why: "the chart renders the operator's serving Certificate and a self-signed Issuer",
      provenance: `${S}/templates/che-operator-serving-cert.Certificate.yaml`,
    },
    {
      groups: ["workspace.devfile.io", "controller.devfile.io"],
      why: "Che runs workspaces as DevWorkspaces: its README installs the DevWorkspace Operator and waits for it to be ready first",
      provenance: `${S}/README.md`,
    },
  ],
  secretsRead: [
    {
      name: "che-operator-service-cert",
      readBy: "che-operator",
      createdByChart: false,
      note: "issued by cert-manager from the chart's Certificate",
    },
  ],
  configMapsRead: [],
  createsSecrets: ["che-operator-service-cert (by cert-manager)"],
};

const DW = "deploy/deployment/kubernetes/combined.yaml";

export const DEVWORKSPACE_OPERATOR_FACTS: ChartFacts = {
  component: "devworkspaceOperator",
  chart: "devworkspace-operator (manifests)",
  version: "v0.33.0",
  appVersion: "v0.33.0",
  releaseName: "devworkspace-operator",
  provenance: {
    repository: "https://github.com/devfile/devworkspace-operator",
    ref: "v0.33.0",
    commit: "b996a9b7f2b86fec69ffcfb36f297ba194677279",
    chartPath: "deploy/deployment/kubernetes",
    files: [
      DW,
      "pkg/webhook/deployment.go",
      "webhook/server/server.go",
      "webhook/workspace/mutating_cfg.go",
      "webhook/workspace/validating_cfg.go",
    ],
    verified: true,
    note: "Not a chart: plain manifests (combined.yaml) with the fixed namespace devworkspace-controller. The webhook server Deployment and both webhook configurations are created by the controller at runtime.",
  },
  valuesAssumed: ["none (plain manifests)"],
  pods: [
    {
      name: "devworkspace-controller-manager",
      workloadKind: "Deployment",
      namespace: "devworkspace-controller",
      selectorLabels: {
        "app.kubernetes.io/name": "devworkspace-controller",
        "app.kubernetes.io/part-of": "devworkspace-operator",
      },
      serviceAccount: "devworkspace-controller-serviceaccount",
      podSecurityContext: null,
      containers: [
        {
          name: "devworkspace-controller",
          image: "quay.io/devfile/devworkspace-controller:v0.33.0",
          securityContext: null,
          ports: [
            { name: "conversion", containerPort: 9443 },
            { name: "liveness-port", containerPort: 6789 },
          ],
        },
        {
          name: "kube-rbac-proxy",
          image: "quay.io/brancz/kube-rbac-proxy:v0.13.1",
          securityContext: null,
          ports: [{ name: "metrics", containerPort: 8443 }],
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {},
      provenance: DW,
      note: "No security context at all: fails restricted; only a patch of the manifests can fix it.",
    },
    {
      name: "devworkspace-webhook-server",
      workloadKind: "Deployment",
      namespace: "devworkspace-controller",
      condition: "created by the controller at runtime",
      selectorLabels: {
        "app.kubernetes.io/name": "devworkspace-webhook-server",
        "app.kubernetes.io/part-of": "devworkspace-operator",
      },
      serviceAccount: "devworkspace-webhook-server",
      podSecurityContext: { runAsUser: 1234, fsGroup: 1234 },
      containers: [
        {
          name: "kube-rbac-proxy",
          image: "quay.io/brancz/kube-rbac-proxy:v0.13.1",
          securityContext: null,
          ports: [{ name: "metrics", containerPort: 9443 }],
        },
        {
          name: "webhook-server",
          image: "quay.io/devfile/devworkspace-controller:v0.33.0",
          securityContext: null,
          ports: [
            { name: "webhook-server", containerPort: 8443 },
            { name: "liveness-port", containerPort: 6789 },
          ],
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: {},
      provenance: "pkg/webhook/deployment.go",
      note: "Pod context only runAsUser/fsGroup 1234 (off OpenShift): fails restricted, and the controller owns the Deployment.",
    },
  ],
  services: [
    {
      name: "devworkspace-webhookserver",
      ports: [{ name: "webhook-server", port: 443, targetPort: "webhook-server" }],
      selects: "devworkspace-webhook-server",
      provenance: "webhook/server/server.go",
    },
  ],
  webhooks: [
    {
      configuration: "controller.devfile.io",
      kind: "MutatingWebhookConfiguration",
      webhooks: [],
      service: "devworkspace-webhookserver:443",
      registeredAtRuntime: true,
      provenance: "webhook/workspace/mutating_cfg.go",
    },
    {
      configuration: "controller.devfile.io",
      kind: "ValidatingWebhookConfiguration",
      webhooks: [],
      service: "devworkspace-webhookserver:443",
      registeredAtRuntime: true,
      provenance: "webhook/workspace/validating_cfg.go",
    },
  ],
  crds: { groups: ["workspace.devfile.io", "controller.devfile.io"], enabledBy: "always" },
  needsCrds: [
    {
      groups: ["cert-manager.io"],
      why: "the manifests include the webhook server's Certificate and a self-signed Issuer",
      provenance: DW,
    },
  ],
  secretsRead: [
    {
      name: "devworkspace-operator-webhook-cert",
      readBy: "devworkspace-controller-manager",
      createdByChart: false,
      note: "issued by cert-manager from the manifests' Certificate (self-signed Issuer)",
    },
  ],
  configMapsRead: [],
  createsSecrets: ["devworkspace-operator-webhook-cert (by cert-manager)"],
};
