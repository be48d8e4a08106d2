// Observability by default: every HTTP service scraped, RED dashboards and SLO burn-rate rules whose PromQL
// parses with Prometheus' own grammar (@prometheus-io/lezer-promql), rules valid as PrometheusRules,
// three collector pipelines, Loki retention that deletes.
import { parser } from "@prometheus-io/lezer-promql";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildObservability } from "../../generators/cluster-config/observability.ts";
import { lokiValues, alertmanagerConfig } from "../../generators/helm-values/observability.ts";
import { buildDashboards, generateObservability } from "../../generators/observability/index.ts";
import { BURN_RATE_ALERTS, buildSloRule } from "../../generators/observability/slo-rules.ts";
import { sdkTelemetryEnv } from "../../generators/workloads/pod.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

type Obj = Record<string, any>;
const test = suite("observability");

const CONFIG = {
  ...SMALL,
  services: {
    api: {
      team: "web",
      description: "api",
      port: 8080,
      slo: { availability: 99.9, latency: { thresholdMs: 250, target: 99 } },
      build: { type: "node" as const, repo: "https://github.com/m/api" },
    },
    quiet: { team: "web", description: "opted out", metrics: false as const },
    job: {
      team: "web",
      description: "worker",
      type: "worker" as const,
      build: { type: "go" as const, repo: "https://github.com/m/job" },
    },
  },
};
const RELEASES = { api: { dev: "1", prod: "1" }, quiet: { dev: "1", prod: "1" }, job: { dev: "1", prod: "1" } };
const model = () => resolveFrom(CONFIG, RELEASES);

/** Where Prometheus' grammar finds an error in the expression, or undefined. */
function promqlError(expr: string): number | undefined {
  let error: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError && error === undefined) error = node.from;
    },
  });
  return error;
}

function assertPromql(expr: string): void {
  const error = promqlError(expr);
  assert.is(error, undefined, `PromQL does not parse at ${error}: ${expr}`);
}

test("the PromQL check catches broken expressions", () => {
  assert.is(promqlError("sum(rate(x[5m])"), 15);
  assert.is(promqlError('sum(rate(x{a="b"}[5m])) > 0.1 and y'), undefined);
});

test("web services are scraped unless they opt out; workers only when they declare metrics", () => {
  const m = model();
  const byName = Object.fromEntries(m.services.map((s) => [s.name, s]));
  assert.equal([byName.api!.metricsPort, byName.api!.metricsPath], [8080, "/metrics"]);
  assert.is(byName.quiet!.metricsPort, undefined);
  assert.is(byName.job!.metricsPort, undefined);
});

test("SLOs compile to valid PrometheusRules with four burn-rate alerts per SLI, labelled with the team", () => {
  const m = model();
  const api = m.services.find((s) => s.name === "api")!;
  const rule = buildSloRule(
    api,
    m.environments.find((e) => e.name === "prod")!,
  )!;
  rule.validate();
  const json = rule.toJSON() as Obj;
  assert.equal(
    json.spec.groups.map((g: Obj) => g.name),
    ["slo-api-availability", "slo-api-latency"],
  );
  for (const group of json.spec.groups) {
    const alerts = group.rules.filter((r: Obj) => r.alert);
    assert.is(alerts.length, BURN_RATE_ALERTS.length);
    for (const r of group.rules) assertPromql(r.expr);
    for (const a of alerts) assert.is(a.labels.team, "web");
  }
  const page = json.spec.groups[0].rules.find((r: Obj) => r.alert && r.labels.long_window === "1h");
  assert.is(
    page.expr,
    'slo:availability_error_ratio:rate1h{service="api", environment="prod"} > 0.0144 and slo:availability_error_ratio:rate5m{service="api", environment="prod"} > 0.0144',
  );
  assert.match(json.spec.groups[1].rules[0].expr, /le="0\.25"/);
  assert.is(
    buildSloRule(
      m.services.find((s) => s.name === "quiet")!,
      m.environments[0]!,
    ),
    undefined,
  );
});

test("Alertmanager routes each team's alerts to its receiver", () => {
  const config = alertmanagerConfig(model()) as Obj;
  assert.equal(config.route.routes, [{ receiver: "web", matchers: ['team="web"'], continue: false }]);
  assert.equal(config.receivers[1], { name: "web", email_configs: [{ to: "web@m.example", send_resolved: true }] });
});

test("RED dashboards per HTTP service and per team; every target parses", () => {
  const m = model();
  const maps = buildDashboards(
    m,
    m.environments.find((e) => e.isManagement)!,
  ).map((c) => c.toJSON() as Obj);
  assert.equal(
    maps.map((c) => c.metadata.name),
    ["dashboard-service-api", "dashboard-team-web"],
  );
  for (const map of maps) {
    assert.is(map.metadata.labels.grafana_dashboard, "1");
    const dashboard = JSON.parse(Object.values(map.data as Record<string, string>)[0]!);
    assert.ok(dashboard.uid.length <= 40);
    assert.equal(
      dashboard.templating.list[0].options.map((o: Obj) => o.value),
      ["dev", "prod"],
    );
    const panels = dashboard.panels.filter((p: Obj) => p.type === "timeseries");
    assert.equal(
      panels.slice(0, 3).map((p: Obj) => p.fieldConfig.defaults.unit),
      ["reqps", "percentunit", "s"],
    );
    for (const p of panels) for (const t of p.targets) assertPromql(t.expr.replaceAll("$environment", "prod"));
  }
  const files = generateObservability(m).map((f) => f.path);
  assert.ok(
    files.includes("out/platform/clusters/prod/namespaces/monitoring/grafana.yaml"),
    "with Prometheus's namespace, which exists only after the cluster configuration syncs",
  );
  assert.ok(files.includes("out/platform/clusters/prod/namespaces/monitoring/slo-rules.yaml"));
});

test("the collector has traces, metrics and logs pipelines, each stamped with the environment", () => {
  const m = model();
  const [collector] = buildObservability({ model: m, env: m.environments[0]! }).map((o) => o.toJSON() as Obj);
  const pipelines = collector!.spec.config.service.pipelines;
  assert.equal(Object.keys(pipelines), ["traces", "metrics", "logs"]);
  for (const p of Object.values(pipelines) as Obj[]) assert.ok(p.processors.includes("resource/environment"));
  assert.match(collector!.spec.config.exporters["otlphttp/loki"].endpoint, /\/otlp$/);
});

test("Go services export OTLP through the SDK, pointed at the collector", () => {
  const m = model();
  const job = m.services.find((s) => s.name === "job")!;
  const env = sdkTelemetryEnv({ model: m, service: job, deployment: job.deployments[0]! });
  assert.equal(
    env.map((e) => e.name),
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"],
  );
  const api = m.services.find((s) => s.name === "api")!;
  assert.equal(
    sdkTelemetryEnv({ model: m, service: api, deployment: api.deployments[0]! }),
    [],
    "node is auto-instrumented",
  );
});

test("Loki's compactor applies the retention period", () => {
  const m = model();
  const env = m.environments.find((e) => e.isManagement)!;
  const values = lokiValues({ model: m, env, component: m.installed("loki")! }) as Obj;
  assert.is(values.loki.compactor.retention_enabled, true);
  assert.ok(values.loki.limits_config.retention_period);
});

test.run();
