// Secrets of components the catalog does not know (`components.custom.<name>.secrets`): an ExternalSecret per
// declared Secret, in the component's namespace, from its Vault path through the platform's ClusterSecretStore.
import type { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { platformExternalSecret } from "../../core/render/platform-secret.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

export function buildCustomSecrets(ctx: ClusterContext): ExternalSecret[] {
  const { model, env } = ctx;
  if (!env.isManagement || !env.features.externalSecrets) return [];
  return model.customComponents
    .filter((c) => c.environments.includes(env))
    .flatMap((c) =>
      c.secrets.map((secret) =>
        platformExternalSecret({
          name: secret.name,
          namespace: c.namespace,
          environment: env.name,
          labels: platformLabels(env),
          data: Object.fromEntries(secret.keys.map((key) => [key, { path: secret.vaultPath, property: key }])),
        }),
      ),
    );
}
