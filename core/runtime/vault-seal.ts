// How the central Vault unseals itself: through the management cloud's KMS. Terraform creates the key and
// Vault's identity in the management environment's root; Vault's values name the key; the bootstrap steps
// drop the manual unseal. Names are fixed here, so the values need no Terraform output.
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { workloadIdentityName } from "../names.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";

/** The `seal "awskms"` of the central Vault (AWS KMS, reached through IRSA). */
export interface VaultAwsKmsSeal {
  readonly provider: "awskms";
  readonly environment: ResolvedEnvironment;
  readonly region: string;
  /** The key's alias, which Vault's `kms_key_id` names (KMS accepts an alias wherever it takes a key id). */
  readonly keyAlias: string;
  /** The IAM role of Vault's service account, the only principal that may use the key. */
  readonly roleName: string;
  readonly roleArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export type VaultSeal = VaultAwsKmsSeal;

/**
 * The seal of the central Vault, or undefined when Vault is not installed or its cloud has no seal here yet
 * (Azure: go-kms-wrapping's Key Vault wrapper uses azidentity's DefaultAzureCredential, which covers workload
 * identity, from wrappers/azurekeyvault/v2.0.9 (commit e9731d8) on; which wrapper Vault 2.0.4 links is not verified
 * here (the stored go.mod copies of hashicorp/vault are from 2023, with v2.0.7). The seal would also need the managed
 * identity's client id, a Terraform output, in the config. So Vault there is still unsealed by hand.)
 */
export function vaultSeal(model: ResolvedConfig): VaultSeal | undefined {
  const vault = model.installed("vault");
  const hub = model.environments.find((e) => e.isManagement);
  if (!vault || !hub || vault.modes[hub.name] === "spoke" || !vault.environments.includes(hub)) return undefined;
  const cloud = hub.cloud;
  if (cloud.provider !== "aws") return undefined;
  const roleName = workloadIdentityName(model.platform.name, hub.name, "vault");
  return {
    provider: "awskms",
    environment: hub,
    region: cloud.region,
    keyAlias: `alias/${model.platform.name}-vault-unseal`,
    roleName,
    roleArn: `arn:aws:iam::${cloud.accountId}:role/${roleName}`,
    namespace: COMPONENT_CATALOG.vault.namespace,
    serviceAccount: "vault",
  };
}
