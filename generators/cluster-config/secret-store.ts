// The environment's ClusterSecretStore: External Secrets reads Vault's KV v2 mount, authenticating with
// the cluster's Kubernetes auth backend.
import { ClusterSecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore";
import { PLATFORM_NAMES, VAULT_PLATFORM_ROLE } from "../../core/names.ts";
import { platformSecretNamespaces } from "../../core/render/platform-secret.ts";
import { vaultStoreProvider } from "../../core/render/vault-provider.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

/**
 * The platform's own store: its Vault role reads only the platform's paths of this environment (cluster
 * credentials, central components' credentials), and it serves only ArgoCD's and the central components'
 * namespaces. Teams read their secrets through the SecretStore of their own namespace.
 */
export function buildSecretStore(ctx: ClusterContext): ClusterSecretStore | undefined {
  const vault = ctx.env.features.vaultAddress;
  if (!ctx.env.features.externalSecrets || !ctx.env.isManagement || !vault) return undefined;
  return new ClusterSecretStore({
    metadata: { name: PLATFORM_NAMES.platformSecretStore, labels: platformLabels(ctx.env) },
    spec: {
      conditions: [{ namespaces: platformSecretNamespaces(ctx.model) }],
      provider: vaultStoreProvider(vault, ctx.env.name, VAULT_PLATFORM_ROLE, {
        name: "external-secrets",
        namespace: COMPONENT_CATALOG.externalSecrets.namespace,
      }),
    },
  });
}
