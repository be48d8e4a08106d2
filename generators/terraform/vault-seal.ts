// The key that unseals the central Vault, in the management environment's root beside Vault's identity
// (identities.ts). AWS: a KMS key only Vault's IRSA role may use; the account administers it but cannot encrypt
// with it. Azure: an RSA key in a Key Vault of its own (RBAC, purge protection), which only Vault's managed
// identity may use, the Terraform caller administering it.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { AZURE_SEAL_ROLE, vaultSeal } from "../../core/runtime/vault-seal.ts";
import { attr, block, expr, type BodyItem, type Expr } from "./hcl.ts";

/** What Vault's awskms seal calls (vault docs, seal/awskms: kms:Encrypt, kms:Decrypt, kms:DescribeKey). */
export const VAULT_KMS_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt"] as const;

/**
 * Key administration without use: AWS refuses a key policy that locks the account out of changing it. No
 * kms:CreateGrant (a grant would hand the key's use to another principal) and no cryptographic operation.
 */
export const KMS_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:Delete*",
  "kms:Describe*",
  "kms:Disable*",
  "kms:Enable*",
  "kms:Get*",
  "kms:List*",
  "kms:Put*",
  "kms:Revoke*",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:Update*",
];

/** The KMS key and its policy (AWS). */
export function awsVaultSeal(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  const seal = vaultSeal(model);
  const cloud = env.cloud;
  if (seal?.provider !== "awskms" || seal.environment !== env || cloud.provider !== "aws") return [];
  const statement = (sid: string, principal: Expr | string, actions: readonly string[]) =>
    block(
      "statement",
      [],
      [
        attr("sid", sid),
        attr("actions", [...actions]),
        // In a key policy, "*" is the key itself.
        attr("resources", ["*"]),
        block("principals", [], [attr("type", "AWS"), attr("identifiers", [principal])]),
      ],
    );
  return [
    block(
      "data",
      ["aws_iam_policy_document", "vault_unseal"],
      [
        statement("Administration", `arn:aws:iam::${cloud.accountId}:root`, KMS_ADMIN_ACTIONS),
        statement("VaultUnseal", expr("aws_iam_role.vault.arn"), VAULT_KMS_ACTIONS),
      ],
    ),
    block(
      "resource",
      ["aws_kms_key", "vault_unseal"],
      [
        attr("description", `Unseals the central Vault of ${model.platform.name}`),
        attr("enable_key_rotation", true),
        attr("deletion_window_in_days", 30),
        attr("policy", expr("data.aws_iam_policy_document.vault_unseal.json")),
        attr("tags", expr("local.tags")),
      ],
    ),
    block(
      "resource",
      ["aws_kms_alias", "vault_unseal"],
      [attr("name", seal.keyAlias), attr("target_key_id", expr("aws_kms_key.vault_unseal.key_id"))],
    ),
  ];
}

/** Creates and rotates keys, the caller's role on the vault: Terraform writes the key through the data plane. */
export const AZURE_KEY_ADMIN_ROLE = "Key Vault Crypto Officer";

/**
 * A new role assignment reaches Key Vault's data plane after a delay (Azure RBAC troubleshooting: usually minutes,
 * up to 10): the key is created after a pause, so the first apply does not usually fail with 403 (if it does,
 * applying again creates the key).
 */
export const AZURE_RBAC_PAUSE = "120s";

/** A built-in role for a principal on a scope (both Terraform references). */
function roleAssignment(name: string, scope: string, role: string, principal: string): BodyItem {
  return block(
    "resource",
    ["azurerm_role_assignment", name],
    [attr("scope", expr(scope)), attr("role_definition_name", role), attr("principal_id", expr(principal))],
  );
}

export function azureVaultSeal(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  const seal = vaultSeal(model);
  if (seal?.provider !== "azurekeyvault" || seal.environment !== env) return [];
  return [
    block("data", ["azurerm_client_config", "current"], []),
    block(
      "resource",
      ["azurerm_key_vault", "vault_unseal"],
      [
        attr("name", seal.vaultName),
        attr("location", expr("azurerm_resource_group.this.location")),
        attr("resource_group_name", expr("azurerm_resource_group.this.name")),
        attr("tenant_id", seal.tenantId),
        attr("sku_name", "standard"),
        attr("enable_rbac_authorization", true),
        // Deleting the vault must not lose the key that decrypts Vault's storage: 90 days to recover it.
        attr("purge_protection_enabled", true),
        attr("soft_delete_retention_days", 90),
        attr("tags", expr("local.tags")),
      ],
    ),
    roleAssignment(
      "vault_unseal_admin",
      "azurerm_key_vault.vault_unseal.id",
      AZURE_KEY_ADMIN_ROLE,
      "data.azurerm_client_config.current.object_id",
    ),
    block(
      "resource",
      ["time_sleep", "vault_unseal_rbac"],
      [
        attr("create_duration", AZURE_RBAC_PAUSE),
        attr("depends_on", [expr("azurerm_role_assignment.vault_unseal_admin")]),
      ],
    ),
    block(
      "resource",
      ["azurerm_key_vault_key", "vault_unseal"],
      [
        attr("name", seal.keyName),
        attr("key_vault_id", expr("azurerm_key_vault.vault_unseal.id")),
        attr("key_type", "RSA"),
        attr("key_size", 3072),
        attr("key_opts", ["unwrapKey", "wrapKey"]),
        // Vault unwraps with the version each blob records, so a new version breaks nothing.
        block("rotation_policy", [], [block("automatic", [], [attr("time_after_creation", "P365D")])]),
        attr("depends_on", [expr("time_sleep.vault_unseal_rbac")]),
      ],
    ),
    roleAssignment(
      "vault_unseal",
      "azurerm_key_vault_key.vault_unseal.resource_versionless_id",
      AZURE_SEAL_ROLE,
      "azurerm_user_assigned_identity.vault.principal_id",
    ),
  ];
}
