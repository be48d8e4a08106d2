// Names the platform takes (core/names.ts, reservedNames) are refused for teams, environments and services at
// validate time, at the entry's key: otherwise they pass validation and collide in the generated tree (an
// AppProject file, a Vault subtree, an Application, an object in the team's namespace).
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { PLATFORM_APPLICATIONS, applicationName, reservedNames, serviceEnvironments } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import type { CheckInput } from "./check-input.ts";

const KINDS = { teams: "team", environments: "environment", services: "service" } as const;

export function checkReservedNames({ config, declared }: CheckInput): Problem[] {
  const reserved = reservedNames(config.platform?.argocdNamespace ?? "argocd");
  const problems: Problem[] = [];
  for (const [section, kind] of Object.entries(KINDS) as [keyof typeof KINDS, string][]) {
    for (const name of declared[section]) {
      const reason = reserved[section].get(name);
      if (reason === undefined) continue;
      problems.push({
        ...problem("reserved-name", [section, name], `"${name}" is reserved: ${reason}`, `rename the ${kind}`),
        target: "key",
      });
    }
  }
  return [...problems, ...applicationCollisions({ config, declared }, reserved.services)];
}

/**
 * ArgoCD Applications share one namespace and are named `<subject>-<environment>`: service `a-b` in `c` and
 * service `a` in `b-c` are both `a-b-c`, and so are a service and a component whose names meet that way.
 */
function applicationCollisions(
  { config, declared }: Pick<CheckInput, "config" | "declared">,
  reserved: ReadonlyMap<string, string>,
): Problem[] {
  const { services, platform } = config;
  if (!services) return [];
  const environments = declared.environments;
  const owners = new Map<string, string>();
  if (platform) owners.set(`${platform.name}-root`, "the root Application");
  for (const env of environments) {
    for (const subject of PLATFORM_APPLICATIONS) owners.set(applicationName(subject, env), `the platform in "${env}"`);
    for (const component of Object.values(COMPONENT_CATALOG))
      owners.set(applicationName(component.slug, env), `${component.slug} in "${env}"`);
  }
  const problems: Problem[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (reserved.has(name)) continue;
    for (const env of serviceEnvironments(service, environments)) {
      const app = applicationName(name, env);
      const owner = owners.get(app);
      if (owner === undefined) {
        owners.set(app, `service "${name}" in "${env}"`);
        continue;
      }
      problems.push({
        ...problem(
          "name-collision",
          ["services", name],
          `the Application of "${name}" in "${env}" would be "${app}", the same as ${owner}'s`,
          "rename the service so that <service>-<environment> names one Application only",
        ),
        target: "key",
      });
    }
  }
  return problems;
}
