// How the central Vault unseals itself: through the management cloud's key service (AWS KMS, or a key in Azure
// Key Vault). Terraform creates the key and Vault's identity in the management environment's root; Vault's values
// name the key; the bootstrap steps drop the manual unseal. Names are fixed here, so the values need no Terraform
// output, except Azure's client id, which exists only after the first apply.
import { createHash } from "node:crypto";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { workloadIdentityName } from "../names.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";

interface SealBase {
  readonly environment: ResolvedEnvironment;
  /** The name of Vault's cloud identity (IAM role, or the managed identity `id-<name>`). */
  readonly roleName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** The `seal "awskms"` of the central Vault (AWS KMS, reached through IRSA). */
export interface VaultAwsKmsSeal extends SealBase {
  readonly provider: "awskms";
  readonly region: string;
  /** The key's alias, which Vault's `kms_key_id` names (KMS accepts an alias wherever it takes a key id). */
  readonly keyAlias: string;
  /** The IAM role of Vault's service account, the only principal that may use the key. */
  readonly roleArn: string;
}

/**
 * The `seal "azurekeyvault"` of the central Vault: an RSA key in a Key Vault of its own, reached through Azure
 * Workload Identity. Read upstream: Vault's seal takes `tenant_id`, `vault_name` and `key_name` and, with no client
 * secret, authenticates with azidentity's DefaultAzureCredential, which covers workload identity
 * (hashicorp/go-kms-wrapping wrappers/azurekeyvault/v2.0.14, commit da6aa5d, azurekeyvault.go getKeyVaultClient:
 * AZURE_CLIENT_ID, injected by the webhook, selects the identity). It reads the key (GetKey), wraps and unwraps
 * with RSA-OAEP-256, unwrapping with the version each blob records, so the key may rotate. Vault links that wrapper
 * from vault PR #24954 (January 2024, backported to 1.13–1.15) on: hashicorp/vault internalshared/go.mod at
 * commit d24d8c76 (2026) requires wrappers/azurekeyvault/v2 v2.0.16, so Vault 2.0.4 lies between the two.
 */
export interface VaultAzureKeyVaultSeal extends SealBase {
  readonly provider: "azurekeyvault";
  readonly tenantId: string;
  /** The Key Vault's name: global across Azure, 3–24 letters, digits and single hyphens. */
  readonly vaultName: string;
  readonly keyName: string;
  /** The managed identity's client id, once the config has it (a Terraform output after the first apply). */
  readonly clientId?: string;
}

export type VaultSeal = VaultAwsKmsSeal | VaultAzureKeyVaultSeal;

/** What the seal's identity may do with the key (Azure's built-in role: keys/read, wrapKey, unwrapKey). */
export const AZURE_SEAL_ROLE = "Key Vault Crypto Service Encryption User";

/**
 * A Key Vault name for the platform's unseal key: Key Vault names are global across Azure, so a short hash of the
 * subscription, platform and environment keeps two platforms (or two tenants' copies of the example) apart, and
 * stays the same from run to run. 3–24 characters, starts with a letter, no consecutive hyphens.
 */
export function unsealKeyVaultName(platform: string, environment: string, subscriptionId: string): string {
  const hash = createHash("sha256").update(`${subscriptionId}/${platform}/${environment}`).digest("hex").slice(0, 6);
  const prefix = platform
    .replace(/[^a-z0-9-]/g, "")
    .replace(/-+/g, "-")
    .slice(0, 9)
    .replace(/-+$/, "");
  return `${/^[a-z]/.test(prefix) ? "" : "kv"}${prefix}-unseal-${hash}`;
}

/** The seal of the central Vault, or undefined when Vault is not installed or does not run in the hub. */
export function vaultSeal(model: ResolvedConfig): VaultSeal | undefined {
  const vault = model.installed("vault");
  const hub = model.environments.find((e) => e.isManagement);
  if (!vault || !hub || vault.modes[hub.name] === "spoke" || !vault.environments.includes(hub)) return undefined;
  const cloud = hub.cloud;
  const roleName = workloadIdentityName(model.platform.name, hub.name, "vault");
  const base = {
    environment: hub,
    roleName,
    namespace: COMPONENT_CATALOG.vault.namespace,
    serviceAccount: "vault",
  };
  if (cloud.provider === "azure") {
    const clientId = vault.azureClientIds[hub.name];
    return {
      ...base,
      provider: "azurekeyvault",
      tenantId: cloud.tenantId,
      vaultName: unsealKeyVaultName(model.platform.name, hub.name, cloud.subscriptionId),
      keyName: "vault-unseal",
      ...(clientId === undefined ? {} : { clientId }),
    };
  }
  return {
    ...base,
    provider: "awskms",
    region: cloud.region,
    keyAlias: `alias/${model.platform.name}-vault-unseal`,
    roleArn: `arn:aws:iam::${cloud.accountId}:role/${roleName}`,
  };
}
