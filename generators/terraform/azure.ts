// An Azure root module per environment: resource group and VNet, AKS from the Azure Verified Module,
// user-assigned identities federated with the cluster's OIDC issuer, outputs.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { formatCidr, parseCidr, subnet } from "../../core/cidr.ts";
import { attr, block, expr, type BodyItem, type HclValue } from "./hcl.ts";
import { vaultSeal } from "../../core/runtime/vault-seal.ts";
import { workloadIdentities } from "./identities.ts";
import { backendBlock, stateBackend } from "./state.ts";
import { MODULES, PROVIDERS, TERRAFORM_VERSION } from "./versions.ts";

type AzureCloud = Extract<ResolvedEnvironment["cloud"], { provider: "azure" }>;

/** Pods get addresses from an overlay range outside every VNet (Azure CNI overlay). */
const POD_CIDR = "100.64.0.0/16";
const SERVICE_CIDR = "100.65.0.0/16";
const DNS_SERVICE_IP = "100.65.0.10";

export function azureVersions(model: ResolvedConfig, env: ResolvedEnvironment, cloud: AzureCloud): BodyItem[] {
  return [
    block(
      "terraform",
      [],
      [
        attr("required_version", TERRAFORM_VERSION),
        block(
          "required_providers",
          [],
          [
            attr("azapi", PROVIDERS.azapi),
            attr("azurerm", PROVIDERS.azurerm),
            attr("modtm", PROVIDERS.modtm),
            attr("random", PROVIDERS.random),
            // The pause before the unseal key is created (vault-seal.ts).
            ...(vaultSeal(model)?.environment === env ? [attr("time", PROVIDERS.time)] : []),
          ],
        ),
        backendBlock(stateBackend(cloud, model.platform.name, env.name)),
      ],
    ),
  ];
}

export function azureProviders(cloud: AzureCloud): BodyItem[] {
  return [
    block(
      "provider",
      ["azurerm"],
      [attr("subscription_id", cloud.subscriptionId), attr("tenant_id", cloud.tenantId), block("features", [], [])],
    ),
    block("provider", ["azapi"], [attr("subscription_id", cloud.subscriptionId), attr("tenant_id", cloud.tenantId)]),
  ];
}

function pool(
  name: string,
  spec: ResolvedEnvironment["nodePools"][string],
  env: ResolvedEnvironment,
  system: boolean,
): Record<string, HclValue | undefined> {
  return {
    name,
    vm_size: spec.instanceType,
    mode: system ? "System" : "User",
    enable_auto_scaling: true,
    min_count: spec.min,
    max_count: spec.max,
    orchestrator_version: env.kubernetesVersion,
    vnet_subnet_id: expr("azurerm_subnet.nodes.id"),
    node_labels: Object.keys(spec.labels).length > 0 ? spec.labels : undefined,
    node_taints: spec.taints.length > 0 ? spec.taints.map((t) => `${t.key}=${t.value}:${t.effect}`) : undefined,
  };
}

export function azureMain(
  env: ResolvedEnvironment,
  cloud: AzureCloud,
  network: string,
  tags: Record<string, string>,
): BodyItem[] {
  const parsed = parseCidr(network);
  if (!parsed.ok) throw new Error(parsed.reason);
  const nodes = formatCidr(subnet(parsed.cidr, parsed.cidr.prefix + 1, 0));
  const [first, ...rest] = Object.entries(env.nodePools);
  const publicApi = env.apiAccessCidrs.length > 0;
  return [
    block("locals", [], [attr("name", env.clusterName), attr("tags", tags)]),
    block(
      "resource",
      ["azurerm_resource_group", "this"],
      [attr("name", expr('"rg-${local.name}"')), attr("location", cloud.location), attr("tags", expr("local.tags"))],
    ),
    block(
      "resource",
      ["azurerm_virtual_network", "this"],
      [
        attr("name", expr('"vnet-${local.name}"')),
        attr("location", expr("azurerm_resource_group.this.location")),
        attr("resource_group_name", expr("azurerm_resource_group.this.name")),
        attr("address_space", [network]),
        attr("tags", expr("local.tags")),
      ],
    ),
    block(
      "resource",
      ["azurerm_subnet", "nodes"],
      [
        attr("name", "snet-nodes"),
        attr("resource_group_name", expr("azurerm_resource_group.this.name")),
        attr("virtual_network_name", expr("azurerm_virtual_network.this.name")),
        attr("address_prefixes", [nodes]),
      ],
    ),
    block(
      "module",
      ["aks"],
      [
        attr("source", MODULES.aks.source),
        attr("version", MODULES.aks.version),
        attr("name", expr("local.name")),
        attr("location", expr("azurerm_resource_group.this.location")),
        attr("parent_id", expr("azurerm_resource_group.this.id")),
        attr("kubernetes_version", env.kubernetesVersion),
        attr("dns_prefix", expr("local.name")),
        attr("managed_identities", { system_assigned: true }),
        attr("oidc_issuer_profile", { enabled: true }),
        attr("security_profile", { workload_identity: { enabled: true } }),
        attr(
          "api_server_access_profile",
          publicApi ? { authorized_ip_ranges: [...env.apiAccessCidrs] } : { enable_private_cluster: true },
        ),
        attr("network_profile", {
          network_plugin: "azure",
          network_plugin_mode: "overlay",
          network_dataplane: "cilium",
          network_policy: "cilium",
          pod_cidr: POD_CIDR,
          service_cidr: SERVICE_CIDR,
          dns_service_ip: DNS_SERVICE_IP,
        }),
        attr("default_agent_pool", pool(first![0], first![1], env, true)),
        attr(
          "agent_pools",
          rest.length > 0
            ? Object.fromEntries(rest.map(([name, spec]) => [name, pool(name, spec, env, false)]))
            : undefined,
        ),
        attr("tags", expr("local.tags")),
      ],
    ),
    block(
      "data",
      ["azurerm_kubernetes_cluster", "this"],
      [
        attr("name", expr("local.name")),
        attr("resource_group_name", expr("azurerm_resource_group.this.name")),
        attr("depends_on", [expr("module.aks")]),
      ],
    ),
  ];
}

export function azureIdentities(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  return workloadIdentities(model, env).flatMap((identity) => [
    block(
      "resource",
      ["azurerm_user_assigned_identity", identity.id],
      [
        attr("name", `id-${identity.name}`),
        attr("location", expr("azurerm_resource_group.this.location")),
        attr("resource_group_name", expr("azurerm_resource_group.this.name")),
        attr("tags", identity.team ? expr(`merge(local.tags, { team = "${identity.team}" })`) : expr("local.tags")),
      ],
    ),
    block(
      "resource",
      ["azurerm_federated_identity_credential", identity.id],
      [
        attr("name", identity.name),
        attr("resource_group_name", expr("azurerm_resource_group.this.name")),
        attr("parent_id", expr(`azurerm_user_assigned_identity.${identity.id}.id`)),
        attr("audience", ["api://AzureADTokenExchange"]),
        attr("issuer", expr("data.azurerm_kubernetes_cluster.this.oidc_issuer_url")),
        attr("subject", `system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`),
      ],
    ),
    ...identity.azureRoles.map((role, i) =>
      block(
        "resource",
        ["azurerm_role_assignment", `${identity.id}_${i}`],
        [
          attr("scope", role.scope),
          attr("role_definition_name", role.role),
          attr("principal_id", expr(`azurerm_user_assigned_identity.${identity.id}.principal_id`)),
        ],
      ),
    ),
  ]);
}

export function azureOutputs(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  const out = (name: string, value: HclValue, description: string, sensitive = false) =>
    block(
      "output",
      [name],
      [attr("description", description), attr("value", value), ...(sensitive ? [attr("sensitive", true)] : [])],
    );
  const ids = workloadIdentities(model, env);
  return [
    out("cluster_name", expr("local.name"), "Name of the AKS cluster."),
    out(
      "cluster_endpoint",
      expr("data.azurerm_kubernetes_cluster.this.kube_config[0].host"),
      "API server endpoint, for ArgoCD's cluster secret.",
      true,
    ),
    out(
      "cluster_certificate_authority_data",
      expr("data.azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate"),
      "Cluster CA (base64), for ArgoCD's cluster secret and Vault's Kubernetes auth.",
      true,
    ),
    out(
      "oidc_issuer_url",
      expr("data.azurerm_kubernetes_cluster.this.oidc_issuer_url"),
      "OIDC issuer, for Vault's Kubernetes auth and federated credentials.",
    ),
    out("vnet_id", expr("azurerm_virtual_network.this.id"), "VNet of the cluster."),
    out(
      "workload_client_ids",
      Object.fromEntries(
        ids.map((i) => [
          `${i.namespace}/${i.serviceAccount}`,
          expr(`azurerm_user_assigned_identity.${i.id}.client_id`),
        ]),
      ),
      "Managed identity client id per Kubernetes service account (namespace/name).",
    ),
    ...(vaultSeal(model)?.environment === env
      ? [
          out(
            "vault_unseal_key_id",
            expr("azurerm_key_vault_key.vault_unseal.versionless_id"),
            "Key Vault key that unseals the central Vault.",
          ),
        ]
      : []),
  ];
}
