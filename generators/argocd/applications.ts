// ArgoCD objects of the spine: the root Application (app of apps), the platform AppProject, and one
// Application per environment that syncs its team namespaces.
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { ResolvedEnvironment, ResolvedPlatform } from "../../core/resolved.ts";
import { APPS_DIR, namespacesDir } from "../paths.ts";

const PLATFORM_PROJECT = "platform";

/** Automated sync: prune and self-heal, except in protected environments, which never prune by themselves. */
export function syncPolicy(isProtected: boolean): Application["spec"]["syncPolicy"] {
  return {
    automated: { prune: !isProtected, selfHeal: true },
    syncOptions: ["CreateNamespace=false", "PrunePropagationPolicy=foreground"],
  };
}

/** The one object applied by hand: it syncs everything under `out/platform/apps/`, itself included. */
export function buildRootApplication(platform: ResolvedPlatform): Application {
  return new Application({
    metadata: {
      name: `${platform.name}-root`,
      namespace: platform.argocdNamespace,
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      project: "default",
      source: {
        repoURL: platform.repoURL,
        targetRevision: platform.revision,
        path: APPS_DIR,
        directory: { recurse: true, include: "*.yaml" },
      },
      destination: { name: "in-cluster", namespace: platform.argocdNamespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });
}

export function buildPlatformProject(platform: ResolvedPlatform, environments: readonly ResolvedEnvironment[]): AppProject {
  return new AppProject({
    metadata: {
      name: PLATFORM_PROJECT,
      namespace: platform.argocdNamespace,
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      description: "Platform components and team namespaces, managed by the platform team.",
      sourceRepos: [platform.repoURL],
      destinations: environments.map((env) => ({ name: env.argocdDestination.name, namespace: "*" })),
      clusterResourceWhitelist: [{ group: "*", kind: "*" }],
    },
  });
}

export function buildNamespacesApplication(platform: ResolvedPlatform, env: ResolvedEnvironment): Application {
  return new Application({
    metadata: {
      name: `namespaces-${env.name}`,
      namespace: platform.argocdNamespace,
      labels: { "fawkes.dev/environment": env.name },
      annotations: { "argocd.argoproj.io/sync-wave": "-40" },
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    },
    spec: {
      project: PLATFORM_PROJECT,
      source: { repoURL: platform.repoURL, targetRevision: platform.revision, path: namespacesDir(env.name) },
      destination: { name: env.argocdDestination.name },
      syncPolicy: syncPolicy(env.protected),
    },
  });
}
