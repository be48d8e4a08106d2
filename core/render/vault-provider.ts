// The Vault provider of an External Secrets store: the KV v2 mount, read with a Kubernetes-auth role of the
// environment's cluster. Shared by the platform's ClusterSecretStore and every team's SecretStore.
import { PLATFORM_NAMES, vaultAuthMount } from "../names.ts";

export function vaultStoreProvider(
  server: string,
  environment: string,
  role: string,
  serviceAccount: { name: string; namespace?: string },
) {
  return {
    vault: {
      server,
      path: PLATFORM_NAMES.vaultKvMount,
      version: "v2" as const,
      auth: { kubernetes: { mountPath: vaultAuthMount(environment), role, serviceAccountRef: serviceAccount } },
    },
  };
}
