// Every chart a service deploys has pod facts — Fawkes' for the chart at its exact version, or the config's
// declared `chart.pods` — so its pods can be hardened, labelled and admitted like every other pod.
import { knownServiceChartVersions, serviceChartFacts } from "../../schema/chart-facts/index.ts";
import { problem, type Problem } from "../problems.ts";
import type { CheckInput } from "./check-input.ts";

/** The value at a dotted key, if set. */
function valueAt(values: Readonly<Record<string, unknown>>, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined),
      values,
    );
}

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && Object.keys(value).length === 0);

export function checkChartFacts({ config }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  for (const [name, service] of Object.entries(config.services ?? {})) {
    const chart = service.chart;
    if (!chart || chart.pods) continue;
    const facts = serviceChartFacts(chart.repoURL, chart.chart, chart.version);
    if (!facts) {
      const versions = knownServiceChartVersions(chart.repoURL, chart.chart);
      const declare = `declare the pods the chart renders at ${chart.version} in services.${name}.chart.pods, read from its templates and values (name, labels, containers with their image, securityContext, probes and the values keys that set them; see docs/services.md)`;
      problems.push(
        versions.length > 0
          ? problem(
              "no-chart-facts",
              ["services", name, "chart", "version"],
              `Fawkes has no pod facts for chart ${chart.chart} ${chart.version} (it has them for ${versions.join(", ")}), so its pods cannot be admitted`,
              `${declare}, or pin ${versions.join(" or ")} until the facts are re-derived (schema/chart-facts/README.md)`,
            )
          : problem(
              "no-chart-facts",
              ["services", name, "chart", "chart"],
              `Fawkes has no pod facts for chart ${chart.chart} ${chart.version} from ${chart.repoURL}, so its pods cannot be admitted`,
              declare,
            ),
      );
      continue;
    }
    for (const key of facts.unmodelledValues) {
      if (isEmpty(valueAt(chart.values, key))) continue;
      problems.push(
        problem(
          "chart-facts-mismatch",
          ["services", name, "chart", "values", ...key.split(".")],
          `${key} adds containers that Fawkes' facts for ${chart.chart} ${chart.version} do not describe, so they cannot be admitted`,
          `declare the pods as they render with these values in services.${name}.chart.pods, or remove ${key}`,
        ),
      );
    }
  }
  return problems;
}
