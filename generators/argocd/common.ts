// Shared pieces of the ArgoCD objects: metadata, sync policies, the platform project's name.
import type { IApplicationSpec } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSpec";
import { SYNC_WAVE_ANNOTATION } from "../../core/names.ts";
import type { ResolvedEnvironment, ResolvedPlatform } from "../../core/resolved.ts";

export { PLATFORM_PROJECT } from "../../core/names.ts";
export const FINALIZER = "resources-finalizer.argocd.argoproj.io";

export function appMeta(platform: ResolvedPlatform, name: string, labels: Record<string, string> = {}, wave?: number) {
  return {
    name,
    namespace: platform.argocdNamespace,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(wave === undefined ? {} : { annotations: { [SYNC_WAVE_ANNOTATION]: String(wave) } }),
    finalizers: [FINALIZER],
  };
}

/** Automated sync: prune and self-heal, except in protected environments, which never prune by themselves. */
export function syncPolicy(
  isProtected: boolean,
  options: readonly string[] = ["CreateNamespace=false"],
): IApplicationSpec["syncPolicy"] {
  return {
    automated: { prune: !isProtected, selfHeal: true },
    syncOptions: [...options, "PrunePropagationPolicy=foreground"],
    retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
  };
}

export function gitSource(platform: ResolvedPlatform, path: string) {
  return { repoURL: platform.repoURL, targetRevision: platform.revision, path };
}

export function destination(env: ResolvedEnvironment, namespace?: string) {
  return { name: env.argocdDestination.name, ...(namespace ? { namespace } : {}) };
}
