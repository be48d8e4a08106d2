// Resolve once: defaults, derived names and references, computed here and nowhere else. Every entity is
// traced (core/provenance.ts): what a generator reads of it becomes a source of the file it builds.
import { posix } from "node:path";
import { EMPTY_REPO, type RepoFacts } from "./repo-facts.ts";
import { COMPONENT_CATALOG, COMPONENT_KEYS, MESH_COMPONENTS } from "../schema/component-catalog.ts";
import type { ComponentDefinition, ComponentKey } from "../schema/component-catalog.ts";
import type { FawkesConfig } from "../schema/config.ts";
import { formatCidr } from "./cidr.ts";
import { DEFAULT_CONFIG_FILE } from "./header.ts";
import { planGateways } from "./gateway-plan.ts";
import { CENTRAL_ROUTES, IN_CLUSTER, PLATFORM_NAMES, centralHosts, serviceEnvironments } from "./names.ts";
import { environmentNetworks } from "./network-plan.ts";
import { noteRead, traced } from "./provenance.ts";
import { resolveCustomComponents } from "./resolve-custom.ts";
import { resolveService } from "./resolve-service.ts";
import { serviceIn } from "./service-overrides.ts";
import { INSTRUMENTED_LANGUAGES, VAULT_AGENT_IMAGE, instrumentationImage } from "./runtime/mutations.ts";
import type {
  ComponentMode,
  EnvironmentFeatures,
  ResolvedCloud,
  ResolvedComponent,
  ResolvedDnsZone,
  ResolvedConfig,
  ResolvedDeployment,
  ResolvedEnvironment,
  ResolvedPolicies,
  ResolvedService,
  ResolvedTeam,
} from "./resolved.ts";
import type { ValidatedConfig } from "./validate.ts";

/**
 * Whether a component runs in an environment: its switch, the environment's override, and its placement (a
 * central component runs elsewhere only in its spoke mode, and only while its central install is on).
 */
export function componentEnabledIn(config: FawkesConfig, key: ComponentKey, environment: string): boolean {
  const component = config.components[key];
  const definition: ComponentDefinition = COMPONENT_CATALOG[key];
  const management = config.platform.managementEnvironment;
  if ((MESH_COMPONENTS as readonly string[]).includes(key) && config.components.mesh === "none") return false;
  if (definition.placement === "central" && environment !== management)
    if (!definition.spoke || !componentEnabledIn(config, key, management)) return false;
  const explicit = component.environments[environment]?.enabled ?? component.enabled;
  if (explicit !== undefined) return explicit;
  // EKS runs no metrics-server of its own; AKS does.
  if (key === "metricsServer") return config.clouds[config.environments[environment]?.cloud ?? ""]?.provider === "aws";
  return key === "externalDns" && externalDnsByDefault(config, environment);
}

/** ExternalDNS runs by itself where there is a zone to write to and a gateway whose hosts need records. */
function externalDnsByDefault(config: FawkesConfig, environment: string): boolean {
  const cloud = config.clouds[config.environments[environment]?.cloud ?? ""];
  if (cloud?.dns === undefined) return false;
  return componentEnabledIn(config, "gateway", environment) || componentEnabledIn(config, "ingressNginx", environment);
}

/** A cloud's DNS zone with its defaults: the platform's domain, the cloud's subscription. */
export function resolveDnsZone(cloud: FawkesConfig["clouds"][string], domain: string): ResolvedDnsZone | undefined {
  if (cloud.dns === undefined) return undefined;
  const zone = cloud.dns.zone ?? domain;
  if (cloud.provider === "aws") return { provider: "route53", zone, hostedZoneId: cloud.dns.hostedZoneId };
  const subscriptionId = cloud.dns.subscriptionId ?? cloud.subscriptionId;
  const { resourceGroup } = cloud.dns;
  return {
    provider: "azure-dns",
    zone,
    resourceGroup,
    subscriptionId,
    resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/dnsZones/${zone}`,
  };
}

/** How a component is installed in an environment it runs in: fully, or in its spoke mode. */
function modeIn(key: ComponentKey, env: ResolvedEnvironment): ComponentMode {
  return COMPONENT_CATALOG[key].placement === "central" && !env.isManagement ? "spoke" : "full";
}

const REPLICAS_BY_SIZE = { small: 1, medium: 2, large: 3 } as const;
const STORAGE_CLASS = { aws: "gp3", azure: "managed-csi" } as const;

/** The component entries whose switches decide each feature of a cluster. */
const FEATURE_SOURCES: Readonly<Record<string, readonly string[]>> = {
  gateway: ["components.gateway", "components.ingressNginx"],
  instrumentation: ["components.opentelemetryOperator"],
  monitoringNamespace: ["components.kubePrometheusStack"],
  mesh: ["components.mesh", "components.istiod", "components.ztunnel", "components.istioCni"],
  vaultAddress: ["components.vault", "platform"],
  externalSecrets: ["components.externalSecrets"],
  certManager: ["components.certManager"],
  kyverno: ["components.kyverno"],
  vaultAgentInjector: ["components.vault"],
};

function featuresOf(config: FawkesConfig, environment: string, managementNetwork: string): EnvironmentFeatures {
  const env = config.environments[environment]!;
  const provider = config.clouds[env.cloud]!.provider;
  const on = (key: ComponentKey) => componentEnabledIn(config, key, environment);
  const otel = COMPONENT_CATALOG.opentelemetryOperator;
  const management = config.platform.managementEnvironment;
  return traced({
    source: `environments.${environment}`,
    fieldSources: { ...FEATURE_SOURCES, vaultNetwork: ["components.vault", `environments.${management}`] },
    ...(on("gateway")
      ? { gateway: { controller: "nginx-gateway-fabric" as const, namespace: COMPONENT_CATALOG.gateway.namespace } }
      : on("ingressNginx")
        ? { gateway: { controller: "ingress-nginx" as const, namespace: COMPONENT_CATALOG.ingressNginx.namespace } }
        : {}),
    ...(on("opentelemetryOperator") ? { instrumentation: `${otel.namespace}/${PLATFORM_NAMES.instrumentation}` } : {}),
    ...(on("kubePrometheusStack") ? { monitoringNamespace: COMPONENT_CATALOG.kubePrometheusStack.namespace } : {}),
    storageClass: STORAGE_CLASS[provider],
    replicas: REPLICAS_BY_SIZE[env.size],
    mesh: on("istiod") && on("ztunnel") && on("istioCni"),
    ...(componentEnabledIn(config, "vault", management)
      ? {
          vaultAddress:
            environment === management
              ? `http://vault.${COMPONENT_CATALOG.vault.namespace}.svc:8200`
              : `https://vault.${config.platform.domain}`,
          // Elsewhere that host is the management cluster's internal Gateway, whose load balancer takes an
          // address in the management environment's network.
          ...(environment === management ? {} : { vaultNetwork: managementNetwork }),
        }
      : {}),
    externalSecrets: on("externalSecrets"),
    certManager: on("certManager"),
    kyverno: on("kyverno"),
    vaultAgentInjector: on("vault"),
  });
}

/** The images the platform's mutating webhooks add to team pods, where those webhooks run. */
function injectedImages(config: FawkesConfig): string[] {
  const envs = Object.keys(config.environments);
  const anywhere = (key: ComponentKey) => envs.some((env) => componentEnabledIn(config, key, env));
  return [
    ...(anywhere("opentelemetryOperator") ? INSTRUMENTED_LANGUAGES.map(instrumentationImage) : []),
    ...(anywhere("vault") ? [VAULT_AGENT_IMAGE] : []),
  ];
}

function resolvePolicies(config: FawkesConfig, teams: ReadonlyMap<string, ResolvedTeam>): ResolvedPolicies {
  const policies = config.policies;
  return traced({
    source: "policies",
    mode: policies.mode,
    allowedRegistries: [...new Set([config.platform.registry, ...policies.allowedRegistries])],
    allowedImages: injectedImages(config),
    requiredLabels: policies.requiredLabels,
    podSecurity: policies.podSecurity,
    requireResources: policies.requireResources,
    requireProbes: policies.requireProbes,
    disallowLatestTag: policies.disallowLatestTag,
    overrides: policies.overrides,
    exceptions: policies.exceptions.map((e, i) => ({
      policy: e.policy,
      team: teams.get(e.team)!,
      ...(e.service === undefined ? {} : { service: e.service }),
      reason: e.reason,
      source: `policies.exceptions[${i}]`,
    })),
  });
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Who calls whom, per environment (each deployment's `dependsOn` with the environment's overrides, and its
 * callers deployed there) and in any environment (the catalog's relations, in config order).
 */
function wireDependencies(
  config: FawkesConfig,
  services: readonly ResolvedService[],
  tracedByName: ReadonlyMap<string, ResolvedService>,
): void {
  const callersAnywhere = new Map(services.map((s) => [s.name, [] as ResolvedService[]]));
  const byName = new Map(services.map((s) => [s.name, s]));
  for (const resolved of services) {
    const service = config.services[resolved.name]!;
    // In any environment it is planned for, released there or not.
    const anywhere = new Set(service.dependsOn);
    for (const env of serviceEnvironments(service, Object.keys(config.environments)))
      for (const dependency of serviceIn(resolved.name, service, env).dependsOn) anywhere.add(dependency);
    for (const deployment of resolved.deployments) {
      const env = deployment.environment.name;
      const dependsOn = serviceIn(resolved.name, service, env).dependsOn;
      const overridden = service.overrides?.[env]?.dependsOn !== undefined;
      (deployment as Mutable<ResolvedDeployment>).dependsOn = dependsOn.map((d) => tracedByName.get(d)!);
      const calleeIn = (dependency: string) =>
        byName.get(dependency)!.deployments.find((d) => d.environment.name === env);
      for (const dependency of dependsOn)
        (calleeIn(dependency)?.callers as ResolvedService[] | undefined)?.push(tracedByName.get(resolved.name)!);
      if (!overridden) continue;
      // What the callees admit here (their network policies) then depends on the override, whether it added
      // the call or took it away.
      for (const dependency of new Set([...service.dependsOn, ...dependsOn])) {
        const callee = calleeIn(dependency) as Mutable<ResolvedDeployment> | undefined;
        if (!callee) continue;
        const sources = callee.fieldSources ?? {};
        callee.fieldSources = {
          ...sources,
          callers: [...(sources.callers ?? []), `${resolved.source}.overrides.${env}`],
        };
      }
    }
    (resolved as Mutable<ResolvedService>).dependsOnAnywhere = [...anywhere].map((d) => tracedByName.get(d)!);
    for (const dependency of anywhere) callersAnywhere.get(dependency)!.push(tracedByName.get(resolved.name)!);
  }
  for (const service of services)
    (service as Mutable<ResolvedService>).callersAnywhere = callersAnywhere.get(service.name)!;
}

/** `configFile`: the config the model came from, repository-relative; generated files name it. */
export function resolveConfig(
  { config, releases, allocations }: ValidatedConfig,
  configFile: string = DEFAULT_CONFIG_FILE,
  repo: RepoFacts = EMPTY_REPO,
): ResolvedConfig {
  // 1. Platform and clouds.
  const org = config.platform.registry.split("/")[1]!;
  const platform = traced({
    source: "platform",
    name: config.platform.name,
    domain: config.platform.domain,
    repoURL: config.platform.git.repoURL,
    revision: config.platform.git.revision,
    libraryVersion: config.platform.git.libraryVersion ?? config.platform.git.revision,
    registry: config.platform.registry,
    org,
    argocdNamespace: config.platform.argocdNamespace,
    managementEnvironment: config.platform.managementEnvironment,
    githubTeam: config.platform.githubTeam ?? `${org}/platform`,
    userFiles: config.platform.userFiles,
    labels: config.platform.labels,
  });
  const clouds = Object.entries(config.clouds).map(([name, cloud]) => {
    const dns = resolveDnsZone(cloud, config.platform.domain);
    const { dns: _written, ...rest } = cloud;
    return traced({ ...rest, ...(dns ? { dns } : {}), name, source: `clouds.${name}` } as ResolvedCloud);
  });

  // 2. Environments in promotion order, each its own cluster with its own network.
  const networks = environmentNetworks(config, allocations);
  const environments: ResolvedEnvironment[] = Object.entries(config.environments).map(([name, env], order) => {
    const isManagement = name === config.platform.managementEnvironment;
    return traced({
      source: `environments.${name}`,
      name,
      order,
      cloud: clouds.find((c) => c.name === env.cloud)!,
      kubernetesVersion: env.kubernetesVersion,
      size: env.size,
      protected: env.protected,
      nodePools: env.nodePools,
      apiAccessCidrs: env.apiAccessCidrs,
      network: formatCidr(networks.get(name)!),
      networkAllocated: env.cidr === undefined,
      isManagement,
      clusterName: `${config.platform.name}-${name}`,
      argocdDestination: { name: isManagement ? IN_CLUSTER : name },
      features: featuresOf(config, name, formatCidr(networks.get(config.platform.managementEnvironment)!)),
    });
  });

  // 3. Teams: one namespace per team in every cluster.
  const teamServices = new Map<string, ResolvedService[]>();
  const teams: ResolvedTeam[] = Object.entries(config.teams).map(([name, team]) => {
    const services: ResolvedService[] = [];
    teamServices.set(name, services);
    return traced({
      ...team,
      source: `teams.${name}`,
      requires: Object.keys(config.platform.labels).length > 0 ? ["platform"] : [],
      name,
      namespace: name,
      labels: { ...config.platform.labels, ...team.labels },
      services,
    });
  });
  const byTeamName = new Map(teams.map((t) => [t.name, t]));

  // 4. Services, their deployments, and who calls whom (computed once, read by every target); the custom
  // components first, whose claims services request.
  const customComponents = resolveCustomComponents(config, environments);
  const services = Object.entries(config.services).map(([name, service]) => {
    const team = byTeamName.get(service.team)!;
    return resolveService(name, service, { config, releases, environments, team, customComponents });
  });
  const tracedServices = services.map(traced);
  const tracedByName = new Map(tracedServices.map((s) => [s.name, s]));
  wireDependencies(config, services, tracedByName);
  for (const service of tracedServices) teamServices.get(service.team.name)!.push(service);

  // 5. Platform components: enabled ones, where they run.
  const components: ResolvedComponent[] = COMPONENT_KEYS.flatMap((key) => {
    const component = config.components[key];
    const installedIn = environments.filter((e) => componentEnabledIn(config, key, e.name));
    if (installedIn.length === 0) return [];
    const environmentValues = Object.fromEntries(
      Object.entries(component.environments).flatMap(([env, o]) => (o.values ? [[env, o.values]] : [])),
    );
    return [
      traced({
        source: `components.${key}`,
        key,
        definition: COMPONENT_CATALOG[key],
        version: component.version,
        values: component.values,
        environmentValues,
        environments: installedIn,
        azureClientIds: "azureClientId" in component ? component.azureClientId : {},
        modes: Object.fromEntries(installedIn.map((e) => [e.name, modeIn(key, e)])),
      }),
    ];
  });
  const certManager = config.components.certManager;
  const certificates = traced({
    source: "components.certManager",
    acmeEmail: certManager.acmeEmail ?? "",
    challenge: certManager.challenge,
    certificatesPerWeek: certManager.certificatesPerWeek,
  });
  const backstageImage = traced({ source: "components.backstage", kind: config.components.backstage.image });

  // 6. Gateways: every exposed host of each environment, the central UIs' in management.
  const central = centralHosts(config.platform.domain);
  const gateways = new Map(
    environments.map((env) => {
      const hosts: string[] = [];
      const internal: string[] = [];
      const requires = ["platform"];
      for (const s of services) {
        if (s.port === undefined) continue;
        for (const d of s.deployments) {
          if (d.environment !== env || d.host === undefined) continue;
          hosts.push(d.host);
          requires.push(s.source);
        }
      }
      for (const [name, route] of Object.entries(CENTRAL_ROUTES)) {
        // Central UIs and endpoints are served by the management cluster only.
        if (!env.isManagement) continue;
        if (!components.some((c) => c.key === route.component && c.environments.includes(env))) continue;
        (route.internal ? internal : hosts).push(central[name]!);
        requires.push(`components.${route.component}`);
      }
      return [env.name, traced({ ...planGateways(hosts, internal), source: env.source, requires })] as const;
    }),
  );

  const policies = resolvePolicies(config, byTeamName);
  const byKey = new Map(components.map((c) => [c.key, c]));
  const installed = (key: ComponentKey) => {
    noteRead(`components.${key}`);
    return byKey.get(key);
  };
  return {
    configFile,
    releasesFile: posix.join(posix.dirname(configFile), config.releases),
    repo,
    platform,
    clouds,
    environments,
    teams,
    services: tracedServices,
    components,
    customComponents,
    installed,
    certificates,
    backstageImage,
    policies,
    gateways,
    patches: config.patches.map((patch, index) =>
      traced({
        source: `patches.${index}`,
        index,
        target: patch.target,
        environments: patch.environments,
        merge: patch.merge,
        json: patch.json,
        reason: patch.reason,
      }),
    ),
  };
}
