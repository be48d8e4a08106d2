// The pods a claim makes its operator create in the service's namespace (a CloudNativePG Cluster's instances),
// from the pods the claim declares, as the object's spec renders them: the service's team and environment
// labels through the spec key the operator copies onto its pods, restricted security contexts through the
// declared keys, and the claim's own spec over both. The workloads generator writes this spec and the policy
// preflight admits these pods: what is admitted is what the object asks for.
import type { PodFact } from "../../schema/chart-facts/index.ts";
import type { Pod } from "../policy/evaluate.ts";
import { mergeValues, valuesAt, type Values } from "../render/helm-values.ts";
import type { ResolvedClaim, ResolvedDeployment, ResolvedService } from "../resolved.ts";
import { podOf } from "./chart-service-pods.ts";
import { hardenable, podHardeningValues, privilegesNeeded } from "./pod-security.ts";

export interface ClaimPod {
  readonly service: ResolvedService;
  readonly deployment: ResolvedDeployment;
  readonly claim: ResolvedClaim;
  readonly fact: PodFact;
  /** Its position in the claim's `pods`, which a denial points at. */
  readonly index: number;
  readonly needs: readonly string[];
  readonly pod: Pod;
}

/** The ambient mesh leaves a pod with this label alone (plain TCP in and out). */
export const MESH_OPT_OUT = { key: "istio.io/dataplane-mode", value: "none" } as const;

/** Label keys the claim's pods must not get from the service: those selecting the service's own pods. */
const SERVICE_ONLY = ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by"];

/** The service's labels its claim's pods carry (team, environment, cost center), none that select the service. */
export function claimPodLabels(
  service: ResolvedService,
  deployment: ResolvedDeployment,
  fact: PodFact,
): Record<string, string> {
  const labels: Record<string, string> = { ...deployment.labels };
  for (const key of [...SERVICE_ONLY, ...Object.keys(service.selectorLabels), ...Object.keys(fact.selectorLabels)])
    delete labels[key];
  // Its operator, outside the mesh, calls them: under STRICT mutual TLS a meshed pod would refuse it.
  if (deployment.environment.features.mesh) labels[MESH_OPT_OUT.key] = MESH_OPT_OUT.value;
  return labels;
}

/** The object's spec as written: labels and hardening through the declared keys, the claim's spec over them. */
export function claimSpec(service: ResolvedService, deployment: ResolvedDeployment, claim: ResolvedClaim): Values {
  let spec: Values = {};
  for (const fact of claim.pods) {
    if (fact.valuesKeys.podLabels)
      spec = mergeValues(spec, valuesAt(fact.valuesKeys.podLabels, claimPodLabels(service, deployment, fact)));
    if (hardenable(fact)) spec = mergeValues(spec, podHardeningValues(fact));
  }
  return mergeValues(spec, claim.spec);
}

/** Every pod one claim makes its operator create, as its spec renders them. */
export function claimPods(service: ResolvedService, deployment: ResolvedDeployment, claim: ResolvedClaim): ClaimPod[] {
  const spec = claimSpec(service, deployment, claim);
  return claim.pods.map((fact, index) => ({
    service,
    deployment,
    claim,
    fact,
    index,
    needs: privilegesNeeded(fact),
    pod: podOf(fact, claim.namespace, spec),
  }));
}
