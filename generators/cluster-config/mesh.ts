// Mesh-wide mutual TLS: a STRICT PeerAuthentication in Istio's root namespace, so no meshed workload
// accepts plain text.
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

export function buildPeerAuthentication(ctx: ClusterContext): PeerAuthentication | undefined {
  if (!ctx.env.features.mesh) return undefined;
  return new PeerAuthentication({
    metadata: { name: "default", namespace: COMPONENT_CATALOG.istiod.namespace, labels: platformLabels(ctx.env) },
    spec: { mtls: { mode: "STRICT" } },
  });
}
