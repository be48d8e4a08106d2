// OpenTelemetry Operator chart: the operator Deployment (manager + kube-rbac-proxy) and its webhooks, whose
// pod webhook injects auto-instrumentation and collector sidecars into annotated pods.
//
// Chart 0.91.0 (tag opentelemetry-operator-0.91.0), which ships operator 0.127.0. The catalog once pinned
// "0.127.0", the operator's version, as if it were the chart's: no such chart exists, so ArgoCD could not have
// fetched it. The pin is now the chart these facts were read from.
import type { ChartFacts, SecurityContextFact } from "./types.ts";

const T = "charts/opentelemetry-operator/templates";
const HARDENED: SecurityContextFact = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: "RuntimeDefault",
};

export const OPENTELEMETRY_OPERATOR_FACTS: ChartFacts = {
  component: "opentelemetryOperator",
  chart: "opentelemetry-operator",
  version: "0.91.0",
  appVersion: "0.127.0",
  releaseName: "opentelemetry-operator",
  provenance: {
    repository: "https://github.com/open-telemetry/opentelemetry-helm-charts",
    ref: "opentelemetry-operator-0.91.0",
    commit: "89dd32cf930b3e05a415e21bc0d90dce264c3f69",
    chartPath: "charts/opentelemetry-operator",
    files: [
      "charts/opentelemetry-operator/Chart.yaml",
      "charts/opentelemetry-operator/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/service.yaml`,
      `${T}/admission-webhooks/operator-webhook-with-cert-manager.yaml`,
      `${T}/certmanager.yaml`,
    ],
    verified: true,
    note: "Chart.yaml at this tag: version 0.91.0, appVersion 0.127.0 (checked in the open-telemetry/opentelemetry-helm-charts snapshot, commit 89dd32cf). The catalog pins exactly this chart.",
  },
  valuesAssumed: [
    "admissionWebhooks.certManager.enabled=true (certificates from cert-manager)",
    "admissionWebhooks.create=true, kubeRBACProxy.enabled=true (chart defaults)",
  ],
  pods: [
    {
      name: "opentelemetry-operator",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "opentelemetry-operator",
        "app.kubernetes.io/component": "controller-manager",
      },
      serviceAccount: "opentelemetry-operator",
      podSecurityContext: { runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532 },
      containers: [
        {
          name: "manager",
          image: "ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator:0.127.0",
          securityContext: HARDENED,
          ports: [
            { name: "metrics", containerPort: 8080 },
            { name: "webhook-server", containerPort: 9443 },
          ],
          securityContextKey: "manager.securityContext",
          imageKey: "manager.image",
        },
        {
          name: "kube-rbac-proxy",
          image: "quay.io/brancz/kube-rbac-proxy:v0.19.1",
          securityContext: HARDENED,
          ports: [{ name: "https", containerPort: 8443 }],
          securityContextKey: "kubeRBACProxy.securityContext",
          imageKey: "kubeRBACProxy.image",
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
        containerSecurityContext: "manager.securityContext",
        podLabels: "manager.podLabels",
        commonLabels: "additionalLabels",
        image: "manager.image",
      },
      provenance: `${T}/deployment.yaml`,
      note: "hostNetwork from hostNetwork (default false). Injected workloads get the collector image ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s:0.127.0 (manager.collectorImage) and the auto-instrumentation images the operator defaults.",
    },
  ],
  services: [
    {
      name: "opentelemetry-operator",
      ports: [
        { name: "https", port: 8443, targetPort: "https" },
        { name: "metrics", port: 8080, targetPort: "metrics" },
      ],
      selects: "opentelemetry-operator",
      provenance: `${T}/service.yaml`,
    },
    {
      name: "opentelemetry-operator-webhook",
      ports: [{ name: "https", port: 443, targetPort: "webhook-server" }],
      selects: "opentelemetry-operator",
      provenance: `${T}/service.yaml`,
    },
  ],
  webhooks: [
    {
      configuration: "opentelemetry-operator-mutation",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["minstrumentation.kb.io", "mopentelemetrycollectorbeta.kb.io", "mpod.kb.io"],
      service: "opentelemetry-operator-webhook:443",
      failurePolicy: "Fail",
      provenance: `${T}/admission-webhooks/operator-webhook-with-cert-manager.yaml`,
    },
    // mpod.kb.io (the pod injection webhook) uses admissionWebhooks.pods.failurePolicy, default Ignore.
    {
      configuration: "opentelemetry-operator-validation",
      kind: "ValidatingWebhookConfiguration",
      webhooks: [
        "vinstrumentationcreateupdate.kb.io",
        "vinstrumentationdelete.kb.io",
        "vopentelemetrycollectorcreateupdatebeta.kb.io",
        "vopentelemetrycollectordeletebeta.kb.io",
      ],
      service: "opentelemetry-operator-webhook:443",
      failurePolicy: "Fail",
      provenance: `${T}/admission-webhooks/operator-webhook-with-cert-manager.yaml`,
    },
  ],
  crds: { groups: ["opentelemetry.io"], enabledBy: "crds.create / the chart's crds" },
  needsCrds: [
    {
      groups: ["cert-manager.io"],
      why: "with admissionWebhooks.certManager.enabled the chart renders the webhook's Certificate and a self-signed Issuer",
      provenance: "charts/opentelemetry-operator/templates/certmanager.yaml",
    },
  ],
  secretsRead: [
    {
      name: "opentelemetry-operator-controller-manager-service-cert",
      readBy: "opentelemetry-operator",
      createdByChart: false,
      note: "issued by cert-manager from the chart's Certificate and self-signed Issuer",
    },
  ],
  configMapsRead: [],
  createsSecrets: ["opentelemetry-operator-controller-manager-service-cert (by cert-manager)"],
};
