// Resolve once: defaults, derived names and references, computed here and nowhere else.
import { COMPONENT_CATALOG, COMPONENT_KEYS } from "../schema/component-catalog.ts";
import type { ValidatedConfig } from "./validate.ts";
import { serviceEnvironments, serviceHost, serviceImage } from "./names.ts";
import type {
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

function imageReference(repository: string, tag: string): string {
  return tag.startsWith("sha256:") ? `${repository}@${tag}` : `${repository}:${tag}`;
}

export function resolveConfig({ config, releases }: ValidatedConfig): ResolvedConfig {
  // 1. Platform and clouds.
  const platform = { ...config.platform, repoURL: config.platform.git.repoURL, revision: config.platform.git.revision };
  const clouds = Object.entries(config.clouds).map(([name, cloud]) => ({ ...cloud, name }));

  // 2. Environments in promotion order, each its own cluster.
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
      isManagement,
      clusterName: `${config.platform.name}-${name}`,
      argocdDestination: { name: isManagement ? "in-cluster" : name },
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
    const deployments = serviceEnvironments(service, envNames).map((envName) => {
      const tag = releases[name]?.[envName];
      const replicas = typeof service.replicas === "number" ? service.replicas : service.replicas[envName] ?? 2;
      const host = serviceHost(name, service, envName, config.platform.domain);
      return {
        environment: byEnvName.get(envName)!,
        ...(service.chart || tag === undefined ? {} : { image: imageReference(repository, tag) }),
        replicas: service.autoscale ? service.autoscale.min : replicas,
        ...(host === undefined ? {} : { host }),
      };
    });
    return {
      name,
      team,
      config: service,
      namespace: team.namespace,
      labels: {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/part-of": config.platform.name,
        "app.kubernetes.io/managed-by": "fawkes",
        "fawkes.dev/team": team.name,
      },
      deployments,
    };
  });

  // 5. Platform components: enabled ones, where they run.
  const components: ResolvedComponent[] = COMPONENT_KEYS.flatMap((key) => {
    const component = config.components[key];
    const definition = COMPONENT_CATALOG[key];
    const candidates = definition.placement === "central" ? environments.filter((e) => e.isManagement) : environments;
    const installedIn = candidates.filter((e) => component.environments[e.name]?.enabled ?? component.enabled);
    if (installedIn.length === 0) return [];
    return [{ key, definition, version: component.version, values: component.values, environments: installedIn, config: component }];
  });

  return { platform, clouds, environments, teams, services, components, policies: config.policies, releases };
}
