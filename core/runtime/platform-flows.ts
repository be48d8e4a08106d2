// The traffic the platform's own namespaces must accept in one cluster, and nothing more: each flow names
// who calls, what it reaches, on which ports and why. NetworkPolicies (ingress default-deny plus these
// flows) and the zero-trust page are both built from this list. Egress of platform components stays open:
// they reach the cloud's APIs, registries and ACME by name, which a NetworkPolicy cannot express.
import { CHART_FACTS } from "../../schema/chart-facts/index.ts";
import { COMPONENT_CATALOG, COMPONENT_KEYS, type ComponentKey } from "../../schema/component-catalog.ts";
import { CENTRAL_ROUTES } from "../names.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { renderedFacts } from "./component-modes.ts";

export interface PlatformFlow {
  /** Namespace the flow enters. */
  readonly to: string;
  /** Calling namespaces; `"any"` for webhooks (the API server's address is the control plane's) and the internet. */
  readonly from: readonly string[] | "any";
  /** Ports (number or named container port); empty means every port. */
  readonly ports: readonly (number | string)[];
  readonly why: string;
}

const ns = (key: ComponentKey): string => COMPONENT_CATALOG[key].namespace;

/** Components whose pods call meshed services: under STRICT mutual TLS their namespaces join the mesh too. */
export const MESHED_COMPONENTS: ReadonlySet<ComponentKey> = new Set(["gateway", "ingressNginx", "kubePrometheusStack"]);

/** Target ports of a component's Services, by Service name. */
function targetPort(key: ComponentKey, service: string, port: number): number | string | undefined {
  const svc = CHART_FACTS[key].services.find((s) => s.name === service);
  return svc?.ports.find((p) => p.port === port)?.targetPort;
}

/** A named target port as the number its pod's container declares (NetworkPolicies accept both; numbers read plainly). */
function containerPort(key: ComponentKey, service: string, target: number | string): number | string {
  if (typeof target === "number") return target;
  const selects = CHART_FACTS[key].services.find((s) => s.name === service)?.selects;
  const pod = CHART_FACTS[key].pods.find((p) => p.name === selects);
  return pod?.containers.flatMap((c) => c.ports).find((p) => p.name === target)?.containerPort ?? target;
}

export function platformFlows(model: ResolvedConfig, env: ResolvedEnvironment): PlatformFlow[] {
  const installed = model.components.filter((c) => c.environments.includes(env));
  const on = (key: ComponentKey) => installed.some((c) => c.key === key);
  const serves = (key: ComponentKey, service: string) =>
    installed.some((c) => c.key === key && renderedFacts(c, env).services.some((s) => s.name === service));
  const teams = model.teams.map((t) => t.namespace);
  const flows: PlatformFlow[] = [];
  const add = (flow: PlatformFlow) => flows.push(flow);

  // 1. Every platform namespace: its own pods talk to each other, Prometheus scrapes them.
  for (const namespace of new Set(installed.map((c) => c.definition.namespace))) {
    add({
      to: namespace,
      from: [namespace],
      ports: [],
      why: "the component's own pods (controllers, caches, databases, CI agents)",
    });
    if (on("kubePrometheusStack") && namespace !== ns("kubePrometheusStack"))
      add({
        to: namespace,
        from: [ns("kubePrometheusStack")],
        ports: [],
        why: "Prometheus scrapes the component's metrics",
      });
  }
  // 2. Admission webhooks, called by the API server: those the component's chart renders here.
  for (const component of installed) {
    const ports = new Set<number | string>();
    for (const webhook of renderedFacts(component, env).webhooks) {
      const [service, port] = webhook.service.split(":");
      const target = targetPort(component.key, service!, Number(port));
      if (target !== undefined) ports.add(target);
    }
    if (ports.size > 0)
      add({
        to: component.definition.namespace,
        from: "any",
        ports: [...ports],
        why: `the API server calls ${component.definition.title}'s admission webhooks`,
      });
    // Aggregated APIs: the API server proxies their group to the Service's target port.
    const apis = CHART_FACTS[component.key].apiServices ?? [];
    const apiPorts = new Set(
      apis.flatMap((api) => {
        const [service, port] = api.service.split(":");
        const target = targetPort(component.key, service!, Number(port));
        return target === undefined ? [] : [containerPort(component.key, service!, target)];
      }),
    );
    if (apiPorts.size > 0)
      add({
        to: component.definition.namespace,
        from: "any",
        ports: [...apiPorts],
        why: `the API server calls ${component.definition.title}'s aggregated API (${apis.map((a) => a.group).join(", ")})`,
      });
  }
  // 3. The gateway's data plane faces clients; central UIs and endpoints are reached through it.
  const gateway = env.features.gateway;
  if (gateway)
    add({
      to: gateway.namespace,
      from: "any",
      ports: [80, 443],
      why: "clients (the internet, or the private network on internal Gateways) reach the gateway's listeners",
    });
  if (gateway && env.isManagement) {
    for (const route of Object.values(CENTRAL_ROUTES)) {
      const component = COMPONENT_CATALOG[route.component];
      const target = targetPort(route.component, route.service, route.port) ?? route.port;
      if (on(route.component))
        add({
          to: component.namespace,
          from: [gateway.namespace],
          ports: [target],
          why: `the gateway routes ${route.service} (${route.internal ? "internal" : "public"})`,
        });
    }
  }
  // 4. What workloads and components call on each other. Vault's server runs where its Service renders
  // (the management cluster); elsewhere only its injector runs, and agents reach the server by its address.
  if (serves("vault", CENTRAL_ROUTES.vault.service))
    add({
      to: ns("vault"),
      from: [ns("externalSecrets"), ...teams],
      ports: [8200],
      why: "External Secrets and Vault Agents read secrets from Vault",
    });
  if (on("opentelemetryOperator"))
    add({
      to: ns("opentelemetryOperator"),
      from: teams,
      ports: [4317, 4318],
      why: "instrumented workloads send traces, metrics and logs to the collector (OTLP)",
    });
  const telemetry = [
    on("opentelemetryOperator") ? ns("opentelemetryOperator") : undefined,
    on("fluentBit") ? ns("fluentBit") : undefined,
  ].filter((n): n is string => n !== undefined);
  if (on("loki") && telemetry.length > 0)
    add({ to: ns("loki"), from: telemetry, ports: [3100], why: "the collector and Fluent Bit ship logs to Loki" });
  if (on("kubePrometheusStack") && on("opentelemetryOperator")) {
    add({
      to: ns("kubePrometheusStack"),
      from: [ns("opentelemetryOperator")],
      ports: [9090],
      why: "the collector remote-writes workload metrics to Prometheus",
    });
  }
  if (on("tempo") && on("opentelemetryOperator"))
    add({
      to: ns("tempo"),
      from: [ns("opentelemetryOperator")],
      ports: [4317, 4318],
      why: "the collector ships traces to Tempo",
    });
  if (on("devlake") && on("argocd"))
    add({
      to: ns("devlake"),
      from: [ns("argocd")],
      ports: [8080],
      why: "ArgoCD's notifications report deployments and incidents to DevLake",
    });
  if (on("backstage") && on("argocd"))
    add({
      to: ns("argocd"),
      from: [ns("backstage")],
      ports: [8080],
      why: "Backstage's ArgoCD plugin reads applications",
    });
  if (on("backstage") && on("jenkins"))
    add({ to: ns("jenkins"), from: [ns("backstage")], ports: [8080], why: "Backstage's Jenkins plugin reads builds" });
  return flows;
}

/** Labels a platform namespace carries (ArgoCD's managed namespace metadata), as the policies' selectors see them. */
export function platformNamespaceLabels(namespace: string): Record<string, string> {
  return { "kubernetes.io/metadata.name": namespace, "app.kubernetes.io/managed-by": "fawkes" };
}

/**
 * The component whose Application syncs a platform namespace's configuration (its NetworkPolicies, and whatever
 * else Fawkes puts there): the first installed there in catalog order (istio-base in istio-system,
 * kube-prometheus-stack in monitoring). Fixed by the catalog, not by sync waves, which depend on it.
 */
export function namespaceOwner(
  model: ResolvedConfig,
  env: ResolvedEnvironment,
  namespace: string,
): ComponentKey | undefined {
  return COMPONENT_KEYS.find((key) =>
    model.components.some((c) => c.key === key && c.environments.includes(env) && c.definition.namespace === namespace),
  );
}

/** The namespaces of the platform's components in a cluster. */
export function platformNamespaces(model: ResolvedConfig, env: ResolvedEnvironment): string[] {
  return [
    ...new Set(model.components.filter((c) => c.environments.includes(env)).map((c) => c.definition.namespace)),
  ].sort();
}
