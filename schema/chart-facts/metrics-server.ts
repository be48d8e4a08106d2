// metrics-server chart 3.13.1 (app v0.8.1): one Deployment serving the resource metrics API (metrics.k8s.io)
// through an APIService, which the API server calls; HorizontalPodAutoscalers read CPU use through it.
import type { ChartFacts } from "./types.ts";

const C = "charts/metrics-server";
const T = `${C}/templates`;

export const METRICS_SERVER_FACTS: ChartFacts = {
  component: "metricsServer",
  chart: "metrics-server",
  version: "3.13.1",
  appVersion: "0.8.1",
  releaseName: "metrics-server",
  provenance: {
    repository: "https://github.com/kubernetes-sigs/metrics-server",
    ref: "metrics-server-helm-chart-3.13.1",
    commit: "842dcc8c42f22cc19f10c7d5f2d32a9f4b6013b0",
    chartPath: C,
    files: [
      `${C}/Chart.yaml`,
      `${C}/values.yaml`,
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/service.yaml`,
      `${T}/apiservice.yaml`,
      `${T}/pdb.yaml`,
    ],
    verified: true,
    note: "The image tag defaults to `v` + appVersion (metrics-server.image in _helpers.tpl); the release name is the chart name, so every object is named `metrics-server`. The container listens on containerPort 10250 (`--secure-port`), named https, behind the Service's port 443; the APIService v1beta1.metrics.k8s.io (apiService.create true, insecureSkipTLSVerify true with the chart's default tls.type metrics-server: a self-signed certificate in /tmp) points the API server at that Service. metrics-server scrapes each kubelet's /metrics/resource on the node's status port (--kubelet-use-node-status-port), an egress Fawkes leaves open.",
  },
  valuesAssumed: [
    "replicas (1, or 2 with podDisruptionBudget.enabled and minAvailable 1 where the cluster runs replicas)",
    "apiService.create=true, tls.type=metrics-server, hostNetwork.enabled=false, addonResizer.enabled=false (chart defaults)",
  ],
  pods: [
    {
      name: "metrics-server",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": "metrics-server" },
      serviceAccount: "metrics-server",
      // podSecurityContext: {} in values.yaml.
      podSecurityContext: null,
      containers: [
        {
          name: "metrics-server",
          image: "registry.k8s.io/metrics-server/metrics-server:v0.8.1",
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: "RuntimeDefault",
            capabilities: { drop: ["ALL"] },
          },
          ports: [{ name: "https", containerPort: 10250, protocol: "TCP" }],
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
      note: "priorityClassName system-cluster-critical by default; the tmp volume is an emptyDir.",
    },
  ],
  services: [
    {
      name: "metrics-server",
      ports: [{ name: "https", port: 443, targetPort: "https", protocol: "TCP" }],
      selects: "metrics-server",
      type: "ClusterIP",
      provenance: `${T}/service.yaml`,
    },
  ],
  webhooks: [],
  apiServices: [
    {
      name: "v1beta1.metrics.k8s.io",
      group: "metrics.k8s.io",
      service: "metrics-server:443",
      provenance: `${T}/apiservice.yaml`,
    },
  ],
  secretsRead: [],
  configMapsRead: [],
  createsSecrets: [],
};
