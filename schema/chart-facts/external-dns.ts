// ExternalDNS chart 1.21.1 (app v0.21.0): one Deployment, already restricted by the chart's defaults.
import type { ChartFacts } from "./types.ts";

const C = "charts/external-dns";
const T = `${C}/templates`;

export const EXTERNAL_DNS_FACTS: ChartFacts = {
  component: "externalDns",
  chart: "external-dns",
  version: "1.21.1",
  appVersion: "0.21.0",
  releaseName: "external-dns",
  provenance: {
    repository: "https://github.com/kubernetes-sigs/external-dns",
    ref: "external-dns-helm-chart-1.21.1",
    commit: "9f26451346774099a8b3e3e5cc46a53bf2fd1461",
    chartPath: C,
    files: [
      `${C}/Chart.yaml`,
      `${C}/values.yaml`,
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/service.yaml`,
      `${T}/serviceaccount.yaml`,
      `${T}/clusterrole.yaml`,
      `${T}/servicemonitor.yaml`,
      `${C}/crds/dnsendpoints.externaldns.k8s.io.yaml`,
    ],
    verified: true,
    note: "The image tag defaults to `v` + appVersion (external-dns.image in _helpers.tpl). The release name contains the chart name, so every object is named `external-dns`. Azure: the provider reads /etc/kubernetes/azure.json (provider/azure/config.go at v0.21.0), mounted through extraVolumes/extraVolumeMounts as the chart's Azure tutorial (docs/tutorials/azure.md) shows; with workload identity it holds no secret.",
  },
  valuesAssumed: [
    "provider.name (aws or azure), sources [gateway-httproute] (or [ingress] with ingress-nginx), policy, registry=txt, txtOwnerId, domainFilters",
    "serviceAccount.annotations (eks.amazonaws.com/role-arn, or azure.workload.identity/client-id) and, on Azure, serviceAccount.labels and podLabels azure.workload.identity/use",
    "on Azure: extraVolumes/extraVolumeMounts of the ConfigMap external-dns-azure at /etc/kubernetes",
    "serviceMonitor.enabled where kube-prometheus-stack runs",
    "provider.name is not webhook (no webhook sidecar), extraContainers and initContainers empty (chart defaults)",
  ],
  pods: [
    {
      name: "external-dns",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: { "app.kubernetes.io/name": "external-dns", "app.kubernetes.io/instance": "external-dns" },
      serviceAccount: "external-dns",
      automountServiceAccountToken: true,
      podSecurityContext: { runAsNonRoot: true, fsGroup: 65534, seccompProfile: "RuntimeDefault" },
      containers: [
        {
          name: "external-dns",
          image: "registry.k8s.io/external-dns/external-dns:v0.21.0",
          securityContext: {
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            capabilities: { drop: ["ALL"] },
          },
          ports: [{ name: "http", containerPort: 7979, protocol: "TCP" }],
          securityContextKey: "securityContext",
          imageKey: "image",
          probes: ["liveness", "readiness"],
          resourcesKey: "resources",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "podSecurityContext",
        containerSecurityContext: "securityContext",
        podLabels: "podLabels",
        commonLabels: "commonLabels",
        image: "image",
      },
      provenance: `${T}/deployment.yaml`,
      note: "One replica (the chart hard-codes replicas: 1) with the Recreate strategy: two instances would fight over the same records.",
    },
  ],
  services: [
    {
      name: "external-dns",
      ports: [{ name: "http", port: 7979, targetPort: "http", protocol: "TCP" }],
      selects: "external-dns",
      type: "ClusterIP",
      provenance: `${T}/service.yaml`,
    },
  ],
  webhooks: [],
  crds: { groups: ["externaldns.k8s.io"], count: 1 },
  needsCrds: [
    {
      groups: ["gateway.networking.k8s.io"],
      why: "with the gateway-httproute source (Fawkes' with a Gateway) it waits for the Gateway API informers' caches at start and fails after 60 s without the CRDs (external-dns v0.21.0, the chart's appVersion: source/gateway.go waits in WaitForCacheSync; source/informers/informers.go times out)",
      provenance: "source/gateway.go",
    },
  ],
  secretsRead: [],
  configMapsRead: [
    {
      name: "external-dns-azure",
      readBy: "external-dns",
      createdByChart: false,
      optional: true,
      note: "on Azure only: azure.json (tenant, subscription and resource group of the zone, workload identity on), emitted by Fawkes in the cluster configuration",
    },
  ],
  createsSecrets: [],
};
