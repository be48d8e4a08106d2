// Exposure: an HTTPRoute attached to the environment's Gateway (Gateway API), or an Ingress when the legacy
// ingress-nginx controller is chosen.
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { objectMeta, type WorkloadContext } from "./context.ts";

export function buildRoute(ctx: WorkloadContext): HTTPRoute | Ingress | undefined {
  const { deployment, service } = ctx;
  const gateway = deployment.environment.features.gateway;
  if (deployment.host === undefined || service.port === undefined || !gateway) return undefined;
  const path = deployment.exposePath ?? "/";
  if (gateway.controller === "ingress-nginx") {
    return new Ingress({
      metadata: { ...objectMeta(ctx), annotations: { "cert-manager.io/cluster-issuer": PLATFORM_NAMES.clusterIssuer } },
      spec: {
        ingressClassName: PLATFORM_NAMES.ingressClass,
        tls: [{ hosts: [deployment.host], secretName: `${service.name}-tls` }],
        rules: [
          {
            host: deployment.host,
            http: {
              paths: [
                {
                  path,
                  pathType: "Prefix",
                  backend: {
                    service: { name: service.name, port: service.chart ? { number: service.port } : { name: "http" } },
                  },
                },
              ],
            },
          },
        ],
      },
    });
  }
  return new HTTPRoute({
    metadata: objectMeta(ctx),
    spec: {
      parentRefs: [
        {
          group: "gateway.networking.k8s.io",
          kind: "Gateway",
          name: ctx.model.gateways.get(deployment.environment.name)!.gatewayOf.get(deployment.host)!,
          namespace: gateway.namespace,
        },
      ],
      hostnames: [deployment.host],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: path } }],
          backendRefs: [{ group: "", kind: "Service", name: service.name, port: service.port }],
        },
      ],
    },
  });
}
