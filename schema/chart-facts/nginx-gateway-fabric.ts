// NGINX Gateway Fabric chart 2.6.7: the control plane Deployment and its cert-generator hook Job. The data
// plane (NGINX) Deployments are created at runtime by the control plane's provisioner, one per Gateway.
import type { ChartFacts, SecurityContextFact } from "./types.ts";

const T = "charts/nginx-gateway-fabric/templates";
const HARDENED: SecurityContextFact = {
  seccompProfile: "RuntimeDefault",
  capabilities: { drop: ["ALL"] },
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsUser: 101,
  runAsGroup: 1001,
};
const CONTROL_IMAGE = "ghcr.io/nginx/nginx-gateway-fabric:2.6.7";
const NO_HOST = { hostNetwork: false, hostPID: false, hostIPC: false, hostPaths: [], hostPorts: [] } as const;

export const NGINX_GATEWAY_FABRIC_FACTS: ChartFacts = {
  component: "gateway",
  chart: "nginx-gateway-fabric",
  version: "2.6.7",
  appVersion: "2.6.7",
  releaseName: "nginx-gateway-fabric",
  provenance: {
    repository: "https://github.com/nginx/nginx-gateway-fabric",
    ref: "v2.6.7",
    commit: "5e34a17a8f7787e90f41d1af91258a556f0795b4",
    chartPath: "charts/nginx-gateway-fabric",
    files: [
      "charts/nginx-gateway-fabric/Chart.yaml",
      "charts/nginx-gateway-fabric/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/certs-job.yaml`,
      `${T}/service.yaml`,
      `${T}/nginxproxy.yaml`,
      "internal/controller/provisioner/objects.go",
      "internal/framework/controller/labels.go",
    ],
    verified: true,
  },
  valuesAssumed: [
    "nginxGateway.replicas, gatewayClassName=nginx",
    "nginx.replicas and nginx.service (LoadBalancer, externalTrafficPolicy Local, annotation patches) — rendered into the NginxProxy the data plane is built from",
  ],
  pods: [
    {
      name: "nginx-gateway-fabric",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "nginx-gateway-fabric",
        "app.kubernetes.io/instance": "nginx-gateway-fabric",
      },
      serviceAccount: "nginx-gateway-fabric",
      podSecurityContext: { fsGroup: 1001, runAsNonRoot: true },
      containers: [
        {
          name: "nginx-gateway",
          image: CONTROL_IMAGE,
          securityContext: HARDENED,
          ports: [
            { name: "agent-grpc", containerPort: 8443 },
            { name: "metrics", containerPort: 9113 },
            { name: "health", containerPort: 8081 },
          ],
          imageKey: "nginxGateway.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: { podLabels: "nginxGateway.labels", image: "nginxGateway.image" },
      provenance: `${T}/deployment.yaml`,
      note: "Both security contexts are fixed in the template (no values key); they are restricted-compliant. Ports 9113 (metrics) and 8081 (readiness) are the values' defaults.",
    },
    {
      name: "nginx-gateway-fabric-cert-generator",
      workloadKind: "Job",
      namespace: "release",
      helmHook: "pre-install,pre-upgrade",
      selectorLabels: {
        "app.kubernetes.io/name": "nginx-gateway-fabric",
        "app.kubernetes.io/instance": "nginx-gateway-fabric",
      },
      serviceAccount: "nginx-gateway-fabric-cert-generator",
      automountServiceAccountToken: true,
      podSecurityContext: { fsGroup: 1001, runAsNonRoot: true },
      containers: [
        {
          name: "cert-generator",
          image: CONTROL_IMAGE,
          securityContext: HARDENED,
          ports: [],
          imageKey: "nginxGateway.image",
        },
      ],
      initContainers: [],
      ...NO_HOST,
      valuesKeys: { image: "nginxGateway.image" },
      provenance: `${T}/certs-job.yaml`,
      note: "Argo CD runs it as a PreSync hook; it creates the server-tls and agent-tls Secrets.",
    },
    {
      name: "<gateway>-nginx",
      workloadKind: "Deployment",
      namespace: "the Gateway's namespace",
      condition: "one per Gateway of the nginx GatewayClass, created by the control plane at runtime",
      selectorLabels: {
        "gateway.networking.k8s.io/gateway-name": "<gateway>",
        "app.kubernetes.io/instance": "nginx-gateway-fabric",
      },
      serviceAccount: "<gateway>-nginx",
      podSecurityContext: { fsGroup: 1001, runAsNonRoot: true, sysctls: ["net.ipv4.ip_unprivileged_port_start=0"] },
      containers: [
        {
          name: "nginx",
          image: "ghcr.io/nginx/nginx-gateway-fabric/nginx:2.6.7",
          securityContext: HARDENED,
          ports: [],
          imageKey: "nginx.image",
        },
      ],
      initContainers: [
        { name: "init", image: CONTROL_IMAGE, securityContext: HARDENED, ports: [], imageKey: "nginxGateway.image" },
      ],
      ...NO_HOST,
      valuesKeys: { image: "nginx.image", podLabels: "Gateway spec.infrastructure.labels" },
      provenance: "internal/controller/provisioner/objects.go",
      note: "Security contexts are fixed in the provisioner's code. The sysctl is in the PSA safe set. Container ports follow the Gateway's listeners (plus metrics 9113). Selector labels also carry app.kubernetes.io/name=<resource name> and the control plane's selector; a Gateway name over the Service name limit moves gateway-name to an annotation.",
    },
  ],
  services: [
    {
      name: "nginx-gateway-fabric",
      ports: [{ name: "agent-grpc", port: 443, targetPort: 8443 }],
      selects: "nginx-gateway-fabric",
      provenance: `${T}/service.yaml`,
    },
    {
      name: "<gateway>-nginx",
      type: "LoadBalancer",
      ports: [],
      selects: "<gateway>-nginx",
      provenance: "internal/controller/provisioner/objects.go",
    },
  ],
  webhooks: [],
  crds: {
    groups: ["gateway.nginx.org"],
    enabledBy: "the chart's crds/ directory (Gateway API CRDs are installed separately)",
  },
  needsCrds: [
    {
      groups: ["gateway.networking.k8s.io"],
      why: "the control plane reconciles Gateways and routes; the Gateway API CRDs are installed separately (Gateway API v1.5.1)",
      provenance: "config/crd/gateway-api/standard/kustomization.yaml",
    },
  ],
  secretsRead: [
    {
      name: "server-tls",
      readBy: "nginx-gateway-fabric",
      createdByChart: false,
      note: "created by the cert-generator hook Job",
    },
    {
      name: "agent-tls",
      readBy: "<gateway>-nginx",
      createdByChart: false,
      note: "created by the cert-generator hook Job; copied to the Gateway's namespace by the control plane",
    },
  ],
  configMapsRead: [
    {
      name: "<gateway>-nginx-agent-config",
      readBy: "<gateway>-nginx",
      createdByChart: false,
      note: "created by the provisioner",
    },
  ],
  createsSecrets: ["server-tls", "agent-tls"],
};
