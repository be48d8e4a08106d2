// Custom components resolved (`components.custom.<name>`): where each runs, its dependencies sorted into
// catalog components and custom ones, and its declared pods in the chart facts' shape. Validation has
// reported unknown dependencies, colliding names and environments (core/checks/custom-components.ts).
import { COMPONENT_KEYS, type ComponentKey } from "../schema/component-catalog.ts";
import type { FawkesConfig } from "../schema/config.ts";
import { traced } from "./provenance.ts";
import { claimDefinition } from "./resolve-claims.ts";
import { declaredPod } from "./resolve-chart.ts";
import type { CustomDependency, ResolvedCustomComponent, ResolvedEnvironment } from "./resolved.ts";

export function resolveCustomComponents(
  config: FawkesConfig,
  environments: readonly ResolvedEnvironment[],
): ResolvedCustomComponent[] {
  const custom = config.components.custom;
  return Object.keys(custom)
    .sort()
    .flatMap((name) => {
      const c = custom[name]!;
      const source = `components.custom.${name}`;
      const placed = environments.filter((e) => c.placement === "per-cluster" || e.isManagement);
      const installedIn = c.environments ? placed.filter((e) => c.environments!.includes(e.name)) : placed;
      if (installedIn.length === 0) return [];
      const dependsOn = c.dependsOn.map((d): CustomDependency => {
        if ((COMPONENT_KEYS as readonly string[]).includes(d)) return { kind: "component", key: d as ComponentKey };
        return { kind: "custom", name: d };
      });
      return [
        traced({
          source,
          requires: dependsOn.map((d) =>
            d.kind === "component" ? `components.${d.key}` : `components.custom.${d.name}`,
          ),
          name,
          description: c.description,
          repoURL: c.chart.repoURL,
          chart: c.chart.chart,
          version: c.chart.version,
          namespace: c.namespace,
          placement: c.placement,
          values: c.values,
          environments: installedIn,
          dependsOn,
          pods: c.pods.map((p, i) => declaredPod(p, `${source}.pods[${i}]`)),
          webhookPorts: c.webhookPorts,
          secrets: c.secrets,
          claims: Object.keys(c.claims)
            .sort()
            .map((claim) => claimDefinition(claim, c.claims[claim]!, `${source}.claims.${claim}`)),
        }),
      ];
    });
}
