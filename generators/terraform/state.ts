// Remote state: where a root writes its state and where another root reads it, from the cloud's config.
import type { ResolvedEnvironment } from "../../core/resolved.ts";
import { attr, block, type BodyItem } from "./hcl.ts";

export interface StateBackend {
  readonly type: "s3" | "azurerm";
  readonly settings: Readonly<Record<string, string | boolean>>;
}

/** The state of root `root` (an environment, or `vault`) of the platform, in `cloud`'s backend. */
export function stateBackend(cloud: ResolvedEnvironment["cloud"], platform: string, root: string): StateBackend {
  const key = `${platform}/${root}/terraform.tfstate`;
  return cloud.provider === "aws"
    ? {
        type: "s3",
        settings: {
          bucket: cloud.state.bucket,
          key,
          region: cloud.state.region ?? cloud.region,
          encrypt: true,
          use_lockfile: true,
        },
      }
    : {
        type: "azurerm",
        settings: {
          resource_group_name: cloud.state.resourceGroup,
          storage_account_name: cloud.state.storageAccount,
          container_name: cloud.state.container,
          key,
          use_azuread_auth: true,
        },
      };
}

export function backendBlock(state: StateBackend): BodyItem {
  return block(
    "backend",
    [state.type],
    Object.entries(state.settings).map(([name, value]) => attr(name, value)),
  );
}
