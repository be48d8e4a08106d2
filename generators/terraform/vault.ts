// Vault as code: a root module (out/infra/vault/) with the KV v2 mount, a Kubernetes auth backend per
// environment's cluster (from that cluster's Terraform outputs), and per identity of core/runtime/vault-access.ts
// a policy and a role: each team's role of an environment reads exactly the paths its services read there, the
// platform store's role only the platform's paths of its environment. Only a cluster's own tokens log in
// through its mount (Vault checks them with that cluster's TokenReview), so a dev token never reaches a prod role.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { PLATFORM_NAMES, centralHosts, vaultAuthMount } from "../../core/names.ts";
import { vaultIdentities, type VaultIdentity } from "../../core/runtime/vault-access.ts";
import { attr, block, expr, type BodyItem } from "./hcl.ts";
import { backendBlock, stateBackend } from "./state.ts";
import { PROVIDERS, TERRAFORM_VERSION } from "./versions.ts";

const KV = PLATFORM_NAMES.vaultKvMount;
const id = (text: string) => text.replace(/[^A-Za-z0-9_]/g, "_");

/** Reads another root's outputs, from the same backend the root writes to. */
function remoteState(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem {
  const state = stateBackend(env.cloud, model.platform.name, env.name);
  return block(
    "data",
    ["terraform_remote_state", id(env.name)],
    [attr("backend", state.type), attr("config", state.settings)],
  );
}

/**
 * The Kubernetes auth backend of an environment's cluster, checking tokens against that cluster's API (its
 * endpoint and CA from the cluster root's outputs). Vault runs in the management cluster, where by default it
 * reviews tokens with its own service account's token; the other clusters do not accept that token, so their
 * mounts disable it and Vault reviews each login with the client's own token (vault-plugin-auth-kubernetes
 * v0.24.1, backend.go loadConfig and token_review.go): those service accounts are bound to
 * system:auth-delegator in their cluster (generators/cluster-config/vault-auth.ts).
 */
function authBackend(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  const e = id(env.name);
  return [
    remoteState(model, env),
    block("resource", ["vault_auth_backend", e], [attr("type", "kubernetes"), attr("path", vaultAuthMount(env.name))]),
    block(
      "resource",
      ["vault_kubernetes_auth_backend_config", e],
      [
        attr("backend", expr(`vault_auth_backend.${e}.path`)),
        attr("kubernetes_host", expr(`data.terraform_remote_state.${e}.outputs.cluster_endpoint`)),
        attr(
          "kubernetes_ca_cert",
          expr(`base64decode(data.terraform_remote_state.${e}.outputs.cluster_certificate_authority_data)`),
        ),
        ...(env.isManagement ? [] : [attr("disable_local_ca_jwt", true)]),
      ],
    ),
  ];
}

/** One identity: its policy document, the policy, and the role bound to exactly its service accounts. */
function identityBlocks(identity: VaultIdentity): BodyItem[] {
  const e = id(identity.environment.name);
  // Resource addresses predate the platform's per-environment policy: `external_secrets_<env>` is its role.
  const key = identity.team
    ? `${id(identity.team.name)}_${e}`
    : identity.component
      ? `component_${id(identity.component)}_${e}`
      : `platform_${e}`;
  const roleKey = identity.team || identity.component ? key : `external_secrets_${e}`;
  return [
    block(
      "data",
      ["vault_policy_document", key],
      identity.rules.map((r) => block("rule", [], [attr("path", r.path), attr("capabilities", [...r.capabilities])])),
    ),
    block(
      "resource",
      ["vault_policy", key],
      [attr("name", identity.policy), attr("policy", expr(`data.vault_policy_document.${key}.hcl`))],
    ),
    block(
      "resource",
      ["vault_kubernetes_auth_backend_role", roleKey],
      [
        attr("backend", expr(`vault_auth_backend.${e}.path`)),
        attr("role_name", identity.role),
        attr("bound_service_account_names", [...identity.serviceAccounts]),
        attr("bound_service_account_namespaces", [...identity.namespaces]),
        attr("token_policies", [expr(`vault_policy.${key}.name`)]),
        attr("token_ttl", 3600),
      ],
    ),
  ];
}

export function vaultRoot(model: ResolvedConfig): Record<string, BodyItem[]> | undefined {
  const management = model.environments.find((e) => e.isManagement);
  if (!management || !model.installed("vault")) return undefined;
  const identities = vaultIdentities(model);
  const main: BodyItem[] = [
    block(
      "resource",
      ["vault_mount", "kv"],
      [
        attr("path", KV),
        attr("type", "kv"),
        attr("options", { version: "2" }),
        // Unchanged since the first tree: the mount holds every secret, and a plan should never show it touched.
        attr("description", "Secrets of the platform and its teams; never in Git."),
      ],
    ),
  ];
  for (const env of model.environments) {
    main.push(...authBackend(model, env));
    for (const identity of identities.filter((i) => i.environment.name === env.name))
      main.push(...identityBlocks(identity));
  }
  return {
    "versions.tf": [
      block(
        "terraform",
        [],
        [
          attr("required_version", TERRAFORM_VERSION),
          block("required_providers", [], [attr("vault", PROVIDERS.vault)]),
          backendBlock(stateBackend(management.cloud, model.platform.name, "vault")),
        ],
      ),
    ],
    "providers.tf": [
      block("provider", ["vault"], [attr("address", `https://${centralHosts(model.platform.domain).vault}`)]),
    ],
    "main.tf": main,
  };
}
