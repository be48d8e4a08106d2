// Backstage chart 2.8.2 with its Bitnami PostgreSQL 12.10.0 subchart (postgresql.enabled=true in Fawkes).
import type { ChartFacts } from "./types.ts";

const T = "charts/backstage/templates";
const PG =
  "bitnami/postgresql (subchart postgresql-12.10.0, repository https://github.com/bitnami/charts, tag postgresql/12.10.0, commit 85635f4e81edf49a2ba9baf301656a6e15ed261c)";

export const BACKSTAGE_FACTS: ChartFacts = {
  component: "backstage",
  chart: "backstage",
  version: "2.8.2",
  releaseName: "backstage",
  provenance: {
    repository: "https://github.com/backstage/charts",
    ref: "backstage-2.8.2",
    commit: "d1d84e78abf6c57a3230c742419d338c76ac1679",
    chartPath: "charts/backstage",
    files: [
      "charts/backstage/Chart.yaml",
      "charts/backstage/values.yaml",
      `${T}/_helpers.tpl`,
      `${T}/backstage-deployment.yaml`,
      `${T}/service.yaml`,
      `${T}/app-config-configmap.yaml`,
      "bitnami/postgresql/Chart.yaml@85635f4e81edf49a2ba9baf301656a6e15ed261c",
      "bitnami/postgresql/values.yaml@85635f4e81edf49a2ba9baf301656a6e15ed261c",
      "bitnami/postgresql/templates/primary/statefulset.yaml@85635f4e81edf49a2ba9baf301656a6e15ed261c",
    ],
    verified: true,
    note: `The PostgreSQL pod comes from ${PG}; the Backstage chart overrides its image to docker.io/bitnamilegacy/postgresql.`,
  },
  valuesAssumed: [
    "backstage.appConfig (base URL, catalog location)",
    "postgresql.enabled=true",
    "serviceAccount.create=false (chart default)",
    "backstage.image left at the chart default",
  ],
  pods: [
    {
      name: "backstage",
      workloadKind: "Deployment",
      namespace: "release",
      selectorLabels: {
        "app.kubernetes.io/name": "backstage",
        "app.kubernetes.io/instance": "backstage",
        "app.kubernetes.io/component": "backstage",
      },
      serviceAccount: "default",
      podSecurityContext: null,
      containers: [
        {
          name: "backstage-backend",
          // The chart's default tag is the mutable "latest": the generator must pin a tag or digest.
          image: "ghcr.io/backstage/backstage:latest",
          securityContext: null,
          ports: [{ name: "backend", containerPort: 7007, protocol: "TCP" }],
          securityContextKey: "backstage.containerSecurityContext",
          imageKey: "backstage.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "backstage.podSecurityContext",
        containerSecurityContext: "backstage.containerSecurityContext",
        podLabels: "backstage.podLabels",
        commonLabels: "commonLabels",
        image: "backstage.image",
      },
      provenance: `${T}/backstage-deployment.yaml`,
      note: "Both security contexts default to {} and are then omitted: no runAsNonRoot, no capabilities drop, no seccomp. Pod labels also carry helm.sh/chart and app.kubernetes.io/managed-by.",
    },
    {
      name: "backstage-postgresql",
      workloadKind: "StatefulSet",
      namespace: "release",
      condition: "postgresql.enabled",
      selectorLabels: {
        "app.kubernetes.io/name": "postgresql",
        "app.kubernetes.io/instance": "backstage",
        "app.kubernetes.io/component": "primary",
      },
      serviceAccount: "default",
      podSecurityContext: { fsGroup: 1001 },
      containers: [
        {
          name: "postgresql",
          image: "docker.io/bitnamilegacy/postgresql:15.4.0-debian-11-r10",
          securityContext: {
            runAsUser: 1001,
            runAsGroup: 0,
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            seccompProfile: "RuntimeDefault",
            capabilities: { drop: ["ALL"] },
          },
          ports: [{ name: "tcp-postgresql", containerPort: 5432 }],
          securityContextKey: "postgresql.primary.containerSecurityContext",
          imageKey: "postgresql.image",
        },
      ],
      initContainers: [],
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      hostPorts: [],
      valuesKeys: {
        podSecurityContext: "postgresql.primary.podSecurityContext",
        containerSecurityContext: "postgresql.primary.containerSecurityContext",
        podLabels: "postgresql.primary.podLabels",
        commonLabels: "postgresql.commonLabels",
        image: "postgresql.image",
      },
      provenance: "bitnami/postgresql/templates/primary/statefulset.yaml@85635f4e81edf49a2ba9baf301656a6e15ed261c",
      note: "Restricted-compliant by default. The registry is docker.io (bitnamilegacy), which an allowed-registries policy must list or the values must mirror. The tag comes from the subchart (15.4.0-debian-11-r10); the parent only overrides registry and repository.",
    },
  ],
  services: [
    {
      name: "backstage",
      ports: [{ name: "http-backend", port: 7007, targetPort: "backend" }],
      selects: "backstage",
      provenance: `${T}/service.yaml`,
    },
    {
      name: "backstage-postgresql",
      ports: [{ name: "tcp-postgresql", port: 5432, targetPort: "tcp-postgresql" }],
      selects: "backstage-postgresql",
      provenance: "bitnami/postgresql/templates/primary/svc.yaml@85635f4e81edf49a2ba9baf301656a6e15ed261c",
    },
    {
      name: "backstage-postgresql-hl",
      type: "Headless",
      ports: [{ name: "tcp-postgresql", port: 5432, targetPort: "tcp-postgresql" }],
      selects: "backstage-postgresql",
      provenance: "bitnami/postgresql/templates/primary/svc-headless.yaml@85635f4e81edf49a2ba9baf301656a6e15ed261c",
    },
  ],
  webhooks: [],
  secretsRead: [
    {
      name: "backstage-postgresql",
      readBy: "backstage",
      createdByChart: true,
      note: "key `password` (POSTGRES_PASSWORD); generated by the subchart since postgresql.auth.existingSecret is empty",
    },
    {
      name: "backstage-postgresql",
      readBy: "backstage-postgresql",
      createdByChart: true,
      note: "keys postgres-password and password",
    },
  ],
  configMapsRead: [
    {
      name: "backstage-app-config",
      readBy: "backstage",
      createdByChart: true,
      note: "rendered from backstage.appConfig",
    },
  ],
  createsSecrets: ["backstage-postgresql"],
};
