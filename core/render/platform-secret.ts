// Secrets of the central components (Jenkins credentials, DevLake's encryption key and API key, Grafana's
// admin) come from the platform's Vault paths of their environment (`<env>/platform/...`) through the
// platform's ClusterSecretStore, never from Git.
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import type { ComponentKey } from "../../schema/component-catalog.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { PLATFORM_NAMES, vaultPlatformPath } from "../names.ts";
import type { ResolvedConfig } from "../resolved.ts";

/** Central components that read platform secrets from the platform store, besides ArgoCD. */
export const SECRET_READERS: readonly ComponentKey[] = ["backstage", "jenkins", "devlake", "kubePrometheusStack"];

/** Namespaces allowed to use the platform store: ArgoCD's, and those of the installed readers. */
export function platformSecretNamespaces(model: ResolvedConfig): string[] {
  const readers = SECRET_READERS.filter((key) => model.installed(key)).map((key) => COMPONENT_CATALOG[key].namespace);
  const hub = model.environments.find((e) => e.isManagement);
  const custom = model.customComponents
    .filter((c) => c.secrets.length > 0 && c.environments.some((e) => e === hub))
    .map((c) => c.namespace);
  return [...new Set([model.platform.argocdNamespace, ...readers, ...custom])];
}

export interface PlatformSecretSpec {
  readonly name: string;
  readonly namespace: string;
  /** The environment whose cluster reads it: the platform paths read are that environment's. */
  readonly environment: string;
  /** Secret key → Vault path (relative to the environment's platform prefix: `jenkins/ghcr`) and property. */
  readonly data: Readonly<Record<string, { readonly path: string; readonly property: string }>>;
  readonly labels: Readonly<Record<string, string>>;
  /** The store it reads through: the platform's ClusterSecretStore unless given (a custom component's own on a spoke). */
  readonly store?: { readonly kind: "SecretStore" | "ClusterSecretStore"; readonly name: string };
  /** Labels and annotations of the Secret it creates (Jenkins credentials are described by them). */
  readonly template?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
}

/** An ExternalSecret that creates one Secret from platform Vault paths of its environment. */
export function platformExternalSecret(spec: PlatformSecretSpec): ExternalSecret {
  return new ExternalSecret({
    metadata: { name: spec.name, namespace: spec.namespace, labels: { ...spec.labels } },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: spec.store ?? { kind: "ClusterSecretStore", name: PLATFORM_NAMES.platformSecretStore },
      target: {
        name: spec.name,
        creationPolicy: "Owner",
        ...(spec.template
          ? {
              template: {
                metadata: {
                  ...(spec.template.labels ? { labels: spec.template.labels } : {}),
                  ...(spec.template.annotations ? { annotations: spec.template.annotations } : {}),
                },
                mergePolicy: "Merge" as const,
              },
            }
          : {}),
      },
      data: Object.entries(spec.data)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, ref]) => ({
          secretKey: key,
          remoteRef: { key: vaultPlatformPath(spec.environment, ref.path), property: ref.property },
        })),
    },
  });
}
