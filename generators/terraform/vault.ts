// Vault as code: a root module (out/infra/vault/) with the KV v2 mount, a Kubernetes auth backend per
// environment's cluster (from that cluster's Terraform outputs), and per team and environment a policy that
// reads only the team's paths and a role bound to the team's namespace. The platform's own store gets a
// role that reads only the platform's paths.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { PLATFORM_NAMES, centralHosts, vaultAuthMount, vaultRole } from "../../core/names.ts";
import { GENERATED_SECRETS_PREFIX } from "../../core/render/platform-secret.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { attr, block, expr, type BodyItem } from "./hcl.ts";
import { backendBlock, stateBackend } from "./state.ts";
import { PROVIDERS, TERRAFORM_VERSION } from "./versions.ts";

const KV = PLATFORM_NAMES.vaultKvMount;
const id = (text: string) => text.replace(/[^A-Za-z0-9_]/g, "_");

/** The read-only rules of a Vault policy for everything under a path prefix of the KV v2 mount. */
export function readRules(prefix: string): { path: string; capabilities: string[] }[] {
  return [
    { path: `${KV}/data/${prefix}/*`, capabilities: ["read"] },
    { path: `${KV}/metadata/${prefix}/*`, capabilities: ["read", "list"] },
  ];
}

/** Rules that let External Secrets' PushSecret write values the platform generates (DevLake's API key). */
export function pushRules(prefix: string): { path: string; capabilities: string[] }[] {
  return [
    { path: `${KV}/data/${prefix}/*`, capabilities: ["create", "update", "read"] },
    { path: `${KV}/metadata/${prefix}/*`, capabilities: ["read", "list", "update"] },
  ];
}

/** Reads another root's outputs, from the same backend the root writes to. */
function remoteState(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem {
  const state = stateBackend(env.cloud, model.platform.name, env.name);
  return block(
    "data",
    ["terraform_remote_state", id(env.name)],
    [attr("backend", state.type), attr("config", state.settings)],
  );
}

export function vaultRoot(model: ResolvedConfig): Record<string, BodyItem[]> | undefined {
  const management = model.environments.find((e) => e.isManagement);
  if (!management || !model.installed("vault")) return undefined;
  const main: BodyItem[] = [
    block(
      "resource",
      ["vault_mount", "kv"],
      [
        attr("path", KV),
        attr("type", "kv"),
        attr("options", { version: "2" }),
        attr("description", "Secrets of the platform and its teams; never in Git."),
      ],
    ),
    block(
      "data",
      ["vault_policy_document", "platform"],
      [...readRules("platform"), ...pushRules(GENERATED_SECRETS_PREFIX)].map((r) =>
        block("rule", [], [attr("path", r.path), attr("capabilities", r.capabilities)]),
      ),
    ),
    block(
      "resource",
      ["vault_policy", "platform"],
      [attr("name", "platform"), attr("policy", expr("data.vault_policy_document.platform.hcl"))],
    ),
  ];
  for (const team of model.teams) {
    main.push(
      block(
        "data",
        ["vault_policy_document", id(team.name)],
        readRules(team.name).map((r) =>
          block("rule", [], [attr("path", r.path), attr("capabilities", r.capabilities)]),
        ),
      ),
    );
  }
  for (const env of model.environments) {
    const e = id(env.name);
    main.push(remoteState(model, env));
    main.push(
      block(
        "resource",
        ["vault_auth_backend", e],
        [attr("type", "kubernetes"), attr("path", vaultAuthMount(env.name))],
      ),
    );
    main.push(
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
        ],
      ),
    );
    if (env.isManagement) {
      main.push(
        block(
          "resource",
          ["vault_kubernetes_auth_backend_role", `external_secrets_${e}`],
          [
            attr("backend", expr(`vault_auth_backend.${e}.path`)),
            attr("role_name", "external-secrets"),
            attr("bound_service_account_names", ["external-secrets"]),
            attr("bound_service_account_namespaces", [COMPONENT_CATALOG.externalSecrets.namespace]),
            attr("token_policies", [expr("vault_policy.platform.name")]),
            attr("token_ttl", 3600),
          ],
        ),
      );
    }
    for (const team of model.teams) {
      const t = `${id(team.name)}_${e}`;
      main.push(
        block(
          "resource",
          ["vault_policy", t],
          [
            attr("name", vaultRole(team.name, env.name)),
            attr("policy", expr(`data.vault_policy_document.${id(team.name)}.hcl`)),
          ],
        ),
      );
      main.push(
        block(
          "resource",
          ["vault_kubernetes_auth_backend_role", t],
          [
            attr("backend", expr(`vault_auth_backend.${e}.path`)),
            attr("role_name", vaultRole(team.name, env.name)),
            // Any service account of the team's namespace: its SecretStore's, and its services' for the Vault Agent.
            attr("bound_service_account_names", ["*"]),
            attr("bound_service_account_namespaces", [team.namespace]),
            attr("token_policies", [expr(`vault_policy.${t}.name`)]),
            attr("token_ttl", 3600),
          ],
        ),
      );
    }
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
