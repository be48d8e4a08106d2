// The environment's ClusterSecretStore: External Secrets reads Vault's KV v2 mount, authenticating with
// the cluster's Kubernetes auth backend.
import { ClusterSecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { platformSecretNamespaces } from "../../core/render/platform-secret.ts";
import { vaultStoreProvider } from "../../core/render/vault-provider.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

/**
 * The platform's own store: it reads only the platform's Vault paths (cluster credentials, central components'
 * credentials) and serves only ArgoCD's and the central components' namespaces. Teams read their secrets
 * through the SecretStore of their own namespace.
 */
/** Backstage's namespace, when Backstage runs in this cluster: its ExternalSecrets read through this store. */
export function buildSecretStore(ctx: ClusterContext): ClusterSecretStore | undefined {
  const vault = ctx.env.features.vaultAddress;
  if (!ctx.env.features.externalSecrets || !ctx.env.isManagement || !vault) return undefined;
  return new ClusterSecretStore({
    metadata: { name: PLATFORM_NAMES.platformSecretStore, labels: platformLabels(ctx.env) },
    spec: {
      conditions: [{ namespaces: platformSecretNamespaces(ctx.model) }],
      provider: vaultStoreProvider(vault, ctx.env.name, "external-secrets", {
        name: "external-secrets",
        namespace: COMPONENT_CATALOG.externalSecrets.namespace,
      }),
    },
  });
}
