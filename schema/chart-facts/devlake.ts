// Apache DevLake chart 1.0.3-beta10: the lake API, the config UI and an in-chart MySQL StatefulSet, plus the
// Grafana 9.3.2 subchart (the DevLake dashboards image). This chart version has no Metabase.
import type { ChartFacts } from "./types.ts";

const T = "charts/devlake/templates";
const G = "charts/grafana/templates@ac7ea2dbc5fb843c5462b5e6f03421aebe37d48f";

export const DEVLAKE_FACTS: ChartFacts = {
  component: "devlake",
  chart: "devlake",
  version: "1.0.3-beta10",
  appVersion: "v1.0.3-beta10",
  releaseName: "devlake",
  provenance: {
    repository: "https://github.com/apache/incubator-devlake-helm-chart",
    ref: "devlake-1.0.3-beta10",
    commit: "d5580c2daf7f0828e27cdaae181facb14896d322",
    chartPath: "charts/devlake",
    files: [
      "charts/devlake/Chart.yaml",
      "charts/devlake/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/deployments.yaml`,
      `${T}/statefulsets.yaml`,
      `${T}/services.yaml`,
      `${T}/secrets.yaml`,
      `${T}/configmap.yaml`,
      "charts/grafana/Chart.yaml@ac7ea2dbc5fb843c5462b5e6f03421aebe37d48f",
      "charts/grafana/values.yaml@ac7ea2dbc5fb843c5462b5e6f03421aebe37d48f",
      `${G}/_pod.tpl`,
      `${G}/deployment.yaml`,
      `${G}/secret.yaml`,
    ],
    verified: true,
    note: "The Grafana subchart (grafana 9.3.2, from https://grafana.github.io/helm-charts) was read in https://github.com/grafana-community/helm-charts at tag grafana-9.3.2, commit ac7ea2dbc5fb843c5462b5e6f03421aebe37d48f (the charts' history moved there). MySQL is not a subchart: the chart's own statefulsets.yaml runs the docker.io mysql image.",
  },
  valuesAssumed: [
    "lake.encryptionSecret.autoCreateSecret=false, secretName=devlake-encryption",
    "grafana.enabled=true, grafana.persistence.enabled=true (chart defaults)",
    "mysql.useExternal=false, mysql.storage.type=pvc (chart defaults)",
    "option.autoCreateSecret=true (chart default: fixed default passwords)",
    "grafana.admin.existingSecret=devlake-ui-auth, userKey=ADMIN_USER, passwordKey=ADMIN_PASS (the subchart then creates no admin Secret)",
  ],
  pods: [
    {
      name: "devlake-lake",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "devlake",
        "app.kubernetes.io/instance": "devlake",
        devlakeComponent: "lake",
      },
      serviceAccount: "default",
      podSecurityContext: null,
      containers: [
        {
          name: "lake",
          image: "devlake.docker.scarf.sh/apache/devlake:v1.0.3-beta10",
          securityContext: null,
          ports: [{ containerPort: 8080 }],
          securityContextKey: "lake.containerSecurityContext",
          imageKey: "lake.image",
        },
      ],
      initContainers: [
        {
          name: "waiting-database-ready",
          image: "docker.io/alpine:3.16",
          implicitRegistry: true,
          securityContext: null,
          ports: [],
          securityContextKey: "lake.initContainerSecurityContext",
          imageKey: "alpine.image",
        },
      ],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "lake.securityContext",
        containerSecurityContext: "lake.containerSecurityContext",
        podLabels: "lake.extraLabels",
        image: "lake.image",
      },
      provenance: `${T}/deployments.yaml`,
      note: "hostNetwork only with lake.hostNetwork (default false). devlake.docker.scarf.sh is a download-counting proxy in front of Docker Hub (apache/devlake); the alpine image is docker.io/library/alpine.",
    },
    {
      name: "devlake-ui",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "devlake",
        "app.kubernetes.io/instance": "devlake",
        devlakeComponent: "ui",
      },
      serviceAccount: "default",
      podSecurityContext: null,
      containers: [
        {
          name: "config-ui",
          image: "devlake.docker.scarf.sh/apache/devlake-config-ui:v1.0.3-beta10",
          securityContext: null,
          ports: [{ containerPort: 4000 }],
          securityContextKey: "ui.containerSecurityContext",
          imageKey: "ui.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "ui.securityContext",
        containerSecurityContext: "ui.containerSecurityContext",
        podLabels: "ui.extraLabels",
        image: "ui.image",
      },
      provenance: `${T}/deployments.yaml`,
      note: "Its Service is a NodePort (service.type default NodePort, node port 32001).",
    },
    {
      name: "devlake-mysql",
      workloadKind: "StatefulSet",
      namespace: "release",
      condition: "option.database=mysql and not mysql.useExternal",
      selectorLabels: {
        "app.kubernetes.io/name": "devlake",
        "app.kubernetes.io/instance": "devlake",
        devlakeComponent: "mysql",
      },
      serviceAccount: "default",
      podSecurityContext: null,
      containers: [
        {
          name: "mysql",
          image: "docker.io/mysql:8",
          implicitRegistry: true,
          securityContext: null,
          ports: [{ name: "mysql", containerPort: 3306 }],
          securityContextKey: "mysql.containerSecurityContext",
          imageKey: "mysql.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "mysql.securityContext",
        containerSecurityContext: "mysql.containerSecurityContext",
        podLabels: "mysql.extraLabels",
        image: "mysql.image",
      },
      provenance: `${T}/statefulsets.yaml`,
      note: "The image tag is the mutable major tag 8. With mysql.storage.type=hostpath it would mount the host path /devlake/mysql/data (Fawkes keeps pvc). The StatefulSet's matchLabels carry only name and instance, so they also match the lake and ui pods.",
    },
    {
      name: "devlake-grafana",
      workloadKind: "Deployment",
      namespace: "release",
      condition: "grafana.enabled",
      selectorLabels: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "devlake" },
      serviceAccount: "devlake-grafana",
      podSecurityContext: { runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
      containers: [
        {
          name: "grafana",
          image: "devlake.docker.scarf.sh/apache/devlake-dashboard:v1.0.3-beta10",
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: "RuntimeDefault",
          },
          ports: [
            { name: "grafana", containerPort: 3000 },
            { name: "gossip-tcp", containerPort: 9094 },
            { name: "gossip-udp", containerPort: 9094, protocol: "UDP" },
            { name: "profiling", containerPort: 6060 },
          ],
          securityContextKey: "grafana.containerSecurityContext",
          imageKey: "grafana.image",
        },
      ],
      initContainers: [
        {
          name: "init-chown-data",
          image: "docker.io/library/busybox:1.31.1",
          securityContext: {
            readOnlyRootFilesystem: false,
            runAsNonRoot: false,
            runAsUser: 0,
            seccompProfile: "RuntimeDefault",
            capabilities: { add: ["CHOWN"], drop: ["ALL"] },
          },
          ports: [],
          securityContextKey: "grafana.initChownData.securityContext",
          imageKey: "grafana.initChownData.image",
          disabledBy: "grafana.initChownData.enabled",
        },
      ],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "grafana.securityContext",
        containerSecurityContext: "grafana.containerSecurityContext",
        podLabels: "grafana.podLabels",
        commonLabels: "grafana.extraLabels",
        image: "grafana.image",
      },
      provenance: `${G}/_pod.tpl`,
      note: "init-chown-data renders because DevLake turns grafana.persistence on and initChownData.enabled defaults to true: it runs as root and adds CHOWN. grafana.initChownData.enabled=false removes it (fsGroup 472 already owns the volume). The gossip and profiling ports are declared only when their features are on; port 3000 always.",
    },
  ],
  services: [
    {
      name: "devlake-lake",
      ports: [{ name: "devlake", port: 8080, targetPort: 8080 }],
      selects: "devlake-lake",
      provenance: `${T}/services.yaml`,
    },
    {
      name: "devlake-ui",
      type: "NodePort",
      ports: [{ name: "ui", port: 4000, targetPort: 4000 }],
      selects: "devlake-ui",
      provenance: `${T}/services.yaml`,
    },
    {
      name: "devlake-mysql",
      ports: [{ name: "mysql", port: 3306, targetPort: 3306 }],
      selects: "devlake-mysql",
      provenance: `${T}/services.yaml`,
    },
    {
      name: "devlake-grafana",
      ports: [{ name: "service", port: 80, targetPort: 3000 }],
      selects: "devlake-grafana",
      provenance: `${G}/service.yaml`,
    },
  ],
  webhooks: [],
  secretsRead: [
    {
      name: "devlake-mysql-auth",
      readBy: "devlake-lake",
      createdByChart: true,
      note: "option.connectionSecretName; also read by devlake-mysql and devlake-grafana (grafana.envFromSecrets)",
    },
    {
      name: "devlake-encryption",
      readBy: "devlake-lake",
      createdByChart: false,
      note: "Fawkes sets autoCreateSecret=false: must come from an ExternalSecret",
    },
    {
      name: "devlake-ui-auth",
      readBy: "devlake-grafana",
      createdByChart: false,
      note: "Grafana's admin user and password (grafana.admin.existingSecret): the config UI's credentials, from an ExternalSecret",
    },
  ],
  configMapsRead: [
    {
      name: "devlake-mysql-auth-config",
      readBy: "devlake-lake",
      createdByChart: true,
      note: "also read by devlake-mysql and devlake-grafana",
    },
    { name: "devlake-grafana", readBy: "devlake-grafana", createdByChart: true },
  ],
  createsSecrets: ["devlake-mysql-auth"],
};

/**
 * The DORA dashboard DevLake's Grafana image provisions (apache/devlake-dashboard, built from
 * apache/incubator-devlake grafana/ at v1.0.3-beta10, commit 99376a8eb866f2b557dd3bc2ca26510ce241f065:
 * grafana/Dockerfile copies grafana/dashboards/, provisioned by grafana/provisioning/dashboards/dashboard.yml).
 * DORA.json has uid qNo8_0M4z and a `project` variable over `select distinct name from projects`, so one
 * DevLake project (one per team, generators/dora/) is one value of it. The config UI proxies `/grafana/` to it
 * (config-ui/nginx.conf, with `auth_basic off`: Grafana's own login guards it).
 */
export const DEVLAKE_DORA_DASHBOARD = {
  uid: "qNo8_0M4z",
  slug: "dora",
  projectVariable: "project",
  provenance: {
    repository: "https://github.com/apache/incubator-devlake",
    ref: "v1.0.3-beta10",
    commit: "99376a8eb866f2b557dd3bc2ca26510ce241f065",
    files: [
      "grafana/Dockerfile",
      "grafana/dashboards/DORA.json",
      "grafana/provisioning/dashboards/dashboard.yml",
      "config-ui/nginx.conf",
    ],
  },
} as const;
