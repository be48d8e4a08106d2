// Argo CD chart (argo-cd) 9.4.17: controller, server, repo server, ApplicationSet and notifications
// controllers, Dex, Redis and the Redis secret-init hook Job. nameOverride "argocd" makes every name argocd-*.
import type { ChartFacts, ContainerFact, PodFact, SecurityContextFact } from "./types.ts";

const T = "charts/argo-cd/templates";
const ARGOCD_IMAGE = "quay.io/argoproj/argocd:v3.3.6";
/** The chart's default container security context for the Argo CD components. */
const HARDENED: SecurityContextFact = {
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  seccompProfile: "RuntimeDefault",
  capabilities: { drop: ["ALL"] },
};

function argocdPod(
  key: string,
  name: string,
  kind: PodFact["workloadKind"],
  template: string,
  ports: ContainerFact["ports"],
  serviceAccount: string,
  initContainers: ContainerFact[] = [],
  extra: Partial<PodFact> = {},
): PodFact {
  return {
    name: `argocd-${name}`,
    workloadKind: kind,
    namespace: "release",
    selectorLabels: { "app.kubernetes.io/name": `argocd-${name}`, "app.kubernetes.io/instance": "argocd" },
    serviceAccount,
    // global.securityContext defaults to {}: no pod-level context.
    podSecurityContext: null,
    containers: [
      {
        name,
        image: ARGOCD_IMAGE,
        securityContext: HARDENED,
        ports,
        securityContextKey: `${key}.containerSecurityContext`,
        imageKey: `${key}.image`,
      },
    ],
    initContainers,
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    hostPaths: [],
    hostPorts: [],
    valuesKeys: {
      podSecurityContext: "global.securityContext",
      containerSecurityContext: `${key}.containerSecurityContext`,
      podLabels: `${key}.podLabels`,
      commonLabels: "global.additionalLabels",
      image: `${key}.image`,
    },
    provenance: `${T}/${template}`,
    ...extra,
  };
}

const copyutil = (key: string): ContainerFact => ({
  name: "copyutil",
  image: ARGOCD_IMAGE,
  securityContext: key === "dex" ? { ...HARDENED, runAsUser: 1001 } : HARDENED,
  ports: [],
  securityContextKey: `${key}.containerSecurityContext`,
});

export const ARGOCD_FACTS: ChartFacts = {
  component: "argocd",
  chart: "argo-cd",
  version: "9.4.17",
  appVersion: "v3.3.6",
  releaseName: "argocd",
  provenance: {
    repository: "https://github.com/argoproj/argo-helm",
    ref: "argo-cd-9.4.17",
    commit: "72af08ca906ad3bca079697340cb07e7fa468dcb",
    chartPath: "charts/argo-cd",
    files: [
      "charts/argo-cd/Chart.yaml",
      "charts/argo-cd/values.yaml",
      `${T}/_common.tpl`,
      `${T}/_helpers.tpl`,
      `${T}/argocd-application-controller/statefulset.yaml`,
      `${T}/argocd-server/deployment.yaml`,
      `${T}/argocd-repo-server/deployment.yaml`,
      `${T}/argocd-applicationset/deployment.yaml`,
      `${T}/argocd-notifications/deployment.yaml`,
      `${T}/dex/deployment.yaml`,
      `${T}/redis/deployment.yaml`,
      `${T}/redis-secret-init/job.yaml`,
    ],
    verified: true,
  },
  valuesAssumed: [
    "server.insecure (TLS ends at the Gateway)",
    "replicas of server, repo server and ApplicationSet controller",
    "notifications.enabled=true when DevLake is on (chart default true)",
    "dex.enabled=true, redis.enabled=true, redis-ha.enabled=false, commitServer.enabled=false (chart defaults)",
    "controller.dynamicClusterDistribution=false: the controller is a StatefulSet",
  ],
  pods: [
    argocdPod(
      "controller",
      "application-controller",
      "StatefulSet",
      "argocd-application-controller/statefulset.yaml",
      [{ name: "metrics", containerPort: 8082 }],
      "argocd-application-controller",
    ),
    argocdPod(
      "server",
      "server",
      "Deployment",
      "argocd-server/deployment.yaml",
      [
        { name: "server", containerPort: 8080 },
        { name: "metrics", containerPort: 8083 },
      ],
      "argocd-server",
    ),
    argocdPod(
      "repoServer",
      "repo-server",
      "Deployment",
      "argocd-repo-server/deployment.yaml",
      [
        { name: "repo-server", containerPort: 8081 },
        { name: "metrics", containerPort: 8084 },
      ],
      "argocd-repo-server",
      [copyutil("repoServer")],
    ),
    argocdPod(
      "applicationSet",
      "applicationset-controller",
      "Deployment",
      "argocd-applicationset/deployment.yaml",
      [
        { name: "metrics", containerPort: 8080 },
        { name: "probe", containerPort: 8081 },
        { name: "webhook", containerPort: 7000 },
      ],
      "argocd-applicationset-controller",
    ),
    argocdPod(
      "notifications",
      "notifications-controller",
      "Deployment",
      "argocd-notifications/deployment.yaml",
      [{ name: "metrics", containerPort: 9001 }],
      "argocd-notifications-controller",
      [],
      { condition: "notifications.enabled" },
    ),
    {
      ...argocdPod(
        "dex",
        "dex-server",
        "Deployment",
        "dex/deployment.yaml",
        [
          { name: "http", containerPort: 5556 },
          { name: "grpc", containerPort: 5557 },
          { name: "metrics", containerPort: 5558 },
        ],
        "argocd-dex-server",
        [copyutil("dex")],
        { condition: "dex.enabled" },
      ),
      containers: [
        {
          name: "dex-server",
          image: "ghcr.io/dexidp/dex:v2.45.1",
          securityContext: { ...HARDENED, runAsUser: 1001 },
          ports: [
            { name: "http", containerPort: 5556 },
            { name: "grpc", containerPort: 5557 },
            { name: "metrics", containerPort: 5558 },
          ],
          securityContextKey: "dex.containerSecurityContext",
          imageKey: "dex.image",
        },
      ],
    },
    {
      ...argocdPod("redis", "redis", "Deployment", "redis/deployment.yaml", [], "default", [], {
        condition: "redis.enabled and not redis-ha.enabled",
      }),
      podSecurityContext: { runAsNonRoot: true, runAsUser: 999, seccompProfile: "RuntimeDefault" },
      containers: [
        {
          name: "redis",
          image: "ecr-public.aws.com/docker/library/redis:8.2.3-alpine",
          securityContext: {
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
          },
          ports: [{ name: "redis", containerPort: 6379 }],
          securityContextKey: "redis.containerSecurityContext",
          imageKey: "redis.image",
        },
      ],
      valuesKeys: {
        podSecurityContext: "redis.securityContext",
        containerSecurityContext: "redis.containerSecurityContext",
        podLabels: "redis.podLabels",
        commonLabels: "global.additionalLabels",
        image: "redis.image",
      },
      note: "The metrics exporter sidecar (ghcr.io/oliver006/redis_exporter) renders only with redis.exporter.enabled (default false). The pod-level context supplies seccomp and runAsNonRoot.",
    },
    {
      ...argocdPod(
        "redisSecretInit",
        "redis-secret-init",
        "Job",
        "redis-secret-init/job.yaml",
        [],
        "argocd-redis-secret-init",
        [],
        { condition: "redisSecretInit.enabled", helmHook: "pre-install,pre-upgrade" },
      ),
      valuesKeys: {
        podSecurityContext: "redisSecretInit.securityContext",
        containerSecurityContext: "redisSecretInit.containerSecurityContext",
        podLabels: "redisSecretInit.podLabels",
        commonLabels: "global.additionalLabels",
        image: "redisSecretInit.image",
      },
      note: "A Helm hook: Argo CD runs it as a PreSync hook. It creates the argocd-redis Secret (auth password) if absent.",
    },
  ],
  services: [
    {
      name: "argocd-server",
      ports: [
        { name: "http", port: 80, targetPort: 8080 },
        { name: "https", port: 443, targetPort: 8080 },
      ],
      selects: "argocd-server",
      provenance: `${T}/argocd-server/service.yaml`,
    },
    {
      name: "argocd-repo-server",
      ports: [{ name: "tcp-repo-server", port: 8081, targetPort: "repo-server" }],
      selects: "argocd-repo-server",
      provenance: `${T}/argocd-repo-server/service.yaml`,
    },
    {
      name: "argocd-applicationset-controller",
      ports: [{ name: "http-webhook", port: 7000, targetPort: "webhook" }],
      selects: "argocd-applicationset-controller",
      provenance: `${T}/argocd-applicationset/service.yaml`,
    },
    {
      name: "argocd-dex-server",
      ports: [
        { name: "http", port: 5556, targetPort: "http" },
        { name: "grpc", port: 5557, targetPort: "grpc" },
      ],
      selects: "argocd-dex-server",
      provenance: `${T}/dex/service.yaml`,
    },
    {
      name: "argocd-redis",
      ports: [{ name: "tcp-redis", port: 6379, targetPort: "redis" }],
      selects: "argocd-redis",
      provenance: `${T}/redis/service.yaml`,
    },
  ],
  webhooks: [],
  crds: {
    groups: ["argoproj.io"],
    count: 3,
    enabledBy: "crds.install (default true): Application, ApplicationSet, AppProject",
  },
  secretsRead: [
    {
      name: "argocd-secret",
      readBy: "argocd-server",
      createdByChart: true,
      note: "configs.secret.createSecret default true; also read by the controller, repo server and Dex",
    },
    {
      name: "argocd-redis",
      readBy: "argocd-redis",
      createdByChart: false,
      note: "created by the redis-secret-init hook Job; read by every component that talks to Redis",
    },
    { name: "argocd-repo-server-tls", readBy: "argocd-repo-server", createdByChart: false, optional: true },
    { name: "argocd-dex-server-tls", readBy: "argocd-dex-server", createdByChart: false, optional: true },
    {
      name: "argocd-notifications-secret",
      readBy: "argocd-notifications-controller",
      createdByChart: true,
      optional: true,
    },
  ],
  configMapsRead: [
    { name: "argocd-cm", readBy: "argocd-server", createdByChart: true },
    {
      name: "argocd-cmd-params-cm",
      readBy: "argocd-server",
      createdByChart: true,
      note: "read by every component through env",
    },
    { name: "argocd-rbac-cm", readBy: "argocd-server", createdByChart: true },
    { name: "argocd-ssh-known-hosts-cm", readBy: "argocd-repo-server", createdByChart: true },
    { name: "argocd-tls-certs-cm", readBy: "argocd-repo-server", createdByChart: true },
    { name: "argocd-gpg-keys-cm", readBy: "argocd-repo-server", createdByChart: true },
    { name: "argocd-notifications-cm", readBy: "argocd-notifications-controller", createdByChart: true },
  ],
  createsSecrets: ["argocd-secret", "argocd-notifications-secret", "argocd-redis (by the hook Job)"],
};
