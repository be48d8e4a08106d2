// Default-deny ingress in every platform namespace, plus exactly the flows the platform needs
// (core/runtime/platform-flows.ts). One file per namespace, synced with the first component installed
// there (the namespace exists from that component's sync on).
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { platformFlows, type PlatformFlow } from "../../core/runtime/platform-flows.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { platformLabels } from "./context.ts";

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40)
    .replace(/-$/, "");

function allow(flow: PlatformFlow, index: number, env: ResolvedEnvironment): NetworkPolicy {
  const from =
    flow.from === "any"
      ? undefined
      : flow.from.map((n) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n } } }));
  return new NetworkPolicy({
    metadata: {
      name: `allow-${index + 1}-${slug(flow.why)}`,
      namespace: flow.to,
      labels: platformLabels(env),
      annotations: { "fawkes.dev/why": flow.why },
    },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [
        {
          ...(from ? { from } : {}),
          ...(flow.ports.length > 0 ? { ports: flow.ports.map((port) => ({ protocol: "TCP" as const, port })) } : {}),
        },
      ],
    },
  });
}

/** The NetworkPolicies of each platform namespace of a cluster, by namespace. */
export function buildPlatformNetwork(model: ResolvedConfig, env: ResolvedEnvironment): Map<string, NetworkPolicy[]> {
  const byNamespace = new Map<string, NetworkPolicy[]>();
  for (const flow of platformFlows(model, env)) {
    const list = byNamespace.get(flow.to) ?? [
      new NetworkPolicy({
        metadata: { name: "default-deny-ingress", namespace: flow.to, labels: platformLabels(env) },
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
      }),
    ];
    list.push(allow(flow, list.length - 1, env));
    byNamespace.set(flow.to, list);
  }
  return byNamespace;
}
