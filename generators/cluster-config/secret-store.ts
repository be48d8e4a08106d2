// The environment's ClusterSecretStore: External Secrets reads Vault's KV v2 mount, authenticating with
// the cluster's Kubernetes auth backend.
import { ClusterSecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { VAULT_IN_CLUSTER, centralEndpoint, platformLabels, type ClusterContext } from "./context.ts";

/** Vault Kubernetes auth mount of an environment's cluster. */
export function vaultAuthMount(environment: string): string {
  return `kubernetes-${environment}`;
}

export function buildSecretStore(ctx: ClusterContext): ClusterSecretStore | undefined {
  if (!ctx.env.features.externalSecrets) return undefined;
  return new ClusterSecretStore({
    metadata: { name: PLATFORM_NAMES.secretStore, labels: platformLabels(ctx.env) },
    spec: {
      provider: {
        vault: {
          server: centralEndpoint(ctx, "vault", VAULT_IN_CLUSTER),
          path: PLATFORM_NAMES.vaultKvMount,
          version: "v2",
          auth: {
            kubernetes: {
              mountPath: vaultAuthMount(ctx.env.name),
              role: "external-secrets",
              serviceAccountRef: { name: "external-secrets", namespace: COMPONENT_CATALOG.externalSecrets.namespace },
            },
          },
        },
      },
    },
  });
}
