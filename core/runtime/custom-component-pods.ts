// The pods of a component the catalog does not know (`components.custom.<name>`), from the pods its config
// declares, as its values file renders them: restricted security contexts through the declared values keys,
// the config's values merged over them. The values generator and the policy preflight both read this model.
import type { PodFact } from "../../schema/chart-facts/index.ts";
import type { Pod } from "../policy/evaluate.ts";
import { mergeValues, type Values } from "../render/helm-values.ts";
import type { ResolvedCustomComponent } from "../resolved.ts";
import { podOf } from "./chart-service-pods.ts";
import { hardenable, podHardeningValues, privilegesNeeded } from "./pod-security.ts";

export interface CustomComponentPod {
  readonly component: ResolvedCustomComponent;
  readonly fact: PodFact;
  /** Its position in `pods`, which a denial points at. */
  readonly index: number;
  /** What the pod needs beyond restricted (host access, privileges), from its facts; empty when none. */
  readonly needs: readonly string[];
  /** The pod as the API server will see it, from the merged values. */
  readonly pod: Pod;
}

/** The component's values file: hardening through its pods' declared keys, then the config's values. */
export function customComponentValues(component: ResolvedCustomComponent): Values {
  let values: Values = {};
  for (const fact of component.pods) if (hardenable(fact)) values = mergeValues(values, podHardeningValues(fact));
  return mergeValues(values, component.values);
}

/** Every declared pod of the component, as its values render it. */
export function customComponentPods(component: ResolvedCustomComponent): CustomComponentPod[] {
  const values = customComponentValues(component);
  return component.pods.map((fact, index) => ({
    component,
    fact,
    index,
    needs: privilegesNeeded(fact),
    pod: podOf(fact, component.namespace, values),
  }));
}
