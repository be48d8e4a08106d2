// The KMS key that unseals the central Vault (AWS): in the management environment's root, beside Vault's IRSA
// role (identities.ts). Only that role may use the key; the account administers it but cannot encrypt with it.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { vaultSeal } from "../../core/runtime/vault-seal.ts";
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

export function awsVaultSeal(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  const seal = vaultSeal(model);
  if (!seal || seal.environment !== env || env.cloud.provider !== "aws") return [];
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
        statement("Administration", `arn:aws:iam::${env.cloud.accountId}:root`, KMS_ADMIN_ACTIONS),
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
