// Metabase chart 2.23.0 (pmint93/helm-charts), for services deployed from it: one Deployment, the release's
// Service. Read at the chart's release tag; the image's user from Metabase's own Docker entrypoint.
import type { ServiceChartFacts } from "./types.ts";

const T = "charts/metabase/templates";

export const METABASE_FACTS: ServiceChartFacts = {
  repoURL: "https://pmint93.github.io/helm-charts",
  chart: "metabase",
  version: "2.23.0",
  appVersion: "v0.56.2.x",
  provenance: {
    repository: "https://github.com/pmint93/helm-charts",
    ref: "metabase-2.23.0",
    commit: "18e1848f3170e7a6870e41fabf9260a8907ad985",
    chartPath: "charts/metabase",
    files: [
      "charts/metabase/Chart.yaml",
      "charts/metabase/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/deployment.yaml`,
      `${T}/service.yaml`,
      `${T}/serviceaccount.yaml`,
    ],
    verified: true,
    note: "nonRootUser from metabase/metabase bin/docker/run_metabase.sh (read at commit 0024b89173d0c1f3ab97e447b04594db950defe8, not at the app's v0.56.2 tag) and bin/docker/Dockerfile (no USER: the image starts as root): started as root the script creates user metabase (MUID, default 2000) and runs Java as it through su; started as any other uid it runs Java directly.",
  },
  valuesAssumed: [
    "fullnameOverride=<release> (Fawkes), nameOverride unset: the Deployment and Service are named after the release, the app label is the chart name",
    "serviceAccount.create=false, serviceAccount.name unset (chart default): the pod runs as the namespace's default ServiceAccount",
    "image.tag empty (chart default): the tag is the chart's appVersion",
    "hpa.enabled=false (chart default): replicaCount sets the replicas",
    "database.type=h2 (chart default): no database Secret is read unless database.* is set",
  ],
  unmodelledValues: ["extraInitContainers", "sidecars", "database.googleCloudSQL.instanceConnectionNames"],
  pods: (release) => [
    {
      name: release,
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: { app: "metabase", release },
      serviceAccount: "default",
      automountServiceAccountToken: true,
      podSecurityContext: null,
      containers: [
        {
          name: "metabase",
          image: "docker.io/metabase/metabase:v0.56.2.x",
          implicitRegistry: true,
          securityContext: null,
          ports: [{ containerPort: 3000, protocol: "TCP" }],
          securityContextKey: "securityContext",
          imageKey: "image",
          probes: ["startup", "liveness", "readiness"],
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
        image: "image",
      },
      nonRootUser: 2000,
      provenance: `${T}/deployment.yaml`,
      note: "Pod labels are app (the chart name) and release, then podLabels; the chart sets no app.kubernetes.io/* label on the pod. podSecurityContext and securityContext default to {} and are then omitted. The image is `image.repository:image.tag`, the tag defaulting to the appVersion. Startup, liveness and readiness probes (GET /api/health on service.internalPort) are always rendered; resources default to {}. A Cloud SQL proxy sidecar renders only with database.googleCloudSQL.instanceConnectionNames.",
    },
  ],
  services: (release) => [
    {
      name: release,
      ports: [{ name: "metabase", port: 80, targetPort: 3000, protocol: "TCP" }],
      selects: release,
      type: "ClusterIP",
      provenance: `${T}/service.yaml`,
    },
  ],
};
