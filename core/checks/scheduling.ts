// Where a service's pods can run, checked against the node pools of each environment it runs in (its
// overrides merged): a pod that no pool can take stays Pending forever, so that is an error; a toleration for
// a taint no pool has changes nothing, so that is a warning (usually a typo, or a pool this environment lacks).
import { problem, type Problem } from "../problems.ts";
import { checkViews, servicePerEnvironment, serviceViews, type ServiceView } from "../service-overrides.ts";
import type { CheckInput } from "./check-input.ts";

type Environment = NonNullable<CheckInput["config"]["environments"]>[string];
type NodePool = Environment["nodePools"][string];
type Taint = NodePool["taints"][number];
type Toleration = NonNullable<CheckInput["config"]["services"]>[string]["tolerations"][number];

/** Labels every node has that a pool does not declare: Fawkes cannot tell which pool has which value. */
const WELL_KNOWN = /^([a-z0-9-]+\.)*kubernetes\.io\//;
const INSTANCE_TYPE = "node.kubernetes.io/instance-type";

/** Whether a pool's nodes carry the label (its declared labels, or its instance type). */
function poolHas(pool: NodePool, key: string, value: string): boolean {
  if (key === INSTANCE_TYPE) return pool.instanceType === value;
  if (WELL_KNOWN.test(key)) return true;
  return pool.labels[key] === value;
}

/** Kubernetes' rule: the key matches (or the toleration has none and `Exists`), the effect matches or is unset. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.operator === "Exists") return toleration.key === "" || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? "") === taint.value;
}

/** Taints that keep a pod off a pool unless tolerated (PreferNoSchedule only discourages). */
const repels = (taint: Taint): boolean => taint.effect !== "PreferNoSchedule";

export function checkScheduling({ config, declared }: CheckInput): Problem[] {
  const { services, environments } = config;
  if (!services || !environments) return [];
  const problems: Problem[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (service.chart) {
      const placed = (view: ServiceView) =>
        (["nodeSelector", "tolerations"] as const).flatMap((field) =>
          Object.keys(view.service[field]).length === 0
            ? []
            : [
                problem(
                  "not-applicable",
                  view.at(field),
                  "a service deployed from a chart is placed by the chart's values",
                  `set the chart's own ${field} key in chart.values`,
                ),
              ],
        );
      problems.push(...checkViews(serviceViews(name, service, declared.environments), placed));
      continue;
    }
    for (const { environment: env, service: here, at } of servicePerEnvironment(name, service, declared.environments)) {
      const pools = Object.entries(environments[env]?.nodePools ?? {});
      if (pools.length === 0) continue;
      const taints = pools.flatMap(([, pool]) => pool.taints);
      here.tolerations.forEach((toleration, i) => {
        if (taints.some((taint) => tolerates(toleration, taint))) return;
        problems.push({
          ...problem(
            "unmatched-toleration",
            at("tolerations", i),
            `no node pool of "${env}" has a taint this tolerates (${describeToleration(toleration)})`,
            `the pools' taints: ${taints.map(describeTaint).join(", ") || "none"}; fix the toleration, or override tolerations for "${env}"`,
          ),
          severity: "warning",
        });
      });
      const selector = Object.entries(here.nodeSelector);
      const selected = pools.filter(([, pool]) => selector.every(([key, value]) => poolHas(pool, key, value)));
      if (selected.length === 0) {
        problems.push(
          problem(
            "unschedulable",
            at("nodeSelector"),
            `no node pool of "${env}" has the labels ${selector.map(([k, v]) => `${k}=${v}`).join(", ")}: its pods would never run`,
            `the pools: ${pools
              .map(
                ([pool, p]) =>
                  `${pool} (${
                    Object.entries(p.labels)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(", ") || "no labels"
                  })`,
              )
              .join("; ")}`,
          ),
        );
        continue;
      }
      const runnable = selected.filter(([, pool]) =>
        pool.taints.filter(repels).every((taint) => here.tolerations.some((t) => tolerates(t, taint))),
      );
      if (runnable.length > 0) continue;
      const blocking = selected.map(
        ([pool, p]) =>
          `${pool} (${p.taints
            .filter(repels)
            .filter((taint) => !here.tolerations.some((t) => tolerates(t, taint)))
            .map(describeTaint)
            .join(", ")})`,
      );
      problems.push(
        problem(
          "unschedulable",
          selector.length > 0 ? at("nodeSelector") : ["services", name],
          `every node pool of "${env}" it may run on has a taint it does not tolerate: ${blocking.join("; ")}: its pods would never run`,
          `add a toleration for the taint to services.${name}.tolerations (or to the environment's override), or select an untainted pool`,
        ),
      );
    }
  }
  return problems;
}

function describeTaint(taint: Taint): string {
  return `${taint.key}${taint.value === "" ? "" : `=${taint.value}`}:${taint.effect}`;
}

function describeToleration(toleration: Toleration): string {
  const value = toleration.operator === "Exists" ? " exists" : `=${toleration.value ?? ""}`;
  return `${toleration.key || "any key"}${value}${toleration.effect ? `:${toleration.effect}` : ""}`;
}
