// DNS zones: DNS-01 and ExternalDNS need the zone of every cloud they run on, and a managed identity's client
// id is given for environments that have one (an Azure environment of the config).
import type { FawkesConfig } from "../../schema/config.ts";
import { problem, type Problem } from "../problems.ts";
import { componentEnabledIn } from "../resolve.ts";
import { suggestName } from "../suggest.ts";
import type { CheckInput } from "./check-input.ts";

/** How to declare a cloud's zone, per provider: the fix every hint below names. */
const ZONE_FIX = {
  aws: (cloud: string) =>
    `add dns: { hostedZoneId: "Z…" } to clouds.${cloud}, the Route 53 hosted zone of its hosts (its name defaults to platform.domain)`,
  azure: (cloud: string) =>
    `add dns: { zone: "…", resourceGroup: "…" } to clouds.${cloud}, the Azure DNS zone of its hosts and its resource group`,
} as const;

type Components = FawkesConfig["components"];

/** Environments of each cloud (declared, in order) that run a component. */
function environmentsRunning(config: FawkesConfig, key: "certManager" | "externalDns"): Map<string, string[]> {
  const byCloud = new Map<string, string[]>();
  for (const [name, env] of Object.entries(config.environments)) {
    if (!componentEnabledIn(config, key, name)) continue;
    byCloud.set(env.cloud, [...(byCloud.get(env.cloud) ?? []), name]);
  }
  return byCloud;
}

/** DNS-01 on a cloud without a zone: cert-manager would have nowhere to answer. */
function dns01WithoutZone(config: FawkesConfig): Problem[] {
  if (config.components.certManager.challenge !== "dns01") return [];
  return [...environmentsRunning(config, "certManager")].flatMap(([cloudName, envs]) => {
    const cloud = config.clouds[cloudName];
    if (!cloud || cloud.dns !== undefined) return [];
    return [
      problem(
        "missing-dns-zone",
        ["clouds", cloudName],
        `components.certManager.challenge is "dns01", but cloud "${cloudName}" declares no DNS zone: cert-manager cannot answer challenges for ${envs.join(", ")}`,
        `${ZONE_FIX[cloud.provider](cloudName)}; or use challenge: "http01"`,
      ),
    ];
  });
}

/** ExternalDNS switched on where the cloud has no zone to write to. */
function externalDnsWithoutZone(config: FawkesConfig): Problem[] {
  const component = config.components.externalDns;
  return [...environmentsRunning(config, "externalDns")].flatMap(([cloudName, envs]) => {
    const cloud = config.clouds[cloudName];
    if (!cloud || cloud.dns !== undefined) return [];
    // Point at the switch that turned it on: the environment's override, or the component's.
    const env = envs.find((e) => component.environments[e]?.enabled === true);
    const path = env
      ? ["components", "externalDns", "environments", env, "enabled"]
      : ["components", "externalDns", "enabled"];
    return [
      problem(
        "missing-dns-zone",
        path,
        `ExternalDNS is on in ${envs.join(", ")}, but cloud "${cloudName}" declares no DNS zone to write records to`,
        `${ZONE_FIX[cloud.provider](cloudName)}; or switch ExternalDNS off there`,
      ),
    ];
  });
}

/** A client id for an environment that does not exist, is not on Azure, or (Vault's) is not the management one. */
function misplacedClientIds(config: FawkesConfig, components: Components, names: readonly string[]): Problem[] {
  return (["certManager", "externalDns", "vault"] as const).flatMap((key) =>
    Object.keys(components[key].azureClientId).flatMap((env) => {
      const path = ["components", key, "azureClientId", env];
      if (!names.includes(env))
        return [
          problem("unknown-reference", path, `unknown environment "${env}"`, suggestName(env, names, "environment")),
        ];
      const management = config.platform.managementEnvironment;
      if (key === "vault" && env !== management)
        return [
          problem(
            "not-management",
            path,
            `Vault's server, the only Vault pod with a cloud identity (its unseal key), runs in the management environment "${management}", not in "${env}"`,
            `remove components.vault.azureClientId.${env}`,
          ),
        ];
      // An environment whose own shape is wrong is reported there.
      const cloud = config.environments[env]?.cloud;
      const provider = cloud === undefined ? undefined : config.clouds[cloud]?.provider;
      if (provider !== "aws") return [];
      return [
        problem(
          "not-azure",
          path,
          `"${env}" runs on AWS, where the identity is an IAM role Fawkes names itself: there is no client id to give`,
          `remove components.${key}.azureClientId.${env}`,
        ),
      ];
    }),
  );
}

export function checkDns({ config, declared }: CheckInput): Problem[] {
  const { platform, clouds, environments, components } = config;
  if (!platform || !clouds || !environments || !components) return [];
  const full = config as FawkesConfig;
  return [
    ...dns01WithoutZone(full),
    ...externalDnsWithoutZone(full),
    ...misplacedClientIds(full, components, declared.environments),
  ];
}
