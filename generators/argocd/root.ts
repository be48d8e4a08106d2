import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { ResolvedPlatform } from "../../core/resolved.ts";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { appMeta } from "./common.ts";

/** The one object applied by hand: it syncs everything under `out/platform/apps/`, itself included. */
export function buildRootApplication(platform: ResolvedPlatform): Application {
  return new Application({
    metadata: appMeta(platform, `${platform.name}-root`),
    spec: {
      project: "default",
      source: {
        repoURL: platform.repoURL,
        targetRevision: platform.revision,
        path: OUTPUT_PATHS.apps,
        directory: { recurse: true, include: "*.yaml" },
      },
      destination: { name: "in-cluster", namespace: platform.argocdNamespace },
      // On day 0 a wave waits for steps done by hand (Vault's init, DNS, seeding, docs/bootstrap.md): the root
      // keeps retrying until they are done, instead of giving up after the default five attempts.
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        retry: { limit: -1, backoff: { duration: "30s", factor: 2, maxDuration: "5m" } },
      },
    },
  });
}
