// Kyverno chart 3.9.0 (Kyverno v1.19.0): admission, background, cleanup and reports controllers, and the
// chart's hook Jobs. Kyverno registers its webhook configurations itself at runtime.
import type { ChartFacts, PodFact, SecurityContextFact } from "./types.ts";

const T = "charts/kyverno/templates";
const TAG = "v1.19.0";
/** The chart's default container security context for every Kyverno container. */
const HARDENED: SecurityContextFact = {
  runAsUser: 65534,
  runAsGroup: 65534,
  runAsNonRoot: true,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  seccompProfile: "RuntimeDefault",
  capabilities: { drop: ["ALL"] },
};

function controller(key: string, component: string, repository: string, extra: Partial<PodFact> = {}): PodFact {
  return {
    name: `kyverno-${component}`,
    workloadKind: "Deployment",
    namespace: "release",
    selectorLabels: {
      "app.kubernetes.io/component": component,
      "app.kubernetes.io/instance": "kyverno",
      "app.kubernetes.io/part-of": "kyverno",
    },
    serviceAccount: `kyverno-${component}`,
    podSecurityContext: null,
    containers: [
      {
        name: component === "admission-controller" ? "kyverno" : "controller",
        image: `reg.kyverno.io/kyverno/${repository}:${TAG}`,
        securityContext: HARDENED,
        ports: [
          { name: "https", containerPort: 9443 },
          { name: component === "admission-controller" ? "metrics-port" : "metrics", containerPort: 8000 },
        ],
        securityContextKey:
          component === "admission-controller"
            ? "admissionController.container.securityContext"
            : `${key}.securityContext`,
        imageKey: component === "admission-controller" ? "admissionController.container.image" : `${key}.image`,
      },
    ],
    initContainers: [],
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    hostPaths: [],
    hostPorts: [],
    valuesKeys: {
      podSecurityContext: `${key}.podSecurityContext`,
      containerSecurityContext:
        component === "admission-controller"
          ? "admissionController.container.securityContext"
          : `${key}.securityContext`,
      podLabels: `${key}.podLabels`,
      commonLabels: "customLabels",
    },
    provenance: `${T}/${component}/deployment.yaml`,
    note: `Pod labels also carry app.kubernetes.io/name=kyverno-${component}, helm.sh/chart and the version. hostNetwork only with ${key}.hostNetwork (default false).`,
    ...extra,
  };
}

export const KYVERNO_FACTS: ChartFacts = {
  component: "kyverno",
  chart: "kyverno",
  version: "3.9.0",
  appVersion: TAG,
  releaseName: "kyverno",
  provenance: {
    repository: "https://github.com/kyverno/kyverno",
    ref: "kyverno-chart-3.9.0",
    commit: "ee97ce09538b09b6f1b03853cc41a62654d6a58f",
    chartPath: "charts/kyverno",
    files: [
      "charts/kyverno/Chart.yaml",
      "charts/kyverno/values.yaml",
      `${T}/_helpers/_labels.tpl`,
      `${T}/_helpers/_image.tpl`,
      `${T}/admission-controller/_helpers.tpl`,
      `${T}/admission-controller/deployment.yaml`,
      `${T}/admission-controller/service.yaml`,
      `${T}/background-controller/deployment.yaml`,
      `${T}/cleanup-controller/deployment.yaml`,
      `${T}/cleanup-controller/service.yaml`,
      `${T}/cleanup-controller/secret.yaml`,
      `${T}/reports-controller/deployment.yaml`,
      `${T}/hooks/_helpers.tpl`,
      `${T}/hooks/pre-delete-remove-webhooks.yaml`,
      `${T}/hooks/post-upgrade-migrate-resources.yaml`,
      `${T}/config/configmap.yaml`,
      "pkg/config/config.go",
    ],
    verified: true,
  },
  valuesAssumed: [
    "features.policyExceptions.enabled=true in namespace kyverno",
    "replicas of the four controllers",
    "crds.install=true, webhooksCleanup.enabled=true, crds.migration.enabled=true, reportsServer.enabled=false (chart defaults)",
  ],
  pods: [
    {
      ...controller("admissionController", "admission-controller", "kyverno"),
      initContainers: [
        {
          name: "kyverno-pre",
          image: `reg.kyverno.io/kyverno/kyvernopre:${TAG}`,
          securityContext: HARDENED,
          ports: [],
          securityContextKey: "admissionController.initContainer.securityContext",
          imageKey: "admissionController.initContainer.image",
        },
      ],
      serviceAccount: "kyverno-admission-controller",
    },
    controller("backgroundController", "background-controller", "background-controller"),
    controller("cleanupController", "cleanup-controller", "cleanup-controller"),
    controller("reportsController", "reports-controller", "reports-controller"),
    {
      name: "kyverno-migrate-resources",
      workloadKind: "Job",
      namespace: "release",
      helmHook: "post-upgrade",
      condition: "crds.migration.enabled",
      selectorLabels: {
        "app.kubernetes.io/component": "hooks",
        "app.kubernetes.io/instance": "kyverno",
        "app.kubernetes.io/part-of": "kyverno",
      },
      serviceAccount: "kyverno-migrate-resources",
      podSecurityContext: null,
      containers: [
        {
          name: "kubectl",
          image: `reg.kyverno.io/kyverno/kyverno-cli:${TAG}`,
          securityContext: HARDENED,
          ports: [],
          securityContextKey: "crds.migration.securityContext",
          imageKey: "crds.migration.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "crds.migration.podSecurityContext",
        containerSecurityContext: "crds.migration.securityContext",
        podLabels: "crds.migration.podLabels",
        commonLabels: "customLabels",
      },
      provenance: `${T}/hooks/post-upgrade-migrate-resources.yaml`,
      note: "A post-upgrade hook (Argo CD: PostSync).",
    },
    {
      name: "kyverno-rm-webhooks",
      workloadKind: "Job",
      namespace: "release",
      helmHook: "pre-delete",
      condition: "webhooksCleanup.enabled",
      selectorLabels: {
        "app.kubernetes.io/component": "hooks",
        "app.kubernetes.io/instance": "kyverno",
        "app.kubernetes.io/part-of": "kyverno",
      },
      serviceAccount: "kyverno-remove-webhooks",
      podSecurityContext: null,
      containers: [
        {
          name: "kubectl",
          image: `ghcr.io/kyverno/readiness-checker:${TAG}`,
          securityContext: HARDENED,
          ports: [],
          securityContextKey: "webhooksCleanup.securityContext",
          imageKey: "webhooksCleanup.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "webhooksCleanup.podSecurityContext",
        containerSecurityContext: "webhooksCleanup.securityContext",
        podLabels: "webhooksCleanup.podLabels",
        commonLabels: "customLabels",
      },
      provenance: `${T}/hooks/pre-delete-remove-webhooks.yaml`,
      note: "A pre-delete hook: it runs only when the release is deleted. Its tag defaults to the appVersion. The service account name was not read from its template.",
    },
  ],
  services: [
    {
      name: "kyverno-svc",
      ports: [{ name: "https", port: 443, targetPort: "https" }],
      selects: "kyverno-admission-controller",
      provenance: `${T}/admission-controller/service.yaml`,
    },
    {
      name: "kyverno-svc-metrics",
      ports: [{ name: "metrics-port", port: 8000, targetPort: 8000 }],
      selects: "kyverno-admission-controller",
      provenance: `${T}/admission-controller/service.yaml`,
    },
    {
      name: "kyverno-cleanup-controller",
      ports: [{ name: "https", port: 443, targetPort: "https" }],
      selects: "kyverno-cleanup-controller",
      provenance: `${T}/cleanup-controller/service.yaml`,
    },
    {
      name: "kyverno-cleanup-controller-metrics",
      ports: [{ name: "metrics-port", port: 8000, targetPort: 8000 }],
      selects: "kyverno-cleanup-controller",
      provenance: `${T}/cleanup-controller/service.yaml`,
    },
    {
      name: "kyverno-background-controller-metrics",
      ports: [{ name: "metrics-port", port: 8000, targetPort: 8000 }],
      selects: "kyverno-background-controller",
      provenance: `${T}/background-controller/service.yaml`,
    },
    {
      name: "kyverno-reports-controller-metrics",
      ports: [{ name: "metrics-port", port: 8000, targetPort: 8000 }],
      selects: "kyverno-reports-controller",
      provenance: `${T}/reports-controller/service.yaml`,
    },
  ],
  // Configuration names from the Kyverno source at the same tag; the controllers create and update them at runtime
  // (the -fail/-ignore webhook suffixes follow the policies' failure policies).
  webhooks: [
    {
      configuration: "kyverno-resource-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validate.kyverno.svc-fail", "validate.kyverno.svc-ignore"],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-resource-mutating-webhook-cfg",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["mutate.kyverno.svc-fail", "mutate.kyverno.svc-ignore"],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-policy-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validate-policy.kyverno.svc"],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-policy-mutating-webhook-cfg",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["mutate-policy.kyverno.svc"],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-verify-mutating-webhook-cfg",
      kind: "MutatingWebhookConfiguration",
      webhooks: ["monitor-webhooks.kyverno.svc"],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-exception-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: ["validate-policyexception.kyverno.svc"],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-cel-exception-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: [],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-global-context-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: [],
      service: "kyverno-svc:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-cleanup-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: [],
      service: "kyverno-cleanup-controller:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
    {
      configuration: "kyverno-ttl-validating-webhook-cfg",
      kind: "ValidatingWebhookConfiguration",
      webhooks: [],
      service: "kyverno-cleanup-controller:443",
      registeredAtRuntime: true,
      provenance: "pkg/config/config.go",
    },
  ],
  crds: {
    groups: ["kyverno.io", "policies.kyverno.io", "reports.kyverno.io", "wgpolicyk8s.io", "openreports.io"],
    enabledBy: "crds.install (subcharts crds and kyverno-api); openreports.installCrds",
  },
  secretsRead: [
    {
      name: "kyverno-svc.kyverno.svc.kyverno-tls-pair",
      readBy: "kyverno-admission-controller",
      createdByChart: false,
      note: "the admission controller creates its own CA and serving certificate at runtime",
    },
    {
      name: "kyverno-cleanup-controller.kyverno.svc.kyverno-tls-pair",
      readBy: "kyverno-cleanup-controller",
      createdByChart: true,
      note: "cleanupController.createSelfSignedCert",
    },
  ],
  configMapsRead: [
    { name: "kyverno", readBy: "kyverno-admission-controller", createdByChart: true, note: "read by every controller" },
    {
      name: "kyverno-metrics",
      readBy: "kyverno-admission-controller",
      createdByChart: true,
      note: "read by every controller",
    },
  ],
  createsSecrets: [
    "kyverno-cleanup-controller.kyverno.svc.kyverno-tls-ca",
    "kyverno-cleanup-controller.kyverno.svc.kyverno-tls-pair",
    "kyverno-svc.kyverno.svc.kyverno-tls-ca (runtime)",
    "kyverno-svc.kyverno.svc.kyverno-tls-pair (runtime)",
  ],
};
