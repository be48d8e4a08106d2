// The ACME ClusterIssuer (Let's Encrypt): HTTP-01 through the gateway, or DNS-01 with the cloud's DNS.
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import type { IACMEChallengeSolver } from "@kubernetes-models/cert-manager/acme.cert-manager.io/v1/ACMEChallengeSolver";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

const LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

function solver(ctx: ClusterContext): IACMEChallengeSolver {
  const { env, model } = ctx;
  if (model.certificates.challenge === "dns01") {
    const cloud = env.cloud;
    if (cloud.provider === "aws") return { dns01: { route53: { region: cloud.region } } };
    return {
      dns01: {
        azureDNS: {
          subscriptionID: cloud.subscriptionId,
          resourceGroupName: `${model.platform.name}-dns`,
          hostedZoneName: model.platform.domain,
          environment: "AzurePublicCloud" as const,
        },
      },
    };
  }
  const gateway = env.features.gateway;
  if (gateway?.controller === "ingress-nginx")
    return { http01: { ingress: { ingressClassName: PLATFORM_NAMES.ingressClass } } };
  return {
    http01: {
      // Challenges are answered on the plain-HTTP listener of every Gateway of the environment.
      gatewayHTTPRoute: {
        // Let's Encrypt reaches only the public Gateways; internal hosts need DNS-01 (a warning says so).
        parentRefs: ctx.model.gateways
          .get(env.name)!
          .gateways.filter((g) => !g.internal)
          .map((g) => ({
            group: "gateway.networking.k8s.io",
            kind: "Gateway",
            name: g.name,
            namespace: gateway?.namespace ?? "default",
            sectionName: "http",
          })),
      },
    },
  };
}

export function buildClusterIssuer(ctx: ClusterContext): ClusterIssuer | undefined {
  if (!ctx.env.features.certManager) return undefined;
  return new ClusterIssuer({
    metadata: { name: PLATFORM_NAMES.clusterIssuer, labels: platformLabels(ctx.env) },
    spec: {
      acme: {
        server: LETS_ENCRYPT,
        email: ctx.model.certificates.acmeEmail,
        privateKeySecretRef: { name: `${PLATFORM_NAMES.clusterIssuer}-account-key` },
        solvers: [solver(ctx)],
      },
    },
  });
}
