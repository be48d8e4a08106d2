// Terraform: a root module per environment (cluster) under out/infra/<environment>/.
import type { OutputFile } from "../../core/file-tree.ts";
import { infraDir } from "../../core/names.ts";
import type { ConfigPath } from "../../core/problems.ts";
import { emit } from "../../core/provenance.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import type { Generator } from "../generator.ts";
import { awsIdentities, awsMain, awsOutputs, awsProviders, awsVersions } from "./aws.ts";
import { azureIdentities, azureMain, azureOutputs, azureProviders, azureVersions } from "./azure.ts";
import { renderHclFile, type BodyItem } from "./hcl.ts";
import { vaultRoot } from "./vault.ts";
import { awsVaultSeal, azureVaultSeal } from "./vault-seal.ts";

/** Cost-allocation tags (keys valid on both clouds). */
function tags(model: ResolvedConfig, env: ResolvedEnvironment): Record<string, string> {
  return { platform: model.platform.name, environment: env.name, "managed-by": "fawkes" };
}

/** The files of an environment's root, each built on demand (so each records what it reads). */
export function rootModule(model: ResolvedConfig, env: ResolvedEnvironment): Record<string, () => BodyItem[]> {
  const cloud = env.cloud;
  if (cloud.provider === "aws") {
    return {
      "versions.tf": () => awsVersions(model, env, cloud),
      "providers.tf": () => awsProviders(cloud),
      "main.tf": () => awsMain(model, env, cloud, env.network, tags(model, env)),
      "identities.tf": () => awsIdentities(model, env),
      "vault-seal.tf": () => awsVaultSeal(model, env),
      "outputs.tf": () => awsOutputs(model, env),
    };
  }
  return {
    "versions.tf": () => azureVersions(model, env, cloud),
    "providers.tf": () => azureProviders(cloud),
    "main.tf": () => azureMain(env, cloud, env.network, tags(model, env)),
    "identities.tf": () => azureIdentities(model, env),
    "vault-seal.tf": () => azureVaultSeal(model, env),
    "outputs.tf": () => azureOutputs(model, env),
  };
}

/** A .tf file, or nothing when it has no blocks. */
function hclFile(path: () => string, origin: ConfigPath, build: () => BodyItem[]): OutputFile[] {
  let empty = false;
  const file = emit(() => {
    const items = build();
    empty = items.length === 0;
    return { type: "text", comment: "#", path: path(), origin, content: renderHclFile(items) };
  });
  return empty ? [] : [file];
}

export const generateTerraform: Generator = (model) => [
  ...model.environments.flatMap((env) =>
    Object.entries(rootModule(model, env)).flatMap(([file, build]) =>
      hclFile(() => `${infraDir(env.name)}/${file}`, ["environments", env.name], build),
    ),
  ),
  // The Vault root is one unit: each of its files depends on everything the root reads.
  ...Object.keys(vaultRoot(model) ?? {}).flatMap((file) =>
    hclFile(
      () => `${infraDir("vault")}/${file}`,
      ["components", "vault"],
      () => vaultRoot(model)![file]!,
    ),
  ),
];
