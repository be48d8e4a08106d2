// Secrets of components the catalog does not know (`components.custom.<name>.secrets`): an ExternalSecret per
// declared Secret, in the component's namespace, from its Vault path. In the management cluster through the
// platform's ClusterSecretStore; in the other clusters through a SecretStore of the component's own, whose
// Vault role (on that cluster's auth mount) reads exactly the component's paths of that environment.
import type { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { SecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { KubernetesObject } from "../../core/file-tree.ts";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { platformExternalSecret } from "../../core/render/platform-secret.ts";
import { vaultStoreProvider } from "../../core/render/vault-provider.ts";
import type { ResolvedCustomComponent } from "../../core/resolved.ts";
import { customVaultIdentity } from "../../core/runtime/vault-access.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

export function buildCustomSecrets(ctx: ClusterContext): KubernetesObject[] {
  const { model, env } = ctx;
  if (!env.features.externalSecrets) return [];
  return model.customComponents
    .filter((c) => c.environments.includes(env) && c.secrets.length > 0)
    .flatMap((c) => (env.isManagement ? customExternalSecrets(ctx, c) : spokeSecrets(ctx, c)));
}

function customExternalSecrets(
  ctx: ClusterContext,
  c: ResolvedCustomComponent,
  store?: { kind: "SecretStore"; name: string },
): ExternalSecret[] {
  return c.secrets.map((secret) =>
    platformExternalSecret({
      name: secret.name,
      namespace: c.namespace,
      environment: ctx.env.name,
      labels: platformLabels(ctx.env),
      ...(store ? { store } : {}),
      data: Object.fromEntries(secret.keys.map((key) => [key, { path: secret.vaultPath, property: key }])),
    }),
  );
}

/** Outside the management cluster: the component's own store and its service account, then its ExternalSecrets. */
function spokeSecrets(ctx: ClusterContext, c: ResolvedCustomComponent): KubernetesObject[] {
  const identity = customVaultIdentity(c, ctx.env);
  if (!identity || !ctx.env.features.vaultAddress) return [];
  const metadata = { namespace: c.namespace, labels: platformLabels(ctx.env) };
  return [
    new ServiceAccount({ metadata: { ...metadata, name: PLATFORM_NAMES.secretStoreServiceAccount } }),
    new SecretStore({
      metadata: { ...metadata, name: PLATFORM_NAMES.secretStore },
      spec: {
        provider: vaultStoreProvider(ctx.env.features.vaultAddress, ctx.env.name, identity.role, {
          name: PLATFORM_NAMES.secretStoreServiceAccount,
        }),
      },
    }),
    ...customExternalSecrets(ctx, c, { kind: "SecretStore", name: PLATFORM_NAMES.secretStore }),
  ];
}
