// Per service: exactly the traffic the config declares. Ingress from callers (their `dependsOn`), the
// gateway and Prometheus; egress to dependencies, declared networks, cloud APIs and the trace collector.
// The namespace's default deny and DNS allowance are in the namespaces generator.
import type { INetworkPolicyEgressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule";
import type { INetworkPolicyIngressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { claimEgress } from "./claim.ts";
import { callersIn, objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";

/** Private ranges: excluded from "the internet" so a public-egress rule never opens the cluster network. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];
const OTLP_PORTS = [4317, 4318];
/** The ambient mesh carries pod-to-pod traffic over HBONE (mutual TLS) on this port. */
export const HBONE_PORT = 15008;
/** Kubelet health probes reach meshed pods from this link-local address (SNAT by the ambient CNI). */
const KUBELET_PROBES = "169.254.7.127/32";

const namespaceSelector = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });
const tcp = (port: number | string) => ({ protocol: "TCP" as const, port });
/** A service port, plus HBONE when the mesh carries it. */
const servicePorts = (port: number, mesh: boolean) => (mesh ? [tcp(port), tcp(HBONE_PORT)] : [tcp(port)]);

function ingressRules(ctx: WorkloadContext): INetworkPolicyIngressRule[] {
  const { service, deployment } = ctx;
  const features = deployment.environment.features;
  const rules: INetworkPolicyIngressRule[] = [];
  if (service.port !== undefined) {
    const callers = callersIn(ctx);
    if (callers.length > 0) {
      rules.push({
        from: callers.map((caller) => ({
          namespaceSelector: namespaceSelector(caller.namespace),
          podSelector: { matchLabels: { ...caller.selectorLabels } },
        })),
        ports: servicePorts(service.port, features.mesh),
      });
    }
    if (deployment.host !== undefined && features.gateway) {
      rules.push({
        from: [{ namespaceSelector: namespaceSelector(features.gateway.namespace) }],
        ports: servicePorts(service.port, features.mesh),
      });
    }
  }
  if (service.metricsPort !== undefined && features.monitoringNamespace) {
    rules.push({
      from: [{ namespaceSelector: namespaceSelector(features.monitoringNamespace) }],
      ports: servicePorts(service.metricsPort, features.mesh),
    });
  }
  // Probes must reach every probed pod, whether or not anything else may: without this a service nobody
  // calls never becomes ready under the namespace's default deny.
  const { liveness, readiness, startup } = deployment.probes;
  if (features.mesh && (liveness || readiness || startup))
    rules.push({ from: [{ ipBlock: { cidr: KUBELET_PROBES } }] });
  return rules;
}

function egressRules(ctx: WorkloadContext): INetworkPolicyEgressRule[] {
  const { service, deployment } = ctx;
  const rules: INetworkPolicyEgressRule[] = [];
  for (const target of deployment.dependsOn) {
    if (target.port === undefined) continue;
    rules.push({
      to: [
        {
          namespaceSelector: namespaceSelector(target.namespace),
          podSelector: { matchLabels: { ...target.selectorLabels } },
        },
      ],
      ports: servicePorts(target.port, deployment.environment.features.mesh),
    });
  }
  // Platform resources it claimed: their pods run outside the mesh, so plain ports (generators/workloads/claim.ts).
  rules.push(...claimEgress(ctx));
  for (const rule of deployment.egress) rules.push({ to: [{ ipBlock: { cidr: rule.cidr } }], ports: [tcp(rule.port)] });
  // Cloud APIs, for a workload identity.
  if (deployment.identity !== undefined)
    rules.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: PRIVATE_RANGES } }], ports: [tcp(443)] });
  // The Vault Agent: in the management cluster it reaches Vault's Service; elsewhere Vault's host, which is
  // the management cluster's internal Gateway, in the management environment's network.
  const { vaultAddress, vaultNetwork } = deployment.environment.features;
  if (service.secretDelivery === "vault-agent" && deployment.secrets.length > 0) {
    if (vaultNetwork) rules.push({ to: [{ ipBlock: { cidr: vaultNetwork } }], ports: [tcp(443)] });
    else if (vaultAddress?.startsWith("http://"))
      rules.push({
        to: [{ namespaceSelector: namespaceSelector(COMPONENT_CATALOG.vault.namespace) }],
        ports: servicePorts(8200, deployment.environment.features.mesh),
      });
  }
  if (deployment.environment.features.instrumentation && service.language) {
    rules.push({
      to: [{ namespaceSelector: namespaceSelector(COMPONENT_CATALOG.opentelemetryOperator.namespace) }],
      ports: OTLP_PORTS.map(tcp),
    });
  }
  return rules;
}

export function buildNetworkPolicy(ctx: WorkloadContext): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(ctx),
    spec: {
      podSelector: { matchLabels: selectorLabels(ctx) },
      policyTypes: ["Ingress", "Egress"],
      ingress: ingressRules(ctx),
      egress: egressRules(ctx),
    },
  });
}
