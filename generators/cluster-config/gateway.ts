// The environment's Gateway (NGINX Gateway Fabric): plain HTTP only redirects; one HTTPS listener per host,
// with a certificate from cert-manager's Gateway integration. Routes attach from Fawkes-managed namespaces.
import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { PLATFORM_NAMES, centralHosts } from "../../core/names.ts";
import { compareStrings } from "../../core/problems.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

/** Central UIs exposed in the management environment: component → its Service and port. */
export const CENTRAL_ROUTES = {
  argocd: { component: "argocd", service: "argocd-server", port: 80 },
  grafana: { component: "kubePrometheusStack", service: "kube-prometheus-stack-grafana", port: 80 },
  backstage: { component: "backstage", service: "backstage", port: 7007 },
  jenkins: { component: "jenkins", service: "jenkins", port: 8080 },
  vault: { component: "vault", service: "vault", port: 8200 },
  devlake: { component: "devlake", service: "devlake-ui", port: 4000 },
  // Ingestion endpoints the other clusters ship logs and traces to.
  loki: { component: "loki", service: "loki", port: 3100 },
  tempo: { component: "tempo", service: "tempo", port: 4318 },
} as const;

/** Every host the environment's Gateway serves: exposed services, and the central UIs in management. */
export function gatewayHosts(ctx: ClusterContext): string[] {
  const { model, env } = ctx;
  const hosts = model.services.flatMap((s) => s.deployments.filter((d) => d.environment === env && d.host !== undefined && s.port !== undefined).map((d) => d.host!));
  const central = centralHosts(model.platform.domain);
  for (const [name, route] of Object.entries(CENTRAL_ROUTES)) {
    if (model.components.some((c) => c.key === route.component && c.environments.includes(env))) hosts.push(central[name]!);
  }
  return [...new Set(hosts)].sort(compareStrings);
}

/** A listener name (a DNS label) for a host: `https-` and the host with dots as dashes, kept under 63. */
export function listenerName(host: string): string {
  const name = `https-${host.replace(/\./g, "-")}`;
  return name.length <= 63 ? name : name.slice(0, 63).replace(/-+$/, "");
}

export function buildGateway(ctx: ClusterContext): (Gateway | HTTPRoute)[] {
  const gateway = ctx.env.features.gateway;
  if (!gateway || gateway.controller !== "nginx-gateway-fabric") return [];
  const fromFawkes = { namespaces: { from: "Selector" as const, selector: { matchLabels: { "app.kubernetes.io/managed-by": "fawkes" } } } };
  const labels = platformLabels(ctx.env);
  return [
    new Gateway({
      metadata: {
        name: PLATFORM_NAMES.gateway,
        namespace: gateway.namespace,
        labels,
        ...(ctx.env.features.certManager ? { annotations: { "cert-manager.io/cluster-issuer": PLATFORM_NAMES.clusterIssuer } } : {}),
      },
      spec: {
        gatewayClassName: "nginx",
        listeners: [
          { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
          ...gatewayHosts(ctx).map((host) => ({
            name: listenerName(host),
            hostname: host,
            protocol: "HTTPS" as const,
            port: 443,
            tls: { mode: "Terminate" as const, certificateRefs: [{ group: "", kind: "Secret", name: `${listenerName(host)}-tls` }] },
            allowedRoutes: fromFawkes,
          })),
        ],
      },
    }),
    new HTTPRoute({
      metadata: { name: "https-redirect", namespace: gateway.namespace, labels },
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: PLATFORM_NAMES.gateway, sectionName: "http" }],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    }),
  ];
}

/** HTTPRoutes of the central UIs, in the management environment. */
export function buildCentralRoutes(ctx: ClusterContext): HTTPRoute[] {
  const { model, env } = ctx;
  const gateway = env.features.gateway;
  if (!env.isManagement || gateway?.controller !== "nginx-gateway-fabric") return [];
  const hosts = centralHosts(model.platform.domain);
  return Object.entries(CENTRAL_ROUTES).flatMap(([name, route]) => {
    const component = model.components.find((c) => c.key === route.component && c.environments.includes(env));
    if (!component) return [];
    return [
      new HTTPRoute({
        metadata: { name, namespace: component.definition.namespace, labels: platformLabels(env) },
        spec: {
          parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: PLATFORM_NAMES.gateway, namespace: gateway.namespace }],
          hostnames: [hosts[name]!],
          rules: [{ backendRefs: [{ group: "", kind: "Service", name: route.service, port: route.port }] }],
        },
      }),
    ];
  });
}
