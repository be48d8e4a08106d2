// Cluster-wide platform objects per environment, synced after the components whose CRDs they use.
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import { platformNetworkPath } from "../../core/names.ts";
import { emit, recordSources } from "../../core/provenance.ts";
import { configFilePath } from "../../core/runtime/placement.ts";
import type { Generator } from "../generator.ts";
import { buildCheCluster } from "./che.ts";
import { buildPeerAuthentication } from "./mesh.ts";
import { buildClusterSecrets } from "./cluster-secrets.ts";
import type { ClusterContext } from "./context.ts";
import { buildCentralRoutes, buildGateway } from "./gateway.ts";
import { buildClusterIssuer } from "./issuer.ts";
import { buildJenkinsCredentials } from "./jenkins.ts";
import { buildObservability } from "./observability.ts";
import { buildPlatformNetwork } from "./platform-network.ts";
import { buildSecretStore } from "./secret-store.ts";
import { buildStorageClass } from "./storage.ts";
import { buildVaultTokenReview } from "./vault-auth.ts";

type Part = readonly [name: string, build: (ctx: ClusterContext) => readonly (KubernetesObject | undefined)[]];

/** One file per part, in the order ArgoCD shows them. */
const PARTS: readonly Part[] = [
  ["storage", (ctx) => [buildStorageClass(ctx)]],
  ["secret-store", (ctx) => [buildSecretStore(ctx)]],
  ["cluster-issuer", (ctx) => [buildClusterIssuer(ctx)]],
  ["gateway", buildGateway],
  ["central-routes", buildCentralRoutes],
  ["observability", buildObservability],
  ["argocd-clusters", buildClusterSecrets],
  ["che", (ctx) => [buildCheCluster(ctx)]],
  ["jenkins-credentials", buildJenkinsCredentials],
  ["mesh", (ctx) => [buildPeerAuthentication(ctx)]],
  ["vault-auth", (ctx) => [buildVaultTokenReview(ctx)]],
];

/** One file of NetworkPolicies per platform namespace (see platform-network.ts). */
function platformNetworkFiles(ctx: ClusterContext): OutputFile[] {
  const { model, env } = ctx;
  return [...buildPlatformNetwork(model, env)].map(([namespace, policies]) =>
    emit(() => ({
      type: "objects",
      environment: env.name,
      path: platformNetworkPath(env.name, namespace),
      origin: ["environments", env.name],
      objects: policies,
    })),
  );
}

export const generateClusterConfig: Generator = (model) =>
  model.environments.flatMap((env) => {
    const ctx: ClusterContext = { model, env };
    return [
      ...platformNetworkFiles(ctx),
      ...PARTS.flatMap(([name, build]): OutputFile[] => {
        // Objects go where their namespace exists when they sync (core/runtime/placement.ts).
        const byPath = new Map<string, KubernetesObject[]>();
        const { sources } = recordSources(() => {
          for (const object of build(ctx)) {
            if (object === undefined) continue;
            const namespace = (object.toJSON() as { metadata?: { namespace?: string } }).metadata?.namespace;
            const path = configFilePath(model, env, namespace, `${name}.yaml`);
            byPath.set(path, [...(byPath.get(path) ?? []), object]);
          }
        });
        return [...byPath].map(([path, objects]) => ({
          type: "objects",
          environment: env.name,
          path,
          origin: ["environments", env.name],
          sources,
          objects,
        }));
      }),
    ];
  });
