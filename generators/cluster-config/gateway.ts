// The environment's Gateways (NGINX Gateway Fabric): plain HTTP only redirects; one HTTPS listener per host,
// with a certificate from cert-manager's Gateway integration. Routes attach from Fawkes-managed namespaces.
// More than 63 hosts are spread over several Gateways (see core/gateway-plan.ts).
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { CENTRAL_ROUTES, PLATFORM_NAMES, centralHosts } from "../../core/names.ts";
import { loadBalancerAnnotations } from "../../core/render/load-balancer.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

/** A listener name (a DNS label) for a host: `https-` and the host with dots as dashes, kept under 63. */
export function listenerName(host: string): string {
  const name = `https-${host.replace(/\./g, "-")}`;
  return name.length <= 63 ? name : name.slice(0, 63).replace(/-+$/, "");
}

/** Clients outside the mesh (the internet, the load balancer's health checks) reach the data plane pods only
 *  if ztunnel does not demand mutual TLS of them: their inbound traffic bypasses capture, outbound stays meshed. */
const BYPASS_INBOUND_CAPTURE = { "ambient.istio.io/bypass-inbound-capture": "true" };

/** What the Gateway's data plane (its Service and pods) gets from the Gateway: load balancer kind, mesh bypass. */
function infrastructureAnnotations(ctx: ClusterContext, internal: boolean): Record<string, string> {
  return {
    ...loadBalancerAnnotations(ctx.env.cloud.provider, internal),
    ...(ctx.env.features.mesh ? BYPASS_INBOUND_CAPTURE : {}),
  };
}

export function buildGateway(ctx: ClusterContext): (Gateway | HTTPRoute)[] {
  const gateway = ctx.env.features.gateway;
  if (!gateway || gateway.controller !== "nginx-gateway-fabric") return [];
  const fromFawkes = {
    namespaces: { from: "Selector" as const, selector: { matchLabels: { "app.kubernetes.io/managed-by": "fawkes" } } },
  };
  const labels = platformLabels(ctx.env);
  return ctx.model.gateways.get(ctx.env.name)!.gateways.flatMap(({ name, hosts, internal }) => [
    new Gateway({
      metadata: {
        name,
        namespace: gateway.namespace,
        labels,
        ...(ctx.env.features.certManager
          ? { annotations: { "cert-manager.io/cluster-issuer": PLATFORM_NAMES.clusterIssuer } }
          : {}),
      },
      spec: {
        gatewayClassName: "nginx",
        infrastructure: { annotations: infrastructureAnnotations(ctx, internal) },
        listeners: [
          { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
          ...hosts.map((host) => ({
            name: listenerName(host),
            hostname: host,
            protocol: "HTTPS" as const,
            port: 443,
            tls: {
              mode: "Terminate" as const,
              certificateRefs: [{ group: "", kind: "Secret", name: `${listenerName(host)}-tls` }],
            },
            allowedRoutes: fromFawkes,
          })),
        ],
      },
    }),
    new HTTPRoute({
      metadata: { name: `${name}-https-redirect`, namespace: gateway.namespace, labels },
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name, sectionName: "http" }],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    }),
  ]);
}

/** HTTPRoutes of the central UIs, in the management environment. */
export function buildCentralRoutes(ctx: ClusterContext): HTTPRoute[] {
  const { model, env } = ctx;
  const gateway = env.features.gateway;
  if (!env.isManagement || gateway?.controller !== "nginx-gateway-fabric") return [];
  const hosts = centralHosts(model.platform.domain);
  const plan = model.gateways.get(env.name)!;
  return Object.entries(CENTRAL_ROUTES).flatMap(([name, route]) => {
    const component = model.installed(route.component);
    if (!component?.environments.includes(env)) return [];
    return [
      new HTTPRoute({
        metadata: { name, namespace: component.definition.namespace, labels: platformLabels(env) },
        spec: {
          parentRefs: [
            {
              group: "gateway.networking.k8s.io",
              kind: "Gateway",
              name: plan.gatewayOf.get(hosts[name]!)!,
              namespace: gateway.namespace,
            },
          ],
          hostnames: [hosts[name]!],
          rules: [{ backendRefs: [{ group: "", kind: "Service", name: route.service, port: route.port }] }],
        },
      }),
    ];
  });
}
