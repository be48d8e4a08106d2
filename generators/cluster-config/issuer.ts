// The ACME ClusterIssuer (Let's Encrypt): HTTP-01 through the public gateway, or DNS-01 in the cloud's DNS zone
// (Route 53 or Azure DNS), which validates internal hosts as well.
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import type { IACMEChallengeSolver } from "@kubernetes-models/cert-manager/acme.cert-manager.io/v1/ACMEChallengeSolver";
import { PLATFORM_NAMES } from "../../core/names.ts";
import type { ResolvedDnsZone, ResolvedEnvironment } from "../../core/resolved.ts";
import { dnsWriters } from "../../core/runtime/dns.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

const LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

/** DNS-01 in the cloud's zone, through cert-manager's workload identity (ambient credentials of a ClusterIssuer). */
function dns01Solver(env: ResolvedEnvironment, zone: ResolvedDnsZone, clientId?: string): IACMEChallengeSolver {
  // Route 53 is global; its API client still wants a region: the cluster's.
  if (zone.provider === "route53" && env.cloud.provider === "aws")
    return { dns01: { route53: { region: env.cloud.region, hostedZoneID: zone.hostedZoneId } } };
  if (zone.provider !== "azure-dns") throw new Error(`a ${zone.provider} zone on ${env.cloud.provider}`);
  return {
    dns01: {
      azureDNS: {
        subscriptionID: zone.subscriptionId,
        resourceGroupName: zone.resourceGroup,
        hostedZoneName: zone.zone,
        environment: "AzurePublicCloud" as const,
        // The identity's client id is also on the service account; naming it here makes the issuer self-describing.
        ...(clientId === undefined ? {} : { managedIdentity: { clientID: clientId } }),
      },
    },
  };
}

function solver(ctx: ClusterContext): IACMEChallengeSolver {
  const { env, model } = ctx;
  if (model.certificates.challenge === "dns01") {
    const writer = dnsWriters(model, env).find((w) => w.key === "certManager");
    // Validation requires a zone for DNS-01 on every cloud that runs cert-manager.
    if (!writer) throw new Error(`DNS-01 in ${env.name} without a DNS zone`);
    return dns01Solver(env, writer.zone, writer.azureClientId);
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
