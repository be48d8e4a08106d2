// Cluster-wide platform objects per environment, in the groups of core/runtime/config-groups.ts: each file is
// one group, synced with the component that creates its namespace or by an Application of its own, at the wave
// the bootstrap graph gives it.
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import { platformNetworkPath } from "../../core/names.ts";
import { emit, recordSources } from "../../core/provenance.ts";
import { withSyncWave } from "../../core/render/sync-wave.ts";
import { groupWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { configFilePath } from "../../core/runtime/placement.ts";
import type { Generator } from "../generator.ts";
import { buildCheCluster } from "./che.ts";
import { buildPeerAuthentication } from "./mesh.ts";
import { buildClusterSecrets } from "./cluster-secrets.ts";
import { buildExternalDnsAzureConfig } from "./external-dns.ts";
import type { ClusterContext } from "./context.ts";
import { buildCentralRoutes, buildGateway } from "./gateway.ts";
import { buildClusterIssuer } from "./issuer.ts";
import { buildCustomSecrets } from "./custom-secrets.ts";
import { buildJenkinsCredentials } from "./jenkins.ts";
import { buildObservability } from "./observability.ts";
import { buildPlatformNetwork } from "./platform-network.ts";
import { buildSecretStore } from "./secret-store.ts";
import { buildStorageClass } from "./storage.ts";
import { buildVaultTokenReview } from "./vault-auth.ts";

type Part = readonly [name: string, build: (ctx: ClusterContext) => readonly (KubernetesObject | undefined)[]];

/** One file per part (a group of core/runtime/config-groups.ts), in the order ArgoCD shows them. */
const PARTS: readonly Part[] = [
  ["storage", (ctx) => [buildStorageClass(ctx)]],
  ["secret-store", (ctx) => [buildSecretStore(ctx)]],
  ["cluster-issuer", (ctx) => [buildClusterIssuer(ctx)]],
  ["gateway", buildGateway],
  ["external-dns", (ctx) => [buildExternalDnsAzureConfig(ctx)]],
  ["central-routes", buildCentralRoutes],
  ["observability", buildObservability],
  ["argocd-clusters", buildClusterSecrets],
  ["che", (ctx) => [buildCheCluster(ctx)]],
  ["jenkins-credentials", buildJenkinsCredentials],
  ["custom-secrets", buildCustomSecrets],
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
      objects: withSyncWave(policies, groupWaveOf(model, env.name, `network/${namespace}`)),
    })),
  );
}

/** The group of core/runtime/config-groups.ts an object of a part belongs to. */
function groupKey(part: string, object: KubernetesObject, namespace: string | undefined): string {
  // Routes are a group per namespace: each travels with its own namespace's component.
  if ((part === "central-routes" || part === "custom-secrets") && namespace !== undefined)
    return `${part}/${namespace}`;
  // A Gateway's redirect attaches to its HTTP listener: after the Gateway.
  if (part === "gateway" && (object.toJSON() as { kind?: string }).kind === "HTTPRoute") return "gateway-redirects";
  return part;
}

export const generateClusterConfig: Generator = (model) =>
  model.environments.flatMap((env) => {
    const ctx: ClusterContext = { model, env };
    return [
      ...platformNetworkFiles(ctx),
      ...PARTS.flatMap(([name, build]): OutputFile[] => {
        // Objects go where their namespace exists when they sync (core/runtime/placement.ts), each at the wave
        // its group has inside the Application that syncs it.
        const byPath = new Map<string, KubernetesObject[]>();
        const { sources } = recordSources(() => {
          for (const object of build(ctx)) {
            if (object === undefined) continue;
            const namespace = (object.toJSON() as { metadata?: { namespace?: string } }).metadata?.namespace;
            const path = configFilePath(model, env, namespace, `${name}.yaml`);
            const wave = groupWaveOf(model, env.name, groupKey(name, object, namespace));
            byPath.set(path, [...(byPath.get(path) ?? []), ...withSyncWave([object], wave)]);
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
