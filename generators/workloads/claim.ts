// Platform resources a service requests (`services.<name>.claims`): the claimed object in the service's
// namespace (its spec from the claim's template, the service's labels and hardening through the declared keys),
// and a NetworkPolicy for the pods its operator creates: the service in, the operator in, the pods to each
// other, and the Kubernetes API out when they call it. The service's own policy reaches them (network-policy.ts).
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INetworkPolicyEgressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule";
import type { INetworkPolicyIngressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule";
import * as z from "zod";
import { CustomObject } from "../../core/custom-object.ts";
import { SYNC_WAVE_ANNOTATION } from "../../core/names.ts";
import type { ResolvedClaim } from "../../core/resolved.ts";
import { SERVICE_OBJECT_WAVES } from "../../core/runtime/bootstrap-graph.ts";
import { apiServerCidr } from "../../core/runtime/api-server.ts";
import { claimSpec } from "../../core/runtime/claim-pods.ts";
import { objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** What every claimed object must be: a namespaced custom resource with a spec (its CRD validates the rest). */
export const claimObjectSchema = z
  .object({
    apiVersion: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/v[0-9]+((alpha|beta)[0-9]+)?$/),
    kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
    metadata: z
      .object({
        name: z.string().regex(DNS_LABEL, { message: "must be a DNS-1123 label" }),
        namespace: z.string().regex(DNS_LABEL),
        labels: z.record(z.string(), z.string()),
        annotations: z.record(z.string(), z.string()),
      })
      .strict(),
    spec: z.record(z.string(), z.unknown()),
  })
  .strict();

type ClaimObject = z.infer<typeof claimObjectSchema>;

const tcp = (port: number) => ({ protocol: "TCP" as const, port });
const inNamespace = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/** The claimed object, synced before the workload that reads its Secret, once its CRD is served. */
export function buildClaimObject(ctx: WorkloadContext, claim: ResolvedClaim): CustomObject<ClaimObject> {
  return new CustomObject(claimObjectSchema, {
    apiVersion: claim.apiVersion,
    kind: claim.kind,
    metadata: {
      ...objectMeta(ctx, claim.name),
      annotations: {
        [SYNC_WAVE_ANNOTATION]: String(SERVICE_OBJECT_WAVES.get("claim")!),
        // The CRD comes with the component's Application, which syncs first (core/runtime/bootstrap-sync.ts);
        // a dry run before it exists would fail the whole sync. The object holds data (a database): removing
        // the claim or the Application deletes it only once someone confirms in ArgoCD (sync options
        // Prune=confirm and Delete=confirm, argo-cd v3.3.6 docs/user-guide/sync-options.md; comma-separated,
        // gitops-engine/pkg/sync/resource/annotations.go).
        "argocd.argoproj.io/sync-options": "SkipDryRunOnMissingResource=true,Prune=confirm,Delete=confirm",
      },
    },
    spec: claimSpec(ctx.service, ctx.deployment, claim),
  });
}

/** The service's pods reach the claim's on its ports (an egress rule of the service's NetworkPolicy). */
export function claimEgress(ctx: WorkloadContext): INetworkPolicyEgressRule[] {
  return ctx.deployment.claims.map((claim) => ({
    to: [{ namespaceSelector: inNamespace(claim.namespace), podSelector: { matchLabels: { ...claim.selector } } }],
    ports: claim.definition.ports.map(tcp),
  }));
}

/** The traffic the claim's pods take part in, and nothing else. */
export function buildClaimNetworkPolicy(ctx: WorkloadContext, claim: ResolvedClaim): NetworkPolicy {
  const { definition } = claim;
  const own = { podSelector: { matchLabels: { ...claim.selector } } };
  const ingress: INetworkPolicyIngressRule[] = [
    {
      from: [{ podSelector: { matchLabels: selectorLabels(ctx) } }],
      ports: definition.ports.map(tcp),
    },
  ];
  if (definition.operatorPorts.length > 0)
    ingress.push({
      from: [{ namespaceSelector: inNamespace(claim.component.namespace) }],
      ports: definition.operatorPorts.map(tcp),
    });
  const egress: INetworkPolicyEgressRule[] = [];
  if (definition.peerPorts.length > 0) {
    ingress.push({ from: [own], ports: definition.peerPorts.map(tcp) });
    egress.push({ to: [own], ports: definition.peerPorts.map(tcp) });
  }
  // The API server is the control plane's, which no selector names: its private endpoint's network where it has
  // one, so the database's pods reach nothing else on 443.
  if (definition.apiServer)
    egress.push({ to: [{ ipBlock: { cidr: apiServerCidr(ctx.deployment.environment) } }], ports: [tcp(443)] });
  return new NetworkPolicy({
    metadata: { ...objectMeta(ctx, `${claim.name}-claim`) },
    spec: {
      podSelector: { matchLabels: { ...claim.selector } },
      policyTypes: ["Ingress", "Egress"],
      ingress,
      egress,
    },
  });
}

/** Every claimed object of the service here. */
export function buildClaimObjects(ctx: WorkloadContext): CustomObject<ClaimObject>[] {
  return ctx.deployment.claims.map((claim) => buildClaimObject(ctx, claim));
}

/** The NetworkPolicy of each claim's pods (after the service's own). */
export function buildClaimNetworkPolicies(ctx: WorkloadContext): NetworkPolicy[] {
  return ctx.deployment.claims.map((claim) => buildClaimNetworkPolicy(ctx, claim));
}
