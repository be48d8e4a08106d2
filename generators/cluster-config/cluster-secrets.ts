// Registration of the other clusters with the hub ArgoCD, declaratively: each cluster's credentials come
// from Vault through an ExternalSecret that renders ArgoCD's cluster secret. Never from Git.
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { PLATFORM_NAMES, vaultPlatformPath } from "../../core/names.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

/**
 * Vault path (in the KV mount) holding a cluster's API server and ArgoCD connection config: a platform path of
 * the management environment, whose ArgoCD reads it.
 */
export function clusterCredentialsPath(management: string, environment: string): string {
  return vaultPlatformPath(management, `clusters/${environment}`);
}

export function buildClusterSecrets(ctx: ClusterContext): ExternalSecret[] {
  const { model, env } = ctx;
  if (!env.isManagement || !env.features.externalSecrets) return [];
  return model.environments
    .filter((other) => !other.isManagement)
    .map(
      (other) =>
        new ExternalSecret({
          metadata: {
            name: `cluster-${other.name}`,
            namespace: model.platform.argocdNamespace,
            labels: platformLabels(env),
          },
          spec: {
            refreshInterval: "1h",
            secretStoreRef: { kind: "ClusterSecretStore", name: PLATFORM_NAMES.platformSecretStore },
            target: {
              name: `cluster-${other.name}`,
              creationPolicy: "Owner",
              template: {
                metadata: {
                  labels: { "argocd.argoproj.io/secret-type": "cluster", "fawkes.dev/environment": other.name },
                },
                data: { name: other.name, server: "{{ .server }}", config: "{{ .config }}" },
              },
            },
            data: ["server", "config"].map((key) => ({
              secretKey: key,
              remoteRef: { key: clusterCredentialsPath(env.name, other.name), property: key },
            })),
          },
        }),
    );
}
