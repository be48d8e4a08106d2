// The naming module: every name that crosses a boundary (between targets, between the checks and resolve,
// between Fawkes and a consumer) and every output path, spelled once. Generators import names from here,
// never from each other.
import { COMPONENT_CATALOG } from "../schema/component-catalog.ts";
import { DEVLAKE_DORA_DASHBOARD } from "../schema/chart-facts/devlake.ts";
import type { FawkesConfig } from "../schema/config.ts";

type ServiceConfig = FawkesConfig["services"][string];

/** Environments a service is deployed to, in promotion order. */
export function serviceEnvironments(service: ServiceConfig, environmentNames: readonly string[]): string[] {
  if (!service.environments) return [...environmentNames];
  const wanted = new Set(service.environments);
  return environmentNames.filter((env) => wanted.has(env));
}

/** Value for one environment of a `value | { env: value }` field. */
export function forEnvironment<T>(
  value: T | Record<string, T>,
  environment: string,
  isValue: (v: unknown) => v is T,
): T | undefined {
  return isValue(value) ? value : (value as Record<string, T>)[environment];
}

/** The host an exposed service answers on in an environment, or undefined when it is not exposed. */
export function serviceHost(
  name: string,
  service: ServiceConfig,
  environment: string,
  domain: string,
): string | undefined {
  if (service.expose === false) return undefined;
  const configured = service.expose === true ? undefined : service.expose.host;
  if (configured === undefined) return `${name}.${environment}.${domain}`;
  return typeof configured === "string" ? configured : (configured[environment] ?? `${name}.${environment}.${domain}`);
}

/** The image repository of a service (without tag). */
export function serviceImage(name: string, service: ServiceConfig, registry: string): string {
  return service.image ?? `${registry}/${name}`;
}

/** Namespaces of the cluster that teams may not take. */
export const SYSTEM_NAMESPACES = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "istio-system",
  "gatekeeper-system",
];

/** Multiplier of each Kubernetes quantity suffix. */
const SUFFIX: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number (`500m` → 0.5, `1Gi` → 1073741824). */
export function parseQuantity(quantity: string): number {
  const match = /^([+]?[0-9.]+)([a-zA-Z]*)$/.exec(quantity);
  const factor = match ? SUFFIX[match[2]!] : undefined;
  if (!match || factor === undefined) return Number.NaN;
  return Number(match[1]) * factor;
}

/** The labels Fawkes puts on every object and pod of a service (its selector labels come on top). */
export function serviceLabels(platform: string, team: string, service: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": service,
    "app.kubernetes.io/part-of": platform,
    "app.kubernetes.io/managed-by": "fawkes",
    "fawkes.dev/team": team,
  };
}

/** Label keys Fawkes sets on services' objects: their labels, the environment's, a chart's selector label. */
export const FAWKES_LABEL_KEYS = [
  ...Object.keys(serviceLabels("p", "t", "s")),
  "fawkes.dev/environment",
  "app.kubernetes.io/instance",
] as const;

/**
 * Why the config may not set a label key, or undefined: Fawkes' own labels (selectors, ownership, the team
 * and environment that policies and tools read), and the prefixes Kubernetes, Istio and Azure reserve or act on.
 */
export function reservedLabelKey(key: string): string | undefined {
  if ((FAWKES_LABEL_KEYS as readonly string[]).includes(key) || key.startsWith("fawkes.dev/"))
    return "Fawkes sets it itself";
  const prefix = key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
  if (/(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix) && prefix !== "app.kubernetes.io")
    return "the kubernetes.io and k8s.io prefixes are reserved for Kubernetes";
  if (/(^|\.)istio\.io$/.test(prefix)) return "Istio acts on istio.io labels";
  if (prefix === "azure.workload.identity") return "Azure workload identity acts on it";
  return undefined;
}

/** Labels every object Fawkes renders for a team carries (namespaces, quotas, RBAC). */
export function teamLabels(team: string, environment: string): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "fawkes",
    "fawkes.dev/environment": environment,
    "fawkes.dev/team": team,
  };
}

/** IAM role (AWS) or managed identity (Azure) of a service in an environment; Terraform creates it by this name. */
export function workloadIdentityName(platform: string, environment: string, service: string): string {
  return `${platform}-${environment}-${service}`;
}

/** The Kubernetes RBAC group of a GitHub team, as the GitHub OIDC connector (Dex) names it: `org:team`. */
export function rbacGroup(githubTeam: string): string {
  return githubTeam.replace("/", ":");
}

/** OpenTelemetry auto-instrumentation language by build type; Go needs a privileged eBPF agent, so none. */
export const OTEL_LANGUAGE: Readonly<Record<string, string | undefined>> = {
  node: "nodejs",
  maven: "java",
  gradle: "java",
  python: "python",
  go: undefined,
};

/** OTLP/HTTP endpoint of each cluster's collector (the operator names its Service `<name>-collector`). */
export const OTEL_COLLECTOR_ENDPOINT = "http://otel-collector.opentelemetry-operator-system.svc:4318";

/** Well-known names of platform objects that generated workloads point at. */
export const PLATFORM_NAMES = {
  gateway: "platform",
  gatewayListener: "https",
  clusterIssuer: "letsencrypt",
  /** The per-team SecretStore in every team namespace. */
  secretStore: "vault",
  /** The platform's own store (cluster credentials), usable from the ArgoCD namespace only. */
  platformSecretStore: "vault-platform",
  /** The service account a team's SecretStore authenticates to Vault with. */
  secretStoreServiceAccount: "vault-secrets",
  instrumentation: "default",
  ingressClass: "nginx",
  vaultKvMount: "kv",
  /** ExternalDNS's Azure provider configuration (azure.json), beside it in its namespace. */
  externalDnsAzureConfig: "external-dns-azure",
  /** Outside the management cluster: binds the service accounts that log in to Vault to system:auth-delegator. */
  vaultTokenReview: "fawkes-vault-token-review",
} as const;

/** Objects every team namespace holds, by kind: a service's objects of the same kind are named after it. */
export const TEAM_NAMESPACE_OBJECTS = {
  quota: "team-quota",
  limitRange: "container-defaults",
  defaultDeny: "default-deny",
  allowDns: "allow-dns",
  /** Istio's allow-nothing AuthorizationPolicy. */
  allowNothing: "allow-nothing",
} as const;

/** The platform's own AppProject (and Backstage group). */
export const PLATFORM_PROJECT = "platform";

/** The name ArgoCD gives the cluster it runs in (the management environment's destination). */
export const IN_CLUSTER = "in-cluster";

/** Name of an ArgoCD Application of something deployed per environment: a service, a component, a folder. */
export function applicationName(subject: string, environment: string): string {
  return `${subject}-${environment}`;
}

/** Subjects of the platform's own per-environment Applications besides the components' (`namespaces-<env>`). */
export const PLATFORM_APPLICATIONS = [
  "namespaces",
  "cluster-config",
  "cluster-secret-store",
  "gateway-api",
  "devworkspace-operator",
] as const;

/** Names the platform takes, by kind of config entry, each with what takes it. */
export interface ReservedNames {
  readonly teams: ReadonlyMap<string, string>;
  readonly environments: ReadonlyMap<string, string>;
  readonly services: ReadonlyMap<string, string>;
}

/**
 * Every name a team, environment or service may not have, because the platform's own objects, paths or
 * Applications carry it: a team is a namespace, an AppProject and a Backstage group; an environment is a
 * Terraform root, a Vault subtree and an ArgoCD cluster; a service names an Application per environment and,
 * in its team's namespace, a ServiceAccount, a NetworkPolicy and an AuthorizationPolicy.
 */
export function reservedNames(argocdNamespace: string): ReservedNames {
  const teams = new Map<string, string>();
  for (const namespace of SYSTEM_NAMESPACES) teams.set(namespace, `the cluster's own namespace "${namespace}"`);
  for (const component of Object.values(COMPONENT_CATALOG))
    teams.set(component.namespace, `the namespace of the ${component.slug} component`);
  teams.set(argocdNamespace, "ArgoCD's namespace");
  teams.set(PLATFORM_PROJECT, "the platform's AppProject, Backstage group and alert receiver");
  const environments = new Map<string, string>([
    ["vault", "out/infra/vault/ is the Vault root"],
    [VAULT_LAYOUT.shared, `kv/${VAULT_LAYOUT.shared}/ holds the secrets shared by every environment`],
    [IN_CLUSTER, "ArgoCD's name of the cluster it runs in"],
  ]);
  const services = new Map<string, string>([
    ["default", 'the ServiceAccount "default" of every namespace'],
    [PLATFORM_NAMES.secretStoreServiceAccount, "the ServiceAccount of the team's SecretStore"],
    [TEAM_NAMESPACE_OBJECTS.defaultDeny, "the team namespace's default-deny NetworkPolicy"],
    [TEAM_NAMESPACE_OBJECTS.allowDns, "the team namespace's DNS NetworkPolicy"],
    [TEAM_NAMESPACE_OBJECTS.allowNothing, "the team namespace's allow-nothing AuthorizationPolicy"],
  ]);
  for (const subject of PLATFORM_APPLICATIONS)
    services.set(subject, `the platform's Applications ${applicationName(subject, "<environment>")}`);
  for (const component of Object.values(COMPONENT_CATALOG))
    services.set(
      component.slug,
      `the Applications ${applicationName(component.slug, "<environment>")} of the component`,
    );
  return { teams, environments, services };
}

/** Vault role (Kubernetes auth) of a team in an environment; its policy has the same name. */
export function vaultRole(team: string, environment: string): string {
  return `${team}-${environment}`;
}

/**
 * Vault role (Kubernetes auth, on a spoke's own mount) of a custom component's SecretStore in an environment: its
 * declared platform paths there, nothing else; its policy has the same name. A team name cannot start with it.
 */
export function vaultCustomRole(component: string, environment: string): string {
  return `component-${component}-${environment}`;
}

/** Vault role (on the management cluster's auth mount) of External Secrets' controller: the platform's store. */
export const VAULT_PLATFORM_ROLE = "external-secrets";

/** Vault policy of the platform's store in an environment: its platform paths there, nothing else. */
export function vaultPlatformPolicy(environment: string): string {
  return `platform-${environment}`;
}

/**
 * The Vault KV layout, one subtree per environment so that an environment's policy is a prefix, and platform
 * and team paths side by side under it so that no team name can reach a platform path:
 *
 *   <env>/platform/<path>          what the platform's store reads in that environment's cluster
 *   <env>/platform/generated/<n>   what the platform writes there itself (a PushSecret)
 *   <env>/teams/<team>/<path>      what a team's services read in that environment
 *   shared/teams/<team>/<path>     a secret its service declares `shared`: one value for every environment
 *
 * `shared` is therefore not an environment name (core/checks/references.ts).
 */
export const VAULT_LAYOUT = { platform: "platform", generated: "generated", teams: "teams", shared: "shared" } as const;

/** A platform secret's path in an environment (`path` relative to the platform's prefix: `jenkins/ghcr`). */
export function vaultPlatformPath(environment: string, path: string): string {
  return `${environment}/${VAULT_LAYOUT.platform}/${path}`;
}

/** Prefix of the paths the platform writes itself in an environment (not seeded by hand). */
export function vaultGeneratedPrefix(environment: string): string {
  return vaultPlatformPath(environment, VAULT_LAYOUT.generated);
}

/**
 * The Vault path a team's secret reference (`path` as in the config: `<team>/...`) reads in an environment:
 * the environment's own copy, or the one shared copy when the reference says `shared`.
 */
export function vaultTeamPath(environment: string, ref: { readonly path: string; readonly shared: boolean }): string {
  return `${ref.shared ? VAULT_LAYOUT.shared : environment}/${VAULT_LAYOUT.teams}/${ref.path}`;
}

/** The API path of a KV v2 secret's data, as policies and Vault Agent templates name it (`kv/data/<path>`). */
export function vaultDataPath(path: string): string {
  return `${PLATFORM_NAMES.vaultKvMount}/data/${path}`;
}

/** The API path of a KV v2 secret's metadata (`kv/metadata/<path>`). */
export function vaultMetadataPath(path: string): string {
  return `${PLATFORM_NAMES.vaultKvMount}/metadata/${path}`;
}

/** Hosts of the central components' UIs, in the management environment. */
export function centralHosts(domain: string): Readonly<Record<string, string>> {
  return {
    argocd: `argocd.${domain}`,
    grafana: `grafana.${domain}`,
    backstage: `backstage.${domain}`,
    jenkins: `jenkins.${domain}`,
    vault: `vault.${domain}`,
    devlake: `devlake.${domain}`,
    loki: `loki.${domain}`,
    tempo: `tempo.${domain}`,
    prometheus: `prometheus.${domain}`,
  };
}

/** Vault Kubernetes auth mount of an environment's cluster. */
export function vaultAuthMount(environment: string): string {
  return `kubernetes-${environment}`;
}

/** The ServiceAccount a service's pods run as (its cloud identity, mesh identity and Vault Agent log in as it). */
export function serviceAccountName(service: string): string {
  return service;
}

/** SPIFFE principal of a Kubernetes service account in the mesh. */
export function meshPrincipal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * Central UIs and endpoints exposed in the management environment: component → Service and port. The UIs
 * authenticate their users and face the internet; Vault and the log and trace ingestion APIs (no user
 * authentication of their own) are served only on the internal Gateway, which the other clusters reach
 * over the private network.
 */
export const CENTRAL_ROUTES = {
  argocd: { component: "argocd", service: "argocd-server", port: 80, internal: false },
  grafana: { component: "kubePrometheusStack", service: "kube-prometheus-stack-grafana", port: 80, internal: false },
  backstage: { component: "backstage", service: "backstage", port: 7007, internal: false },
  jenkins: { component: "jenkins", service: "jenkins", port: 8080, internal: false },
  vault: { component: "vault", service: "vault", port: 8200, internal: true },
  devlake: { component: "devlake", service: "devlake-ui", port: 4000, internal: false },
  // Ingestion endpoints the other clusters ship logs and traces to.
  loki: { component: "loki", service: "loki", port: 3100, internal: true },
  tempo: { component: "tempo", service: "tempo", port: 4318, internal: true },
  // The other clusters' Prometheus remote-write here, so Grafana sees every environment (label `environment`).
  prometheus: {
    component: "kubePrometheusStack",
    service: "kube-prometheus-stack-prometheus",
    port: 9090,
    internal: true,
  },
} as const;

/** ArgoCD RBAC role of a team in its AppProject; the ArgoCD values bind the team's group to it. */
export function argocdTeamRole(team: string): string {
  return `proj:${team}:team`;
}

/** Every kind of catalog entity Fawkes emits: Backstage's catalog rules must allow each. */
export const CATALOG_KINDS = ["Component", "API", "System", "Group", "Resource", "Location", "Template"] as const;

// Output paths: where each target writes, and where one target's files are pointed at by another.

export const OUTPUT_PATHS = {
  /** ArgoCD: root app, projects, Applications and ApplicationSets. */
  apps: "out/platform/apps",
  /** Rendered manifests of the services, one folder per environment and service. */
  services: "out/platform/services",
  /** Terraform roots: one per environment, one for Vault. */
  infra: "out/infra",
  /** Backstage catalog. */
  catalog: "out/catalog",
  /** Golden-path scaffolder Templates, one folder each (template.yaml, skeleton/, platform/). */
  templates: "out/catalog/templates",
  /** What a service repository takes (devfile, devcontainer, Jenkinsfile). */
  dev: "out/dev",
  /** Generated reference pages of the docs site. */
  reference: "docs/reference",
  /** The config's exported JSON Schema. */
  configSchema: "schema/fawkes.config.schema.json",
  codeowners: ".github/CODEOWNERS",
  ciWorkflow: ".github/workflows/ci.yml",
  /** Dispatched by Jenkins: records a pushed image for an environment in a pull request. */
  releaseWorkflow: ".github/workflows/release.yml",
  /** Dispatched by people: promotes an image to the next environment in a pull request. */
  promoteWorkflow: ".github/workflows/promote.yml",
  /** The recipe of the platform's Backstage image (core/backstage-image/): the workflow's Docker build context. Not under out/platform/, which is ArgoCD's. */
  backstageImage: "out/images/backstage",
  /** Builds the platform's Backstage image from its recipe and pushes it to the platform registry. */
  backstageImageWorkflow: ".github/workflows/backstage-image.yml",
  /** On pull requests adding a golden-path service request: applies it to the config, without secrets. */
  serviceRequestsWorkflow: ".github/workflows/service-requests.yml",
  /** After service-requests: pushes its change to the pull request with the App's token, from the default branch. */
  serviceRequestsPushWorkflow: ".github/workflows/service-requests-push.yml",
  mkdocs: "mkdocs.yml",
  /** Every Vault path to seed, per environment (built from the emitted ExternalSecrets). */
  secretsPage: "docs/reference/secrets.md",
  /** Day 0, step by step, from the bootstrap graph (core/runtime/bootstrap-graph.ts). */
  bootstrapPage: "docs/bootstrap.md",
  gitattributes: ".gitattributes",
  /** Identifiers allocated once and kept (environment networks). */
  allocations: ".fawkes/allocations.json",
} as const;

/** The platform's Backstage image in the platform registry: `<registry>/backstage` (a name no service may take). */
export const BACKSTAGE_IMAGE_NAME = "backstage";

/**
 * GitHub Actions secrets of this repository: the GitHub App whose installation token pushes release and
 * promotion branches and opens their pull requests. Events made with the workflow's GITHUB_TOKEN start no
 * workflow run, so a pull request opened with it would never get its checks; one opened by an App does.
 */
/**
 * The GitHub environment that holds the App's secrets, open to the default branch only: a workflow a branch
 * changes (GitHub runs a pull request's own copy) never reads them.
 */
export const RELEASE_ENVIRONMENT = "fawkes-release";

export const RELEASE_APP_SECRETS = {
  /** The App's Client ID (create-github-app-token's `client-id`). */
  clientId: "FAWKES_RELEASE_APP_CLIENT_ID",
  /** A private key of the App, PEM. */
  privateKey: "FAWKES_RELEASE_APP_PRIVATE_KEY",
} as const;

/** Namespaces (quota, limits, default deny, RBAC) of every team in one environment. */
export function namespacesDir(environment: string): string {
  return `out/platform/namespaces/${environment}`;
}

/** Rendered manifests (or chart values) of one service in one environment. */
export function serviceDir(environment: string, service: string): string {
  return `${OUTPUT_PATHS.services}/${environment}/${service}`;
}

/** Helm values of a platform component in one environment. */
export function componentValuesPath(environment: string, component: string): string {
  return `out/platform/values/${environment}/${component}.yaml`;
}

/** Cluster-wide platform objects of an environment (stores, issuers, the Gateway, instrumentation). */
export function clusterConfigDir(environment: string): string {
  return `out/platform/clusters/${environment}`;
}

/** Configuration of one platform namespace, synced with the namespace's first component (core/runtime/placement.ts). */
export function namespaceConfigDir(environment: string, namespace: string): string {
  return `${clusterConfigDir(environment)}/namespaces/${namespace}`;
}

/** The NetworkPolicies of one platform namespace of an environment, synced with the namespace's first component. */
export function platformNetworkPath(environment: string, namespace: string): string {
  return `${namespaceConfigDir(environment, namespace)}/network.yaml`;
}

/** The annotation ArgoCD orders a sync by; its values come from core/runtime/bootstrap-graph.ts only. */
export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/** Where the golden path's Backstage template puts service requests in the platform repository. */
export const REQUESTS_DIR = ".fawkes/requests";

/** On an object a config patch changed: which patches (`patches[0],patches[2]`), for reviewers and `plan`. */
export const PATCHED_BY_ANNOTATION = "fawkes.dev/patched-by";

/** The Application of a platform component (or another installer: `gateway-api`, …) in an environment. */
export function componentAppName(slug: string, environment: string): string {
  return `${slug}-${environment}`;
}

/** The Application of an environment's team namespaces. */
export function namespacesAppName(environment: string): string {
  return `namespaces-${environment}`;
}

/**
 * The Application of cluster configuration that no component carries (clusters/<env>/*.yaml): the shared
 * `cluster-config-<env>`, or a group's own when it cannot share (core/runtime/bootstrap-graph.ts).
 */
export function clusterConfigAppName(environment: string, group?: string): string {
  return group === undefined ? `cluster-config-${environment}` : `cluster-${group}-${environment}`;
}

/** The ApplicationSet of a team's rendered services in an environment. */
export function teamServicesAppSetName(team: string, environment: string): string {
  return `${team}-${environment}`;
}

/** The Application of a service in an environment (generated by its team's ApplicationSet, or a chart's own). */
export function serviceAppName(service: string, environment: string): string {
  return `${service}-${environment}`;
}

/** The ArgoCD file of a team's ApplicationSet in an environment (relative to OUTPUT_PATHS.apps). */
export function teamServicesAppPath(environment: string, team: string): string {
  return `services/${environment}/${team}.yaml`;
}

/** The ArgoCD file of a chart service's Application in an environment (relative to OUTPUT_PATHS.apps). */
export function chartServiceAppPath(environment: string, service: string): string {
  return `services/${environment}/charts/${service}.yaml`;
}

/** The folder of a Terraform root: an environment's cluster, or `vault`. */
export function infraDir(root: string): string {
  return `${OUTPUT_PATHS.infra}/${root}`;
}

// DORA: DevLake's API and the secrets around it.

/**
 * DevLake's lake API inside the management cluster. At v1.0.3-beta10 it serves its routes at the root, and the
 * same routes under `/rest/...` behind an API key (`Authorization: Bearer <key>`); `/api/...` exists only
 * behind the config UI's proxy (backend/server/api/middlewares.go, RestAuthentication).
 */
export const DEVLAKE_API = "http://devlake-lake.devlake.svc:8080";

export const DEVLAKE_SECRETS = {
  /** ENCRYPTION_SECRET of the lake (the chart's `lake.encryptionSecret.secretName`). */
  encryption: "devlake-encryption",
  /** The API key the setup Job creates, pushed to Vault and read back by ArgoCD and Jenkins. */
  apiKey: "devlake-api-key",
  /** The GitHub token of DevLake's GitHub connection. */
  github: "devlake-github",
  /** Key of the API key in argocd-notifications-secret (referenced as `$devlake-api-key`). */
  notificationsKey: "devlake-api-key",
  /** ADMIN_USER and ADMIN_PASS of the config UI's basic authentication (the UI has no login of its own). */
  uiAuth: "devlake-ui-auth",
} as const;

/**
 * DevLake's own Grafana (the chart's subchart, with DevLake's dashboards), behind the DevLake host: its config
 * UI proxies `/grafana/` to it (incubator-devlake v1.0.3-beta10, config-ui/nginx.conf).
 */
export function devlakeGrafanaUrl(domain: string): string {
  return `https://${centralHosts(domain).devlake}/grafana`;
}

/** DevLake's DORA dashboard for one team: its DevLake project (generators/dora/) selected. */
export function devlakeDoraUrl(domain: string, team: string): string {
  const { uid, slug, projectVariable } = DEVLAKE_DORA_DASHBOARD;
  return `${devlakeGrafanaUrl(domain)}/d/${uid}/${slug}?orgId=1&var-${projectVariable}=${encodeURIComponent(team)}`;
}

/** DevLake's API key in Vault, written by a PushSecret: its path under the platform prefix of its environment. */
export const DEVLAKE_API_KEY_VAULT = { path: `${VAULT_LAYOUT.generated}/devlake-api-key`, property: "token" } as const;

/** Grafana's admin credentials, from Vault (`admin-user`, `admin-password`). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
