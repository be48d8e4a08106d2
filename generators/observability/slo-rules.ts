// SLOs compiled to PrometheusRules: the error ratio of each SLI recorded over the windows of the
// multi-window, multi-burn-rate alerts of the Google SRE workbook (chapter "Alerting on SLOs"): page when
// 2% of the 30-day budget burns in an hour or 5% in six hours, open a ticket when 10% burns in three days.
// Alerts carry the team label Alertmanager routes on.
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { ResolvedEnvironment, ResolvedService } from "../../core/resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { errorRatio, slowRatio } from "./promql.ts";

/** [long window, short window, burn rate, severity]. */
export const BURN_RATE_ALERTS: readonly (readonly [string, string, number, "critical" | "warning"])[] = [
  ["1h", "5m", 14.4, "critical"],
  ["6h", "30m", 6, "critical"],
  ["1d", "2h", 3, "warning"],
  ["3d", "6h", 1, "warning"],
];
const WINDOWS = [...new Set(BURN_RATE_ALERTS.flatMap(([long, short]) => [long, short]))];

interface Sli {
  readonly name: "availability" | "latency";
  readonly objective: number;
  readonly ratio: (window: string) => string;
  readonly summary: string;
}

function slis(service: ResolvedService, env: string): Sli[] {
  const slo = service.slo ?? {};
  return [
    ...(slo.availability === undefined
      ? []
      : [
          {
            name: "availability" as const,
            objective: slo.availability,
            ratio: (w: string) => errorRatio(service, env, w),
            summary: "server errors",
          },
        ]),
    ...(slo.latency === undefined
      ? []
      : [
          {
            name: "latency" as const,
            objective: slo.latency.target,
            ratio: (w: string) => slowRatio(service, env, slo.latency!.thresholdSeconds, w),
            summary: `requests slower than ${slo.latency.thresholdSeconds * 1000}ms`,
          },
        ]),
  ];
}

const round = (n: number) => Number(n.toPrecision(6));

export function buildSloRule(service: ResolvedService, env: ResolvedEnvironment): PrometheusRule | undefined {
  const list = slis(service, env.name);
  if (list.length === 0) return undefined;
  const labels = { service: service.name, team: service.team.name, environment: env.name };
  return new PrometheusRule({
    metadata: {
      name: `slo-${service.name}`,
      namespace: COMPONENT_CATALOG.kubePrometheusStack.namespace,
      labels: {
        "app.kubernetes.io/managed-by": "fawkes",
        "fawkes.dev/team": service.team.name,
        "fawkes.dev/environment": env.name,
      },
    },
    spec: {
      groups: list.map((sli) => {
        const record = (window: string) => `slo:${sli.name}_error_ratio:rate${window}`;
        const series = (window: string) => `${record(window)}{service="${service.name}", environment="${env.name}"}`;
        const budget = round(1 - sli.objective);
        return {
          name: `slo-${service.name}-${sli.name}`,
          rules: [
            ...WINDOWS.map((window) => ({ record: record(window), expr: sli.ratio(window), labels })),
            ...BURN_RATE_ALERTS.map(([long, short, burn, severity]) => ({
              alert: `${pascal(service.name)}${pascal(sli.name)}BudgetBurn`,
              expr: `${series(long)} > ${round(burn * budget)} and ${series(short)} > ${round(burn * budget)}`,
              for: severity === "critical" ? "2m" : "15m",
              labels: { ...labels, severity, slo: sli.name, long_window: long },
              annotations: {
                summary: `${service.name} in ${env.name} burns its ${sli.name} error budget ${burn}x too fast`,
                description: `${sli.summary} over ${long} and ${short} exceed ${burn} times the budget of a ${sli.objective * 100}% objective over 30 days.`,
              },
            })),
          ],
        };
      }),
    },
  });
}

const pascal = (text: string) =>
  text
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
