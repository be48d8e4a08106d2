// Who may read what in Vault, per environment: the identities that log in through the environment's own
// Kubernetes auth mount (each team's role, the platform store's role), the service accounts bound to each, and
// the rules of its policy. A team's role reads exactly the paths its services read in that environment, the
// platform's role only the platform's paths of its environment. The Vault Terraform root and the team
// SecretStores are built from this; the ExternalSecrets and Vault Agent annotations are built on their own
// from the same names, and test/vault-isolation.test.ts checks, on the emitted files, that the two agree.
import {
  PLATFORM_NAMES,
  VAULT_PLATFORM_ROLE,
  serviceAccountName,
  vaultAuthMount,
  vaultCustomRole,
  vaultDataPath,
  vaultGeneratedPrefix,
  vaultMetadataPath,
  vaultPlatformPath,
  vaultPlatformPolicy,
  vaultRole,
  vaultTeamPath,
} from "../names.ts";
import { compareStrings } from "../problems.ts";
import { oncePerModel } from "../provenance.ts";
import type { ResolvedConfig, ResolvedCustomComponent, ResolvedEnvironment, ResolvedTeam } from "../resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";

export interface VaultRule {
  /** A policy path: exact, or a prefix ending in `/*`. */
  readonly path: string;
  readonly capabilities: readonly string[];
}

export interface VaultIdentity {
  readonly environment: ResolvedEnvironment;
  /** The environment cluster's Kubernetes auth mount: only that cluster's tokens log in through it. */
  readonly mount: string;
  readonly role: string;
  /** Name of the role's one policy. */
  readonly policy: string;
  readonly namespaces: readonly string[];
  readonly serviceAccounts: readonly string[];
  readonly rules: readonly VaultRule[];
  /** The team whose role it is; undefined for the platform's. */
  readonly team?: ResolvedTeam;
  /** The custom component whose role it is (its own store outside the management cluster). */
  readonly component?: string;
}

/**
 * A team's identity in an environment, when its services read secrets there: the team's SecretStore reads the
 * ExternalSecrets' paths, each Vault Agent reads as its own pod's service account. External Secrets' `GetSecret`
 * reads only `<mount>/data/<key>` unless a reference asks for metadata, which Fawkes never does
 * (external-secrets v2.9.0, commit 378bdb6, providers/v1/vault/client_get.go); the agent's templates read the
 * same data path: no metadata and no list capability.
 */
function teamIdentity(team: ResolvedTeam, env: ResolvedEnvironment): VaultIdentity | undefined {
  const paths = new Set<string>();
  const accounts = new Set<string>();
  for (const service of team.services) {
    // What the service reads here, with the environment's overrides.
    const secrets = service.deployments.find((d) => d.environment.name === env.name)?.secrets ?? [];
    if (service.chart || secrets.length === 0) continue;
    if (service.secretDelivery === "vault-agent") accounts.add(serviceAccountName(service.name));
    else if (env.features.externalSecrets) accounts.add(PLATFORM_NAMES.secretStoreServiceAccount);
    else continue;
    for (const ref of secrets) paths.add(vaultTeamPath(env.name, ref));
  }
  if (paths.size === 0) return undefined;
  return {
    environment: env,
    mount: vaultAuthMount(env.name),
    role: vaultRole(team.name, env.name),
    policy: vaultRole(team.name, env.name),
    namespaces: [team.namespace],
    serviceAccounts: [...accounts].sort(compareStrings),
    rules: [...paths].sort(compareStrings).map((path) => ({ path: vaultDataPath(path), capabilities: ["read"] })),
    team,
  };
}

/**
 * The platform's store, in the management cluster: it reads the platform's paths of that environment, and
 * writes back what the platform generates (DevLake's API key). A PushSecret reads the data and metadata, then
 * writes the metadata before the data (external-secrets v2.9.0, providers/v1/vault/client_push.go); writing
 * the metadata of a new path needs `create`, because the KV v2 metadata endpoint has an existence check
 * (vault-plugin-secrets-kv v0.15.0 to v0.26.2, path_metadata.go, metadataExistenceCheck).
 */
function platformIdentity(model: ResolvedConfig, env: ResolvedEnvironment): VaultIdentity | undefined {
  if (!env.isManagement || !env.features.externalSecrets || !env.features.vaultAddress) return undefined;
  const devlake = model.installed("devlake");
  const pushes = devlake?.environments.some((e) => e.name === env.name) === true;
  const generated = vaultGeneratedPrefix(env.name);
  return {
    environment: env,
    mount: vaultAuthMount(env.name),
    role: VAULT_PLATFORM_ROLE,
    policy: vaultPlatformPolicy(env.name),
    namespaces: [COMPONENT_CATALOG.externalSecrets.namespace],
    serviceAccounts: ["external-secrets"],
    rules: [
      { path: vaultDataPath(vaultPlatformPath(env.name, "*")), capabilities: ["read"] },
      ...(pushes
        ? [
            { path: `${vaultDataPath(generated)}/*`, capabilities: ["create", "read", "update"] },
            { path: `${vaultMetadataPath(generated)}/*`, capabilities: ["create", "read", "update"] },
          ]
        : []),
    ],
  };
}

/**
 * A custom component's own identity outside the management cluster (whose platform store serves it there): its
 * SecretStore, in its namespace, reads exactly the platform paths it declares, of this environment only.
 */
export function customVaultIdentity(
  component: ResolvedCustomComponent,
  env: ResolvedEnvironment,
): VaultIdentity | undefined {
  if (env.isManagement || component.secrets.length === 0 || !component.environments.includes(env)) return undefined;
  if (!env.features.externalSecrets || !env.features.vaultAddress) return undefined;
  const paths = [...new Set(component.secrets.map((s) => vaultDataPath(vaultPlatformPath(env.name, s.vaultPath))))];
  return {
    environment: env,
    mount: vaultAuthMount(env.name),
    role: vaultCustomRole(component.name, env.name),
    policy: vaultCustomRole(component.name, env.name),
    namespaces: [component.namespace],
    serviceAccounts: [PLATFORM_NAMES.secretStoreServiceAccount],
    rules: paths.sort(compareStrings).map((path) => ({ path, capabilities: ["read"] })),
    component: component.name,
  };
}

/**
 * Every Vault identity of the platform, environment by environment (platform, teams in config order, custom
 * components). Built once per model: the cluster configuration and the Vault root each read it.
 */
export const vaultIdentities: (model: ResolvedConfig) => readonly VaultIdentity[] = oncePerModel((model) =>
  model.environments.flatMap((env) => {
    const platform = platformIdentity(model, env);
    return [
      ...(platform ? [platform] : []),
      ...model.teams.flatMap((team) => teamVaultIdentity(team, env) ?? []),
      ...model.customComponents.flatMap((c) => customVaultIdentity(c, env) ?? []),
    ];
  }),
);

/** The identity of a team in an environment, when the cluster reaches Vault and the team reads anything there. */
export function teamVaultIdentity(team: ResolvedTeam, env: ResolvedEnvironment): VaultIdentity | undefined {
  return env.features.vaultAddress ? teamIdentity(team, env) : undefined;
}
