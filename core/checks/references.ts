// Every name one section uses must be declared in another.
import { SUPPORTED_KUBERNETES_VERSIONS } from "../../schema/environments.ts";
import { COMPONENT_KEYS } from "../../schema/component-catalog.ts";
import { parseQuantity, serviceEnvironments, vaultPlatformPolicy, vaultRole } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { checkViews, serviceViews, type ServiceView } from "../service-overrides.ts";
import { suggestName } from "../suggest.ts";
import type { CheckInput } from "./check-input.ts";
import { fawkesConfigSchema } from "../../schema/config.ts";

const KNOWN_SECTIONS = new Set(Object.keys(fawkesConfigSchema.shape));

function unknown(path: (string | number)[], what: string, value: string, known: readonly string[]): Problem {
  return problem("unknown-reference", path, `unknown ${what} "${value}"`, suggestName(value, known, what));
}

export function checkEnvironmentReferences({ config, declared }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  const { environments, platform } = config;
  const envNames = declared.environments;
  for (const [name, env] of Object.entries(environments ?? {})) {
    if (!declared.clouds.includes(env.cloud))
      problems.push(unknown(["environments", name, "cloud"], "cloud", env.cloud, declared.clouds));
    if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(env.kubernetesVersion)) {
      problems.push(
        problem(
          "unsupported-version",
          ["environments", name, "kubernetesVersion"],
          `Kubernetes ${env.kubernetesVersion} is not supported`,
          `use one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}`,
        ),
      );
    }
    const provider = config.clouds?.[env.cloud]?.provider;
    for (const [pool, spec] of Object.entries(env.nodePools)) {
      if (provider === "azure" && !/^[a-z][a-z0-9]{0,11}$/.test(pool)) {
        problems.push({
          ...problem(
            "invalid-name",
            ["environments", name, "nodePools", pool],
            `"${pool}" is not a valid AKS node pool name`,
            "AKS pool names are 1-12 lower-case letters and digits, starting with a letter",
          ),
          target: "key" as const,
        });
      }
      if (spec.min > spec.max) {
        problems.push(
          problem(
            "invalid-range",
            ["environments", name, "nodePools", pool, "min"],
            `min (${spec.min}) is greater than max (${spec.max})`,
          ),
        );
      }
    }
  }
  if (platform && !envNames.includes(platform.managementEnvironment)) {
    problems.push(
      unknown(["platform", "managementEnvironment"], "environment", platform.managementEnvironment, envNames),
    );
  }
  for (const [i, patch] of (config.patches ?? []).entries())
    for (const [j, env] of (patch.environments ?? []).entries())
      if (!envNames.includes(env))
        problems.push(unknown(["patches", i, "environments", j], "environment", env, envNames));
  return problems;
}

export function checkTeams({ config }: CheckInput): Problem[] {
  const { teams, platform } = config;
  if (!teams) return [];
  return vaultPolicyCollisions(Object.keys(teams), Object.keys(config.environments ?? {}), platform);
}

/**
 * Vault policy names are global, unlike roles (one set per auth mount): team `a` in environment `b-c` and team
 * `a-b` in environment `c` would both be `a-b-c`, and one policy would hold the other's grants, across
 * environments. Every policy name the Vault root would create must be unique.
 */
function vaultPolicyCollisions(
  teams: readonly string[],
  environments: readonly string[],
  platform: CheckInput["config"]["platform"],
): Problem[] {
  const owners = new Map<string, string>();
  if (platform?.managementEnvironment !== undefined)
    owners.set(
      vaultPlatformPolicy(platform.managementEnvironment),
      `the platform in "${platform.managementEnvironment}"`,
    );
  const problems: Problem[] = [];
  for (const team of teams) {
    for (const env of environments) {
      const policy = vaultRole(team, env);
      const owner = owners.get(policy);
      if (owner === undefined) owners.set(policy, `team "${team}" in "${env}"`);
      else
        problems.push({
          ...problem(
            "name-collision",
            ["teams", team],
            `the Vault policy of team "${team}" in "${env}" would be "${policy}", the same as ${owner}'s`,
            "rename the team (or the environment) so that <team>-<environment> names one pair only",
          ),
          target: "key" as const,
        });
    }
  }
  return problems;
}

export function checkServiceReferences({ config, declared }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  const { services, environments } = config;
  if (!services) return problems;
  const envNames = environments ? declared.environments : undefined;
  for (const [name, service] of Object.entries(services)) {
    const at = (...rest: (string | number)[]) => ["services", name, ...rest];
    if (!declared.teams.includes(service.team))
      problems.push(unknown(at("team"), "team", service.team, declared.teams));
    if (envNames) {
      service.environments?.forEach((env, i) => {
        if (!envNames.includes(env)) problems.push(unknown(at("environments", i), "environment", env, envNames));
      });
      if (typeof service.replicas === "object") {
        for (const env of Object.keys(service.replicas)) {
          if (!envNames.includes(env)) problems.push(unknown(at("replicas", env), "environment", env, envNames));
        }
      }
    }
    // What can differ per environment is checked as each environment runs it (its overrides merged).
    const views = serviceViews(name, service, envNames ?? []);
    const teamKnown = declared.teams.includes(service.team);
    problems.push(
      ...checkViews(views, (view) => [
        ...checkDependencies(name, view, services, declared.services, envNames),
        ...checkServiceShape(view, teamKnown),
      ]),
    );
  }
  return problems;
}

type Services = NonNullable<CheckInput["config"]["services"]>;

/** Each dependency exists, is not the service itself, runs wherever the service calls it, and serves a port. */
function checkDependencies(
  name: string,
  view: ServiceView,
  services: Services,
  serviceNames: readonly string[],
  envNames: readonly string[] | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const { service, at } = view;
  service.dependsOn.forEach((dependency, i) => {
    if (dependency === name)
      problems.push(problem("self-dependency", at("dependsOn", i), `a service cannot depend on itself`));
    else if (!serviceNames.includes(dependency))
      problems.push(unknown(at("dependsOn", i), "service", dependency, serviceNames));
    else if (envNames && services[dependency]) {
      const missing = view
        .runsIn("dependsOn")
        .filter((env) => !serviceEnvironments(services[dependency]!, envNames).includes(env));
      if (missing.length > 0) {
        problems.push(
          problem(
            "dependency-not-deployed",
            at("dependsOn", i),
            `"${dependency}" is not deployed to ${missing.map((e) => `"${e}"`).join(", ")}, where "${name}" runs`,
            `add those environments to services.${dependency}.environments or remove the dependency`,
          ),
        );
      }
    }
    const target = services[dependency];
    if (target && (target.chart ? target.port === undefined : target.type !== "web")) {
      // A dependency needs a port to be allowed: without one the caller's traffic would be dropped silently.
      problems.push(
        problem(
          "dependency-without-port",
          at("dependsOn", i),
          target.chart
            ? `"${dependency}" is deployed from a chart without a port: calls to it cannot be allowed`
            : `"${dependency}" is a ${target.type} and serves no port`,
          target.chart ? `set services.${dependency}.port to its Service's port` : "remove the dependency",
        ),
      );
    }
    if (service.dependsOn.indexOf(dependency) !== i)
      problems.push(problem("duplicate", at("dependsOn", i), `"${dependency}" is listed twice`));
  });
  return problems;
}

/** Fields that only make sense for some service types, and numbers that must agree. */
function checkServiceShape({ service, at }: ServiceView, teamKnown: boolean): Problem[] {
  const problems: Problem[] = [];
  if (service.type === "cronjob" && !service.schedule && !service.chart) {
    problems.push(problem("missing", at("schedule"), "a cronjob needs a schedule", 'e.g. schedule: "0 3 * * *"'));
  }
  if (service.type !== "cronjob" && service.schedule) {
    problems.push(
      problem(
        "not-applicable",
        at("schedule"),
        `only cronjob services have a schedule (this one is "${service.type}")`,
        'set type: "cronjob" or remove schedule',
      ),
    );
  }
  if (service.type !== "cronjob" && service.timeZone !== undefined) {
    problems.push(
      problem(
        "not-applicable",
        at("timeZone"),
        `only cronjob services have a time zone (this one is "${service.type}")`,
        'set type: "cronjob" or remove timeZone',
      ),
    );
  }
  if (service.type === "cronjob" && service.metrics !== undefined && service.metrics !== false) {
    problems.push(
      problem(
        "not-applicable",
        at("metrics"),
        "a cronjob is not scraped for metrics",
        "push job metrics through OpenTelemetry, or remove metrics",
      ),
    );
  }
  if (
    service.type === "worker" &&
    service.metrics !== undefined &&
    service.metrics !== false &&
    service.metrics.port === undefined
  ) {
    problems.push(
      problem(
        "missing",
        at("metrics", "port"),
        "a worker serves no HTTP port, so its metrics need their own",
        "e.g. metrics: { port: 9090 }",
      ),
    );
  }
  if (service.type !== "web") {
    if (service.port !== undefined)
      problems.push(
        problem("not-applicable", at("port"), `a ${service.type} serves no port`, 'set type: "web" or remove port'),
      );
    if (service.expose !== false)
      problems.push(
        problem(
          "not-applicable",
          at("expose"),
          `a ${service.type} cannot be exposed`,
          'set type: "web" or remove expose',
        ),
      );
  }
  if (service.autoscale && service.autoscale.min > service.autoscale.max) {
    problems.push(
      problem(
        "invalid-range",
        at("autoscale", "min"),
        `min (${service.autoscale.min}) is greater than max (${service.autoscale.max})`,
      ),
    );
  }
  const { cpu, memory, cpuLimit, memoryLimit } = service.resources;
  if (cpuLimit !== undefined && parseQuantity(cpuLimit) < parseQuantity(cpu)) {
    problems.push(
      problem("invalid-range", at("resources", "cpuLimit"), `CPU limit ${cpuLimit} is below the request ${cpu}`),
    );
  }
  if (memoryLimit !== undefined && parseQuantity(memoryLimit) < parseQuantity(memory)) {
    problems.push(
      problem(
        "invalid-range",
        at("resources", "memoryLimit"),
        `memory limit ${memoryLimit} is below the request ${memory}`,
      ),
    );
  }
  const port = service.type === "web" ? (service.port ?? 8080) : undefined;
  if (port !== undefined && service.metrics && service.metrics.port !== undefined && service.metrics.port === port) {
    problems.push(
      problem(
        "port-clash",
        at("metrics", "port"),
        `metrics port ${port} is the service port`,
        "omit metrics.port to serve metrics on the service port",
      ),
    );
  }
  if (port !== undefined && [15001, 15006, 15008, 15020, 15021, 15090].includes(port)) {
    problems.push(
      problem(
        "port-clash",
        at("port"),
        `port ${port} is reserved by the Istio ambient data plane`,
        "pick another port, e.g. 8080",
      ),
    );
  }
  if (service.chart && service.type === "web" && service.port === undefined && service.expose !== false) {
    problems.push(
      problem(
        "missing",
        at("expose"),
        "an exposed chart service needs the port of its Service",
        "set port: <the chart Service's port>",
      ),
    );
  }
  if (service.chart && service.image) {
    problems.push(
      problem(
        "not-applicable",
        at("image"),
        "a service deployed from a chart takes its image from the chart values",
        "remove image or chart",
      ),
    );
  }
  if (teamKnown) {
    for (const [variable, ref] of Object.entries(service.secrets)) {
      if (!ref.path.startsWith(`${service.team}/`)) {
        problems.push(
          problem(
            "foreign-secret",
            at("secrets", variable, "path"),
            `"${ref.path}" is outside team "${service.team}"'s Vault paths`,
            `secret paths of this service must start with "${service.team}/"`,
          ),
        );
      }
      if (variable in service.env)
        problems.push(problem("duplicate", at("secrets", variable), `${variable} is also set in env`));
    }
  }
  return problems;
}

export function checkComponentReferences({ config, declared, raw }: CheckInput): Problem[] {
  const { components } = config;
  if (!components) return [];
  const envNames = declared.environments;
  const problems: Problem[] = [];
  for (const key of COMPONENT_KEYS) {
    for (const env of Object.keys(components[key].environments)) {
      if (!envNames.includes(env))
        problems.push(unknown(["components", key, "environments", env], "environment", env, envNames));
    }
  }
  for (const env of envNames) {
    const on = (c: { enabled: boolean; environments: Record<string, { enabled?: boolean | undefined }> }) =>
      c.environments[env]?.enabled ?? c.enabled;
    if (on(components.gateway) && on(components.ingressNginx)) {
      problems.push(
        problem(
          "conflict",
          ["components", "ingressNginx"],
          `NGINX Gateway Fabric and ingress-nginx are both enabled in "${env}"`,
          "ingress-nginx is retired: keep components.gateway, or disable it where the legacy controller stays",
        ),
      );
    }
  }
  // A misspelt components section is reported as such, not as the e-mail its defaults lack.
  const sections = Object.keys((raw ?? {}) as object);
  const misspelt = !sections.includes("components") && sections.some((s) => !KNOWN_SECTIONS.has(s));
  if (components.jenkins.enabled && config.platform && config.platform.git.libraryVersion === undefined) {
    problems.push({
      ...problem(
        "floating-library",
        ["platform", "git"],
        `Jenkins loads the shared library at "${config.platform.git.revision}", a moving branch: a merge changes every pipeline at once`,
        "pin a tag: platform.git.libraryVersion",
      ),
      severity: "warning",
    });
  }
  if (!misspelt && components.certManager.enabled && !components.certManager.acmeEmail) {
    problems.push(
      problem(
        "missing",
        ["components", "certManager", "acmeEmail"],
        "cert-manager needs an ACME account e-mail",
        "set components.certManager.acmeEmail",
      ),
    );
  }
  return problems;
}

export function checkPolicyReferences({ config, declared }: CheckInput): Problem[] {
  const { policies, services } = config;
  if (!policies) return [];
  const problems: Problem[] = [];
  policies.exceptions.forEach((exception, i) => {
    if (!declared.teams.includes(exception.team))
      problems.push(unknown(["policies", "exceptions", i, "team"], "team", exception.team, declared.teams));
    if (exception.service) {
      const service = services?.[exception.service];
      if (!declared.services.includes(exception.service))
        problems.push(
          unknown(["policies", "exceptions", i, "service"], "service", exception.service, declared.services),
        );
      else if (service && service.team !== exception.team) {
        problems.push(
          problem(
            "wrong-team",
            ["policies", "exceptions", i, "service"],
            `"${exception.service}" belongs to team "${service.team}", not "${exception.team}"`,
          ),
        );
      }
    }
  });
  return problems;
}
