// The platform components Fawkes knows: where their chart lives, which version it pins by default, where
// they run and whether they keep data on volumes. Data only; `components` in the config
// switches and overrides them. Sync waves are not here: core/runtime/bootstrap-graph.ts computes them.

export type Placement = "per-cluster" | "central";

/**
 * A central component that also runs, reduced, in every other cluster where it is enabled: its values there
 * select the mode (core/runtime/component-modes.ts), its chart facts' conditions what renders.
 */
export interface SpokeInstall {
  /** The mode's name, as the docs show it. */
  readonly mode: string;
  /** What runs in the other clusters, and why it must. */
  readonly reason: string;
}

export interface ComponentDefinition {
  /** Name used for Applications, namespaces and files (kebab-case). */
  readonly slug: string;
  readonly title: string;
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly placement: Placement;
  /** For a central component: what it runs in the other clusters (nothing, when absent). */
  readonly spoke?: SpokeInstall;
  readonly enabledByDefault: boolean;
  /** Fawkes' values give its pods persistent volumes of the cluster's storage class (`features.storageClass`). */
  readonly persistentVolumes?: boolean;
  /** Charts whose CRDs are too large for client-side apply. */
  readonly serverSideApply?: boolean;
  /** Pods of the component that genuinely need more than the policies allow, each with its reason. */
  readonly policyExceptions?: readonly ComponentPolicyException[];
}

export interface ComponentPolicyException {
  readonly name: string;
  /** Policy rules excepted (names from POLICY_RULES). */
  readonly policies: readonly string[];
  /** Labels that select exactly the pods that need it. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly reason: string;
}

export const COMPONENT_CATALOG = {
  istioBase: {
    slug: "istio-base",
    title: "Istio base (CRDs)",
    repoURL: "https://istio-release.storage.googleapis.com/charts",
    chart: "base",
    version: "1.30.3",
    namespace: "istio-system",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  istiod: {
    slug: "istiod",
    title: "Istio control plane (ambient profile)",
    repoURL: "https://istio-release.storage.googleapis.com/charts",
    chart: "istiod",
    version: "1.30.3",
    namespace: "istio-system",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  istioCni: {
    slug: "istio-cni",
    title: "Istio CNI node agent (ambient)",
    repoURL: "https://istio-release.storage.googleapis.com/charts",
    chart: "cni",
    version: "1.30.3",
    namespace: "istio-system",
    placement: "per-cluster",
    enabledByDefault: true,
    policyExceptions: [
      {
        name: "istio-cni-node",
        policies: ["pod-security"],
        podLabels: { "k8s-app": "istio-cni-node" },
        reason: "the CNI node agent configures pod networking on each node: privileged, host network and host paths",
      },
    ],
  },
  ztunnel: {
    slug: "ztunnel",
    title: "Istio ztunnel (ambient node proxy)",
    repoURL: "https://istio-release.storage.googleapis.com/charts",
    chart: "ztunnel",
    version: "1.30.3",
    namespace: "istio-system",
    placement: "per-cluster",
    enabledByDefault: true,
    policyExceptions: [
      {
        name: "ztunnel-node-proxy",
        policies: ["pod-security"],
        podLabels: { app: "ztunnel" },
        reason:
          "the node proxy that gives every meshed pod mutual TLS needs network capabilities and host paths on each node",
      },
    ],
  },
  certManager: {
    slug: "cert-manager",
    title: "cert-manager",
    repoURL: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
    namespace: "cert-manager",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  externalSecrets: {
    slug: "external-secrets",
    title: "External Secrets Operator",
    repoURL: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    namespace: "external-secrets",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  kyverno: {
    slug: "kyverno",
    title: "Kyverno",
    repoURL: "https://kyverno.github.io/kyverno/",
    chart: "kyverno",
    version: "3.9.0",
    namespace: "kyverno",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  argocd: {
    slug: "argocd",
    title: "Argo CD",
    repoURL: "https://argoproj.github.io/argo-helm",
    chart: "argo-cd",
    version: "9.4.17",
    namespace: "argocd",
    placement: "central",
    enabledByDefault: true,
    serverSideApply: true,
  },
  vault: {
    slug: "vault",
    title: "HashiCorp Vault",
    repoURL: "https://helm.releases.hashicorp.com",
    chart: "vault",
    version: "0.34.1",
    namespace: "vault",
    placement: "central",
    spoke: {
      mode: "injector-only",
      reason:
        "the Vault Agent injector's webhook must run in each cluster whose pods it injects; the agents it adds reach the central server at its address",
    },
    enabledByDefault: true,
    persistentVolumes: true,
  },
  gateway: {
    slug: "nginx-gateway-fabric",
    title: "NGINX Gateway Fabric",
    repoURL: "ghcr.io/nginx/charts",
    chart: "nginx-gateway-fabric",
    version: "2.6.7",
    namespace: "nginx-gateway",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  ingressNginx: {
    slug: "ingress-nginx",
    title: "ingress-nginx (retired; legacy only)",
    repoURL: "https://kubernetes.github.io/ingress-nginx",
    chart: "ingress-nginx",
    version: "4.15.1",
    namespace: "ingress-nginx",
    placement: "per-cluster",
    enabledByDefault: false,
  },
  externalDns: {
    slug: "external-dns",
    title: "ExternalDNS",
    repoURL: "https://kubernetes-sigs.github.io/external-dns/",
    chart: "external-dns",
    version: "1.21.1",
    namespace: "external-dns",
    placement: "per-cluster",
    // Off unless the config asks; `components.externalDns.enabled` (schema/components.ts) turns it on by
    // itself where the cloud declares a DNS zone and a gateway runs.
    enabledByDefault: false,
  },
  metricsServer: {
    slug: "metrics-server",
    title: "metrics-server",
    repoURL: "https://kubernetes-sigs.github.io/metrics-server/",
    chart: "metrics-server",
    version: "3.13.1",
    namespace: "metrics-server",
    placement: "per-cluster",
    // By default on where the cloud does not run it itself (EKS; AKS ships metrics-server): core/resolve.ts.
    enabledByDefault: false,
  },
  kubePrometheusStack: {
    slug: "kube-prometheus-stack",
    title: "kube-prometheus-stack (Prometheus, Grafana)",
    repoURL: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    namespace: "monitoring",
    placement: "per-cluster",
    enabledByDefault: true,
    persistentVolumes: true,
    serverSideApply: true,
    policyExceptions: [
      {
        name: "node-exporter-host-access",
        policies: ["pod-security"],
        podLabels: { "app.kubernetes.io/name": "prometheus-node-exporter" },
        reason:
          "the node exporter reads node metrics from the host's network and PID namespaces, host paths and a host port",
      },
    ],
  },
  loki: {
    slug: "loki",
    title: "Loki",
    repoURL: "https://grafana-community.github.io/helm-charts",
    chart: "loki",
    version: "18.11.0",
    namespace: "monitoring",
    placement: "central",
    enabledByDefault: true,
    persistentVolumes: true,
  },
  tempo: {
    slug: "tempo",
    title: "Tempo",
    repoURL: "https://grafana-community.github.io/helm-charts",
    chart: "tempo",
    version: "2.2.4",
    namespace: "monitoring",
    placement: "central",
    enabledByDefault: true,
    persistentVolumes: true,
  },
  fluentBit: {
    slug: "fluent-bit",
    title: "Fluent Bit",
    repoURL: "https://fluent.github.io/helm-charts",
    chart: "fluent-bit",
    version: "0.58.1",
    namespace: "logging",
    placement: "per-cluster",
    enabledByDefault: true,
    policyExceptions: [
      {
        name: "fluent-bit-host-logs",
        policies: ["pod-security"],
        podLabels: { "app.kubernetes.io/name": "fluent-bit" },
        reason: "the log collector reads every container's logs from host paths on each node",
      },
    ],
  },
  opentelemetryOperator: {
    slug: "opentelemetry-operator",
    title: "OpenTelemetry Operator",
    repoURL: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    chart: "opentelemetry-operator",
    version: "0.91.0",
    namespace: "opentelemetry-operator-system",
    placement: "per-cluster",
    enabledByDefault: true,
  },
  backstage: {
    slug: "backstage",
    title: "Backstage",
    repoURL: "https://backstage.github.io/charts",
    chart: "backstage",
    version: "2.8.2",
    namespace: "backstage",
    placement: "central",
    enabledByDefault: true,
  },
  jenkins: {
    slug: "jenkins",
    title: "Jenkins",
    repoURL: "https://charts.jenkins.io",
    chart: "jenkins",
    version: "5.9.53",
    namespace: "jenkins",
    placement: "central",
    enabledByDefault: true,
    persistentVolumes: true,
    policyExceptions: [
      {
        name: "jenkins-rootless-image-builds",
        policies: ["pod-security"],
        podLabels: { "jenkins/jenkins-jenkins-agent": "true" },
        reason:
          "CI agents build images with rootless BuildKit, which needs unconfined seccomp and AppArmor profiles instead of a privileged container",
      },
    ],
  },
  devlake: {
    slug: "devlake",
    title: "Apache DevLake",
    repoURL: "https://apache.github.io/incubator-devlake-helm-chart",
    chart: "devlake",
    version: "1.0.3-beta10",
    namespace: "devlake",
    placement: "central",
    enabledByDefault: true,
  },
  che: {
    slug: "eclipse-che",
    title: "Eclipse Che (with the DevWorkspace Operator)",
    repoURL: "https://eclipse-che.github.io/che-operator/charts",
    chart: "eclipse-che",
    version: "7.121.0",
    namespace: "eclipse-che",
    placement: "central",
    enabledByDefault: false,
  },
} as const satisfies Record<string, ComponentDefinition>;

/** The DevWorkspace Operator Che needs, from its maintainers' Kubernetes manifests, pinned to a tag. */
export const DEVWORKSPACE_OPERATOR = {
  repoURL: "https://github.com/devfile/devworkspace-operator",
  path: "deploy/deployment/kubernetes",
  include: "combined.yaml",
  version: "v0.33.0",
  namespace: "devworkspace-controller",
} as const;

/**
 * The Gateway API's standard CRDs (Gateway, HTTPRoute, …), which neither NGINX Gateway Fabric's chart nor any
 * other installs: from the Gateway API repository (its kustomization of the standard channel), at the version
 * NGINX Gateway Fabric v2.6.7 installs them from (config/crd/gateway-api/standard/kustomization.yaml,
 * commit 5e34a17a8f7787e90f41d1af91258a556f0795b4).
 */
export const GATEWAY_API_CRDS = {
  title: "Gateway API CRDs",
  repoURL: "https://github.com/kubernetes-sigs/gateway-api",
  path: "config/crd",
  version: "v1.5.1",
  /** The commit the tag points to (kubernetes-sigs/gateway-api). */
  commit: "e7677b70ae75d14a4448fba94870e7deea6cf0ad",
  groups: ["gateway.networking.k8s.io"],
} as const;

export type ComponentKey = keyof typeof COMPONENT_CATALOG;
export const COMPONENT_KEYS = Object.keys(COMPONENT_CATALOG) as ComponentKey[];

/** The Istio ambient mesh's components: on together, unless `components.mesh` is "none". */
export const MESH_COMPONENTS = ["istioBase", "istiod", "istioCni", "ztunnel"] as const;
