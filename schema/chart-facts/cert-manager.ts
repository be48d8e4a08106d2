// cert-manager chart v1.21.1: controller, webhook, cainjector and the startupapicheck hook Job.
import type { ChartFacts, PodFact, SecurityContextFact } from "./types.ts";

const T = "deploy/charts/cert-manager/templates";
const HARDENED: SecurityContextFact = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};
const POD = { runAsNonRoot: true, seccompProfile: "RuntimeDefault" } as const;

function pod(
  component: string,
  key: string,
  name: string,
  appName: string,
  template: string,
  ports: PodFact["containers"][number]["ports"],
  extra: Partial<PodFact> = {},
): PodFact {
  const prefix = key === "" ? "" : `${key}.`;
  return {
    name,
    workloadKind: "Deployment",
    namespace: "release",
    selectorLabels: {
      "app.kubernetes.io/name": appName,
      "app.kubernetes.io/instance": "cert-manager",
      "app.kubernetes.io/component": component,
    },
    serviceAccount: name,
    podSecurityContext: POD,
    containers: [
      {
        name: `cert-manager-${component}`,
        image: `quay.io/jetstack/cert-manager-${component}:v1.21.1`,
        securityContext: HARDENED,
        ports,
        securityContextKey: `${prefix}containerSecurityContext`,
        imageKey: `${prefix}image`,
      },
    ],
    initContainers: [],
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    hostPaths: [],
    hostPorts: [],
    valuesKeys: {
      podSecurityContext: `${prefix}securityContext`,
      containerSecurityContext: `${prefix}containerSecurityContext`,
      podLabels: `${prefix}podLabels`,
      commonLabels: "global.commonLabels",
      image: `${prefix}image`,
    },
    provenance: `${T}/${template}`,
    note: `Pod labels also carry app=${appName} and app.kubernetes.io/version.`,
    ...extra,
  };
}

export const CERT_MANAGER_FACTS: ChartFacts = {
  component: "certManager",
  chart: "cert-manager",
  version: "v1.21.1",
  appVersion: "v1.21.1",
  releaseName: "cert-manager",
  provenance: {
    repository: "https://github.com/cert-manager/cert-manager",
    ref: "v1.21.1",
    commit: "24e33194fb39488eff2bbf10c6dc640f407cad44",
    chartPath: "deploy/charts/cert-manager",
    files: [
      "deploy/charts/cert-manager/Chart.yaml",
      "deploy/charts/cert-manager/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/webhook-deployment.yaml`,
      `${T}/cainjector-deployment.yaml`,
      `${T}/startupapicheck-job.yaml`,
      `${T}/webhook-validating-webhook.yaml`,
      `${T}/webhook-mutating-webhook.yaml`,
      `${T}/service.yaml`,
      `${T}/webhook-service.yaml`,
      `${T}/controller-config.yaml`,
      `${T}/serviceaccount.yaml`,
      "internal/apis/config/controller/v1alpha1/defaults.go",
    ],
    verified: true,
    note: "The chart's Chart.yaml carries v0.0.0 in git; the release tool stamps the tag (v1.21.1) as version and appVersion, and images default to that appVersion.",
  },
  valuesAssumed: [
    "crds.enabled=true",
    "replicaCount",
    "config.gatewayAPI (ControllerConfiguration)",
    "with DNS-01: serviceAccount.annotations (eks.amazonaws.com/role-arn on AWS, azure.workload.identity/client-id on Azure) and, on Azure, serviceAccount.labels and podLabels azure.workload.identity/use (the controller's; values.yaml documents serviceAccount.annotations/labels and podLabels, serviceaccount.yaml and deployment.yaml render them)",
    "config.clusterIssuerAmbientCredentials left at its default (true, internal/apis/config/controller/v1alpha1/defaults.go): a ClusterIssuer's Route 53 and Azure DNS solvers use the pod's workload identity",
    "cainjector.enabled=true, startupapicheck.enabled=true, webhook.hostNetwork=false (chart defaults)",
  ],
  pods: [
    pod("controller", "", "cert-manager", "cert-manager", "deployment.yaml", [
      { name: "http-metrics", containerPort: 9402 },
      { name: "http-healthz", containerPort: 9403 },
    ]),
    pod(
      "webhook",
      "webhook",
      "cert-manager-webhook",
      "webhook",
      "webhook-deployment.yaml",
      [
        { name: "https", containerPort: 10250 },
        { name: "healthcheck", containerPort: 6080 },
        { name: "http-metrics", containerPort: 9402 },
      ],
      {
        note: "Pod labels also carry app=webhook. webhook.hostNetwork=true would put it on the host network with securePort 10250.",
      },
    ),
    pod(
      "cainjector",
      "cainjector",
      "cert-manager-cainjector",
      "cainjector",
      "cainjector-deployment.yaml",
      [{ name: "http-metrics", containerPort: 9402 }],
      { condition: "cainjector.enabled" },
    ),
    {
      ...pod(
        "startupapicheck",
        "startupapicheck",
        "cert-manager-startupapicheck",
        "startupapicheck",
        "startupapicheck-job.yaml",
        [],
        { condition: "startupapicheck.enabled" },
      ),
      workloadKind: "Job",
      helmHook: "post-install",
      note: "A post-install hook from startupapicheck.jobAnnotations (Argo CD: PostSync). Image quay.io/jetstack/cert-manager-startupapicheck.",
    },
  ],
  services: [
    {
      name: "cert-manager",
      ports: [{ name: "tcp-prometheus-servicemonitor", port: 9402, targetPort: "http-metrics" }],
      selects: "cert-manager",
      provenance: `${T}/service.yaml`,
    },
    {
      name: "cert-manager-webhook",
      ports: [
        { name: "https", port: 443, targetPort: "https" },
        { name: "metrics", port: 9402, targetPort: "http-metrics" },
      ],
      selects: "cert-manager-webhook",
      provenance: `${T}/webhook-service.yaml`,
    },
    {
      name: "cert-manager-cainjector",
      ports: [{ name: "http-metrics", port: 9402, targetPort: 9402 }],
      selects: "cert-manager-cainjector",
      provenance: `${T}/cainjector-service.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "cert-manager-webhook",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["webhook.cert-manager.io"],
      service: "cert-manager-webhook:443",
      failurePolicy: "Fail",
      provenance: `${T}/webhook-validating-webhook.yaml`,
    },
    {
      configuration: "cert-manager-webhook",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["webhook.cert-manager.io"],
      service: "cert-manager-webhook:443",
      failurePolicy: "Fail",
      provenance: `${T}/webhook-mutating-webhook.yaml`,
    },
  ],
  crds: { groups: ["cert-manager.io", "acme.cert-manager.io"], count: 6, enabledBy: "crds.enabled" },
  needsCrds: [
    {
      groups: ["gateway.networking.k8s.io"],
      why: "with Gateway API support on (config.gatewayAPI.enabled, which Fawkes sets) the controller looks for the Gateway API CRDs at start and exits without them",
      provenance: "pkg/controller/context.go",
    },
  ],
  secretsRead: [
    {
      name: "cert-manager-webhook-ca",
      readBy: "cert-manager-webhook",
      createdByChart: false,
      note: "the webhook creates its CA Secret at runtime (dynamic serving); the cainjector injects the CA into the webhook configurations and CRDs",
    },
  ],
  configMapsRead: [
    {
      name: "cert-manager",
      readBy: "cert-manager",
      createdByChart: true,
      note: "rendered because Fawkes sets `config` (ControllerConfiguration with gatewayAPI)",
    },
  ],
  createsSecrets: ["cert-manager-webhook-ca (runtime)"],
};
