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
    .slice(0, 56)
    .replace(/-$/, "");

/** A flow's policy is named after what it is for, never its position: adding a flow renames no other. */
function allow(flow: PlatformFlow, name: string, env: ResolvedEnvironment): NetworkPolicy {
  const from =
    flow.from === "any"
      ? undefined
      : flow.from.map((n) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n } } }));
  return new NetworkPolicy({
    metadata: {
      name,
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
    const base = `allow-${slug(flow.why)}`;
    const taken = new Set(list.map((p) => p.metadata!.name));
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    list.push(allow(flow, name, env));
    byNamespace.set(flow.to, list);
  }
  return byNamespace;
}
