// Components the catalog does not know (`components.custom.<name>`): their names and namespaces must not be
// the catalog's (an Application, a values file or a namespace would be two components'), nor a team's, and
// what they depend on and the environments they name must exist.
import { COMPONENT_CATALOG, COMPONENT_KEYS } from "../../schema/component-catalog.ts";
import { PLATFORM_APPLICATIONS, reservedNames } from "../names.ts";
import type { FawkesConfig } from "../../schema/config.ts";
import { problem, type Problem } from "../problems.ts";
import { componentEnabledIn } from "../resolve.ts";
import type { CheckInput } from "./check-input.ts";

export function checkCustomComponents({ config, declared }: CheckInput): Problem[] {
  const custom = config.components?.custom ?? {};
  const problems: Problem[] = [];
  const slugs = new Map<string, string>(Object.entries(COMPONENT_CATALOG).map(([key, def]) => [def.slug, key]));
  const reserved = reservedNames(config.platform?.argocdNamespace ?? "argocd").teams;
  const teamNamespaces = new Set(declared.teams);
  // Each custom component in a namespace of its own: its Application creates it, its NetworkPolicies and secret
  // store are the namespace's.
  const namespaceOwners = new Map<string, string>();
  for (const [name, c] of Object.entries(custom)) {
    const at = ["components", "custom", name];
    const builtIn = slugs.get(name) ?? (COMPONENT_KEYS as readonly string[]).find((k) => k === name);
    if (builtIn !== undefined)
      problems.push({
        ...problem(
          "name-collision",
          at,
          `"${name}" is the built-in component ${builtIn}: its Application and values file would be two components'`,
          `configure the built-in one in components.${builtIn}, or rename the custom component`,
        ),
        target: "key",
      });
    // Its Applications are `<name>-<environment>`, like the platform's own and chart services'.
    const application = (PLATFORM_APPLICATIONS as readonly string[]).includes(name)
      ? `the platform's Applications ${name}-<environment>`
      : declared.services.includes(name)
        ? `service ${name}'s Applications ${name}-<environment>`
        : undefined;
    if (builtIn === undefined && application !== undefined)
      problems.push({
        ...problem("name-collision", at, `"${name}" would name ${application}`, "rename the custom component"),
        target: "key",
      });
    const owner = namespaceOwners.get(c.namespace);
    if (owner === undefined) namespaceOwners.set(c.namespace, name);
    const taken =
      reserved.get(c.namespace) ??
      (teamNamespaces.has(c.namespace)
        ? `team ${c.namespace}'s namespace`
        : owner !== undefined
          ? `custom component ${owner}'s namespace`
          : undefined);
    if (taken !== undefined)
      problems.push(
        problem(
          "name-collision",
          [...at, "namespace"],
          `namespace "${c.namespace}" is ${taken}`,
          `give ${name} a namespace of its own`,
        ),
      );
    const management = config.platform?.managementEnvironment;
    const spokes = (c.environments ?? declared.environments).filter((env) => env !== management);
    // Outside the management cluster its secrets come through a SecretStore of its own: External Secrets must
    // run there, and Vault in the management cluster.
    const full = config as FawkesConfig;
    const withoutStore =
      c.secrets.length > 0 && c.placement === "per-cluster" && full.components && full.platform && full.environments
        ? spokes.filter(
            (env) =>
              env in full.environments &&
              (!componentEnabledIn(full, "externalSecrets", env) || !componentEnabledIn(full, "vault", management!)),
          )
        : [];
    // Its Vault roles outside the management cluster are `component-<name>-<environment>`, a team's `<team>-<environment>`.
    if (c.secrets.length > 0 && declared.teams.includes(`component-${name}`))
      problems.push(
        problem(
          "name-collision",
          [...at, "secrets"],
          `its Vault roles component-${name}-<environment> would be team component-${name}'s`,
          "rename the custom component or the team",
        ),
      );
    if (withoutStore.length > 0)
      problems.push(
        problem(
          "secrets-without-store",
          [...at, "secrets"],
          `its secrets come from Vault through External Secrets, which ${withoutStore.join(", ")} cannot reach (External Secrets or Vault is off)`,
          `enable External Secrets there and Vault in ${management ?? "the management environment"}, or limit ${name}'s environments`,
        ),
      );
    c.dependsOn.forEach((d, i) => {
      if ((COMPONENT_KEYS as readonly string[]).includes(d) || (d in custom && d !== name)) return;
      problems.push(
        problem(
          "unknown-reference",
          [...at, "dependsOn", i],
          d === name
            ? `"${name}" depends on itself`
            : `"${d}" is neither a built-in component nor another custom component`,
          `use a key of components (${COMPONENT_KEYS.slice(0, 3).join(", ")}, …) or a name under components.custom`,
        ),
      );
    });
    (c.environments ?? []).forEach((env, i) => {
      if (!declared.environments.includes(env))
        problems.push(
          problem(
            "unknown-reference",
            [...at, "environments", i],
            `unknown environment "${env}"`,
            "name one of environments",
          ),
        );
    });
  }
  return problems;
}
