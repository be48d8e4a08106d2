// Cluster-wide platform objects per environment, synced after the components whose CRDs they use.
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import { clusterConfigDir, platformNetworkPath } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
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
];

/** One file of NetworkPolicies per platform namespace (see platform-network.ts). */
function platformNetworkFiles(ctx: ClusterContext): OutputFile[] {
  const { model, env } = ctx;
  return [...buildPlatformNetwork(model, env)].map(([namespace, policies]) =>
    emit(() => ({ type: "objects", environment: env.name, path: platformNetworkPath(env.name, namespace), origin: ["environments", env.name], objects: policies })),
  );
}

export const generateClusterConfig: Generator = (model) =>
  model.environments.flatMap((env) => {
    const ctx: ClusterContext = { model, env };
    return [...platformNetworkFiles(ctx), ...PARTS.flatMap(([name, build]): OutputFile[] => {
      const file = emit(() => ({
        type: "objects",
        environment: env.name,
        path: `${clusterConfigDir(env.name)}/${name}.yaml`,
        origin: ["environments", env.name],
        objects: build(ctx).filter((o): o is KubernetesObject => o !== undefined),
      }));
      return file.type === "objects" && file.objects.length > 0 ? [file] : [];
    })];
  });
