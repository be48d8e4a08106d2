// Cluster-wide platform objects per environment, synced after the components whose CRDs they use.
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import type { Generator } from "../generator.ts";
import { clusterConfigDir } from "../paths.ts";
import { buildCheCluster } from "./che.ts";
import { buildPeerAuthentication } from "./mesh.ts";
import { buildClusterSecrets } from "./cluster-secrets.ts";
import type { ClusterContext } from "./context.ts";
import { buildCentralRoutes, buildGateway } from "./gateway.ts";
import { buildClusterIssuer } from "./issuer.ts";
import { buildObservability } from "./observability.ts";
import { buildSecretStore } from "./secret-store.ts";
import { buildStorageClass } from "./storage.ts";

export const generateClusterConfig: Generator = (model) => {
  const certManager = model.components.find((c) => c.key === "certManager");
  const acmeEmail = (certManager?.config as { acmeEmail?: string } | undefined)?.acmeEmail ?? "";
  return model.environments.flatMap((env) => {
    const ctx: ClusterContext = { model, env };
    const parts: [string, (KubernetesObject | undefined)[], string[]][] = [
      ["storage", [buildStorageClass(ctx)], ["clouds"]],
      ["secret-store", [buildSecretStore(ctx)], ["components.externalSecrets", "components.vault"]],
      ["cluster-issuer", [buildClusterIssuer(ctx, acmeEmail)], ["components.certManager"]],
      ["gateway", buildGateway(ctx), ["components.gateway", "services"]],
      ["central-routes", buildCentralRoutes(ctx), ["components"]],
      ["observability", buildObservability(ctx), ["components.opentelemetryOperator", "components.tempo"]],
      ["argocd-clusters", buildClusterSecrets(ctx), ["environments"]],
      ["che", [buildCheCluster(ctx)], ["components.che"]],
      ["mesh", [buildPeerAuthentication(ctx)], ["components.mesh"]],
    ];
    return parts.flatMap(([name, objects, sources]): OutputFile[] => {
      const present = objects.filter((o): o is KubernetesObject => o !== undefined);
      if (present.length === 0) return [];
      return [{ type: "objects", path: `${clusterConfigDir(env.name)}/${name}.yaml`, origin: ["environments", env.name], sources: ["platform", `environments.${env.name}`, ...sources], objects: present }];
    });
  });
};
