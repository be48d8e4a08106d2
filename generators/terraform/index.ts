// Terraform: a root module per environment (cluster) under out/infra/<environment>/.
import type { OutputFile } from "../../core/file-tree.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import type { Generator } from "../generator.ts";
import { awsIdentities, awsMain, awsOutputs, awsProviders, awsVersions } from "./aws.ts";
import { azureIdentities, azureMain, azureOutputs, azureProviders, azureVersions } from "./azure.ts";
import { renderHclFile, type BodyItem } from "./hcl.ts";
import { vaultRoot } from "./vault.ts";

export const INFRA_DIR = "out/infra";

/** Cost-allocation tags (keys valid on both clouds). */
function tags(model: ResolvedConfig, env: ResolvedEnvironment): Record<string, string> {
  return { platform: model.platform.name, environment: env.name, "managed-by": "fawkes" };
}

export function rootModule(model: ResolvedConfig, env: ResolvedEnvironment): Record<string, BodyItem[]> {
  const network = env.network;
  const cloud = env.cloud;
  if (cloud.provider === "aws") {
    return {
      "versions.tf": awsVersions(model, env, cloud),
      "providers.tf": awsProviders(cloud),
      "main.tf": awsMain(model, env, cloud, network, tags(model, env)),
      "identities.tf": awsIdentities(model, env),
      "outputs.tf": awsOutputs(model, env),
    };
  }
  return {
    "versions.tf": azureVersions(model, env, cloud),
    "providers.tf": azureProviders(cloud),
    "main.tf": azureMain(env, cloud, network, tags(model, env)),
    "identities.tf": azureIdentities(model, env),
    "outputs.tf": azureOutputs(model, env),
  };
}

export const generateTerraform: Generator = (model) => [
  ...model.environments.flatMap((env) =>
    Object.entries(rootModule(model, env))
      .filter(([, items]) => items.length > 0)
      .map(([file, items]): OutputFile => ({
        type: "text",
        comment: "#",
        path: `${INFRA_DIR}/${env.name}/${file}`,
        origin: ["environments", env.name],
        sources: ["platform", `environments.${env.name}`, `clouds.${env.cloud.name}`, ...(file === "identities.tf" || file === "outputs.tf" ? ["services", "components"] : [])],
        content: renderHclFile(items),
      })),
  ),
  ...Object.entries(vaultRoot(model) ?? {}).map(([file, items]): OutputFile => ({
    type: "text",
    comment: "#",
    path: `${INFRA_DIR}/vault/${file}`,
    origin: ["components", "vault"],
    sources: ["platform", "teams", "environments", "components.vault"],
    content: renderHclFile(items),
  })),
];
