// Resolve once: defaults, derived names and references, computed here and nowhere else.
import { COMPONENT_CATALOG, COMPONENT_KEYS, MESH_COMPONENTS } from "../schema/component-catalog.ts";
import type { ValidatedConfig } from "./validate.ts";
import type { FawkesConfig } from "../schema/config.ts";
import { formatCidr } from "./cidr.ts";
import { environmentNetworks } from "./network-plan.ts";
import type { ComponentKey } from "../schema/component-catalog.ts";
import { planGateways } from "./gateway-plan.ts";
import { CENTRAL_ROUTES, OTEL_LANGUAGE, PLATFORM_NAMES, centralHosts, serviceEnvironments, serviceHost, serviceImage, workloadIdentityName } from "./names.ts";
import type {
  EnvironmentFeatures,
  ResolvedComponent,
  ResolvedConfig,
  ResolvedEnvironment,
  ResolvedService,
  ResolvedTeam,
} from "./resolved.ts";

/** Labels every object Fawkes renders for a team carries. */
export function teamLabels(team: string, environment: string): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "fawkes",
    "fawkes.dev/environment": environment,
    "fawkes.dev/team": team,
  };
}

/** Whether a component runs in an environment: its switch, the environment's override, and its placement. */
export function componentEnabledIn(config: FawkesConfig, key: ComponentKey, environment: string): boolean {
  const component = config.components[key];
  if ((MESH_COMPONENTS as readonly string[]).includes(key) && config.components.mesh === "none") return false;
  if (COMPONENT_CATALOG[key].placement === "central" && environment !== config.platform.managementEnvironment) return false;
  return component.environments[environment]?.enabled ?? component.enabled;
}

const REPLICAS_BY_SIZE = { small: 1, medium: 2, large: 3 } as const;
const STORAGE_CLASS = { aws: "gp3", azure: "managed-csi" } as const;

function featuresOf(config: FawkesConfig, environment: string): EnvironmentFeatures {
  const env = config.environments[environment]!;
  const provider = config.clouds[env.cloud]!.provider;
  const on = (key: ComponentKey) => componentEnabledIn(config, key, environment);
  const otel = COMPONENT_CATALOG.opentelemetryOperator;
  return {
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
    ...(componentEnabledIn(config, "vault", config.platform.managementEnvironment)
      ? { vaultAddress: environment === config.platform.managementEnvironment ? `http://vault.${COMPONENT_CATALOG.vault.namespace}.svc:8200` : `https://vault.${config.platform.domain}` }
      : {}),
    externalSecrets: on("externalSecrets"),
    certManager: on("certManager"),
  };
}

function imageReference(repository: string, tag: string): string {
  return tag.startsWith("sha256:") ? `${repository}@${tag}` : `${repository}:${tag}`;
}

/** The workload identity of a service per environment, when it declares cloud access on that cloud. */
function workloadIdentity(config: FawkesConfig, name: string, service: FawkesConfig["services"][string], cloud: ResolvedConfig["clouds"][number]) {
  const access = service.cloudAccess;
  if (!access) return undefined;
  if (cloud.provider === "aws") {
    if (access.awsPolicyArns.length === 0) return undefined;
    return (env: string) => ({ awsRoleArn: `arn:aws:iam::${cloud.accountId}:role/${workloadIdentityName(config.platform.name, env, name)}` });
  }
  if (access.azureRoles.length === 0 || access.azureClientId === undefined) return undefined;
  const clientIds = access.azureClientId;
  return (env: string) => {
    const clientId = typeof clientIds === "string" ? clientIds : clientIds[env];
    return clientId === undefined ? {} : { azureClientId: clientId };
  };
}

export function resolveConfig({ config, releases }: ValidatedConfig): ResolvedConfig {
  // 1. Platform and clouds.
  const org = config.platform.registry.split("/")[1]!;
  const platform = {
    ...config.platform,
    repoURL: config.platform.git.repoURL,
    revision: config.platform.git.revision,
    githubTeam: config.platform.githubTeam ?? `${org}/platform`,
  };
  const clouds = Object.entries(config.clouds).map(([name, cloud]) => ({ ...cloud, name }));

  // 2. Environments in promotion order, each its own cluster with its own network.
  const networks = environmentNetworks(config);
  const environments: ResolvedEnvironment[] = Object.entries(config.environments).map(([name, env], order) => {
    const isManagement = name === config.platform.managementEnvironment;
    return {
      name,
      order,
      cloud: clouds.find((c) => c.name === env.cloud)!,
      kubernetesVersion: env.kubernetesVersion,
      size: env.size,
      protected: env.protected,
      nodePools: env.nodePools,
      apiAccessCidrs: env.apiAccessCidrs,
      network: formatCidr(networks.get(name)!),
      isManagement,
      clusterName: `${config.platform.name}-${name}`,
      argocdDestination: { name: isManagement ? "in-cluster" : name },
      features: featuresOf(config, name),
    };
  });
  const envNames = environments.map((e) => e.name);
  const byEnvName = new Map(environments.map((e) => [e.name, e]));

  // 3. Teams: one namespace per team in every cluster.
  const teams: ResolvedTeam[] = Object.entries(config.teams).map(([name, team]) => ({ ...team, name, namespace: name }));
  const byTeamName = new Map(teams.map((t) => [t.name, t]));

  // 4. Services and their per-environment deployments.
  const services: ResolvedService[] = Object.entries(config.services).map(([name, service]) => {
    const team = byTeamName.get(service.team)!;
    const repository = serviceImage(name, service, config.platform.registry);
    const labels = {
      "app.kubernetes.io/name": name,
      "app.kubernetes.io/part-of": config.platform.name,
      "app.kubernetes.io/managed-by": "fawkes",
      "fawkes.dev/team": team.name,
    };
    const deployments = serviceEnvironments(service, envNames).map((envName) => {
      const environment = byEnvName.get(envName)!;
      const tag = releases[name]?.[envName];
      const replicas = typeof service.replicas === "number" ? service.replicas : service.replicas[envName] ?? 2;
      const host = serviceHost(name, service, envName, config.platform.domain);
      const identity = workloadIdentity(config, name, service, environment.cloud);
      return {
        environment,
        labels: { ...labels, "fawkes.dev/environment": envName },
        ...(service.chart || tag === undefined ? {} : { image: imageReference(repository, tag) }),
        replicas: service.autoscale ? service.autoscale.min : replicas,
        ...(host === undefined ? {} : { host }),
        ...(identity ? { identity: identity(envName) } : {}),
      };
    });
    const port = service.type === "web" && !service.chart ? service.port ?? 8080 : undefined;
    const metricsPort = service.metrics === false ? undefined : service.metrics.port ?? port;
    const language = service.build ? OTEL_LANGUAGE[service.build.type] : undefined;
    return {
      name,
      team,
      config: service,
      namespace: team.namespace,
      ...(port === undefined ? {} : { port }),
      ...(metricsPort === undefined ? {} : { metricsPort }),
      ...(language === undefined ? {} : { language }),
      labels,
      deployments,
    };
  });

  // 5. Platform components: enabled ones, where they run.
  const components: ResolvedComponent[] = COMPONENT_KEYS.flatMap((key) => {
    const component = config.components[key];
    const definition = COMPONENT_CATALOG[key];
    const installedIn = environments.filter((e) => componentEnabledIn(config, key, e.name));
    if (installedIn.length === 0) return [];
    return [{ key, definition, version: component.version, values: component.values, environments: installedIn, config: component }];
  });

  // 6. Gateways: every exposed host of each environment, the central UIs' in management.
  const central = centralHosts(config.platform.domain);
  const gateways = new Map(environments.map((env) => {
    const hosts = services.flatMap((s) => s.port === undefined ? [] : s.deployments.filter((d) => d.environment === env && d.host !== undefined).map((d) => d.host!));
    for (const [name, route] of Object.entries(CENTRAL_ROUTES)) {
      if (components.some((c) => c.key === route.component && c.environments.includes(env))) hosts.push(central[name]!);
    }
    return [env.name, planGateways(hosts)] as const;
  }));

  return { platform, clouds, environments, teams, services, components, policies: config.policies, releases, gateways };
}
