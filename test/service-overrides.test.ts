// Per-environment overrides: a JSON Merge Patch (RFC 7396) of the service per environment, merged in resolve,
// read by the generators from each deployment, checked with problems at the override's line, and named by
// `fawkes explain` for the files it shapes.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { formatPath } from "../core/problems.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { validateConfig } from "../core/validate.ts";
import { generateWorkloads } from "../generators/workloads/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { applyMergePatch } from "../schema/merge-patch.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";
import { REPO, cli, editExample, positionOf, writeCase } from "./helpers/repo.ts";
import { sourceList } from "../core/provenance.ts";

type Obj = Record<string, any>;
type Services = NonNullable<FawkesConfigInput["services"]>;

const merge = suite("merge patch (RFC 7396)");

// The test cases of RFC 7396, appendix A.
const RFC_CASES: readonly [unknown, unknown, unknown][] = [
  [{ a: "b" }, { a: "c" }, { a: "c" }],
  [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
  [{ a: "b" }, { a: null }, {}],
  [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
  [{ a: ["b"] }, { a: "c" }, { a: "c" }],
  [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
  [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
  [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
  [
    ["a", "b"],
    ["c", "d"],
    ["c", "d"],
  ],
  [{ a: "b" }, ["c"], ["c"]],
  [{ a: "foo" }, null, null],
  [{ a: "foo" }, "bar", "bar"],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: "b", c: null }, { a: "b" }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

for (const [target, patch, want] of RFC_CASES) {
  merge(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => {
    const before = JSON.stringify(target);
    assert.equal(applyMergePatch(target, patch), want);
    assert.is(JSON.stringify(target), before, "the target is not changed");
  });
}

const RELEASES = {
  api: { dev: "1.0.0", prod: "1.0.0" },
  db: { dev: "1.0.0", prod: "1.0.0" },
};

function model(services: Services): ResolvedConfig {
  const releases = Object.fromEntries(Object.entries(RELEASES).filter(([name]) => name in services));
  return resolveFrom(
    { ...SMALL, teams: { web: { ...SMALL.teams.web!, quota: { cpu: "40", memory: "80Gi", pods: 100 } } }, services },
    releases,
  );
}

const deployment = (m: ResolvedConfig, service: string, env: string) =>
  m.services.find((s) => s.name === service)!.deployments.find((d) => d.environment.name === env)!;

function objects(m: ResolvedConfig, service: string, env: string): (kind: string) => Obj {
  const file = generateWorkloads(m).find((f) => f.path === `out/platform/services/${env}/${service}/manifests.yaml`)!;
  if (file.type !== "objects") throw new Error("no objects");
  const all = file.objects.map((o) => o.toJSON() as Obj);
  return (kind) => all.find((o) => o.kind === kind)!;
}

const API = {
  team: "web",
  description: "api",
  expose: true,
  autoscale: { min: 2, max: 6 },
  resources: { cpu: "250m", memory: "512Mi" },
  env: { LOG_LEVEL: "info", FEATURE_X: "off" },
  secrets: { DB_URL: { path: "web/api/db", key: "url" } },
  dependsOn: ["db"],
};
const DB = { team: "web", description: "db" };

const resolve = suite("overrides in resolve");

resolve("a field the override sets differs in its environment only; the rest is the service's", () => {
  const m = model({
    api: {
      ...API,
      overrides: {
        prod: {
          resources: { memory: "2Gi" },
          autoscale: { max: 20 },
          env: { LOG_LEVEL: "warn", FEATURE_X: null, FEATURE_Y: "on" },
          secrets: { DB_URL: { path: "web/api/db-replica" } },
          expose: { path: "/api" },
        },
      },
    },
    db: DB,
  });
  const dev = deployment(m, "api", "dev");
  const prod = deployment(m, "api", "prod");
  assert.equal(dev.resources, { cpu: "250m", memory: "512Mi", memoryLimit: "1024Mi" });
  assert.equal(
    prod.resources,
    { cpu: "250m", memory: "2Gi", memoryLimit: "4Gi" },
    "merged key by key, limit re-derived",
  );
  assert.equal(dev.autoscale, { min: 2, max: 6, cpuUtilization: 75 });
  assert.equal(prod.autoscale, { min: 2, max: 20, cpuUtilization: 75 });
  assert.equal(dev.env, { LOG_LEVEL: "info", FEATURE_X: "off" });
  assert.equal(prod.env, { LOG_LEVEL: "warn", FEATURE_Y: "on" }, "null removes FEATURE_X");
  assert.equal(prod.secrets, [{ variable: "DB_URL", path: "web/api/db-replica", key: "url", shared: false }]);
  assert.is(dev.exposePath, "/");
  assert.is(prod.exposePath, "/api");
  assert.is(prod.host, "api.prod.m.example", "the host is the service's, only the path changed");
});

resolve("null removes autoscaling in an environment (replicas count again), a dependency can differ", () => {
  const m = model({
    api: { ...API, replicas: 3, overrides: { dev: { autoscale: null, replicas: 1, dependsOn: [] } } },
    db: DB,
  });
  const dev = deployment(m, "api", "dev");
  assert.is(dev.autoscale, undefined);
  assert.is(dev.replicas, 1);
  assert.equal(deployment(m, "api", "prod").replicas, 2, "autoscale.min in prod");
  assert.equal(dev.dependsOn, []);
  assert.equal(
    deployment(m, "api", "prod").dependsOn.map((s) => s.name),
    ["db"],
  );
  assert.equal(deployment(m, "db", "dev").callers, [], "db has no caller in dev");
  assert.equal(
    deployment(m, "db", "prod").callers.map((s) => s.name),
    ["api"],
  );
  const api = m.services.find((s) => s.name === "api")!;
  assert.equal(
    api.dependsOnAnywhere.map((s) => s.name),
    ["db"],
    "the catalog's relation holds where it calls",
  );
});

resolve("an override's replicas win over the map form of the service", () => {
  const m = model({ db: { ...DB, replicas: { dev: 1, prod: 3 }, overrides: { prod: { replicas: 5 } } } });
  assert.is(deployment(m, "db", "dev").replicas, 1);
  assert.is(deployment(m, "db", "prod").replicas, 5);
});

const output = suite("overrides in the generated output");

output("prod's Deployment, HPA, route and network policy follow prod's override; dev's do not", () => {
  const m = model({
    api: {
      ...API,
      overrides: {
        prod: {
          resources: { cpu: "1" },
          autoscale: { max: 12 },
          env: { LOG_LEVEL: "warn" },
          dependsOn: [],
          expose: { path: "/v2" },
        },
      },
    },
    db: DB,
  });
  const dev = objects(m, "api", "dev");
  const prod = objects(m, "api", "prod");
  const container = (o: (k: string) => Obj) => o("Deployment").spec.template.spec.containers[0];
  assert.is(container(dev).resources.requests.cpu, "250m");
  assert.is(container(prod).resources.requests.cpu, "1");
  assert.equal(
    container(prod).env.find((e: Obj) => e.name === "LOG_LEVEL"),
    { name: "LOG_LEVEL", value: "warn" },
  );
  assert.is(dev("HorizontalPodAutoscaler").spec.maxReplicas, 6);
  assert.is(prod("HorizontalPodAutoscaler").spec.maxReplicas, 12);
  assert.is(dev("HTTPRoute").spec.rules[0].matches[0].path.value, "/");
  assert.is(prod("HTTPRoute").spec.rules[0].matches[0].path.value, "/v2");
  const egressTo = (o: (k: string) => Obj) =>
    o("NetworkPolicy").spec.egress.filter(
      (r: Obj) => r.to?.[0]?.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "db",
    );
  assert.is(egressTo(dev).length, 1);
  assert.is(egressTo(prod).length, 0, "prod's api calls no db");
  const ingressFromApi = (o: (k: string) => Obj) =>
    (o("NetworkPolicy").spec.ingress ?? []).filter((r: Obj) =>
      r.from?.some((f: Obj) => f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "api"),
    );
  assert.is(ingressFromApi(objects(m, "db", "dev")).length, 1);
  assert.is(ingressFromApi(objects(m, "db", "prod")).length, 0, "and prod's db admits no call from it");
});

output("an override's secrets reach the ExternalSecret and the Vault role of its environment", () => {
  const m = model({
    api: { ...API, overrides: { prod: { secrets: { EXTRA: { path: "web/api/extra", key: "k" } } } } },
    db: DB,
  });
  const keys = (env: string) =>
    objects(m, "api", env)("ExternalSecret").spec.data.map((d: Obj) => d.remoteRef.key as string);
  assert.equal(keys("dev"), ["dev/teams/web/api/db"]);
  assert.equal(keys("prod"), ["prod/teams/web/api/db", "prod/teams/web/api/extra"]);
});

output("provenance: a file an override shaped names it; other environments' files do not", () => {
  const m = model({ api: { ...API, overrides: { prod: { dependsOn: [], env: { LOG_LEVEL: "warn" } } } }, db: DB });
  const files = generateWorkloads(m);
  const sourcesOf = (service: string, env: string) =>
    sourceList(files.find((f) => f.path === `out/platform/services/${env}/${service}/manifests.yaml`)!.sources);
  assert.ok(sourcesOf("api", "prod").includes("services.api.overrides.prod"), sourcesOf("api", "prod").join(", "));
  assert.not.ok(sourcesOf("api", "dev").includes("services.api.overrides.prod"));
  const dbProd = files.find((f) => f.path === "out/platform/services/prod/db/manifests.yaml")!;
  assert.ok(
    sourceList(dbProd.sources).includes("services.api.overrides.prod"),
    "the callee's policy follows the caller's override",
  );
  const dbDev = files.find((f) => f.path === "out/platform/services/dev/db/manifests.yaml")!;
  assert.not.ok(sourceList(dbDev.sources).includes("services.api.overrides.prod"));
});

output("a service without overrides resolves exactly as before (every per-environment field the same)", () => {
  const m = model({ api: API, db: DB });
  const [dev, prod] = [deployment(m, "api", "dev"), deployment(m, "api", "prod")];
  for (const field of ["resources", "autoscale", "env", "secrets", "egress", "probes", "exposePath"] as const)
    assert.equal(dev[field], prod[field], field);
});

const checks = suite("overrides: problems at the override");

function problems(services: Services, environments = SMALL.environments): string[] {
  const releases = Object.fromEntries(Object.entries(RELEASES).filter(([name]) => name in services));
  return validateConfig({ ...SMALL, environments, services }, releases).problems.map(
    (p) => `${formatPath(p.path)}: ${p.message}${p.hint ? ` (${p.hint})` : ""}`,
  );
}

const CHECK_CASES: readonly { name: string; services: Services; want: RegExp }[] = [
  {
    name: "an unknown environment, with a suggestion",
    services: { db: { ...DB, overrides: { prd: { replicas: 3 } } } },
    want: /^services\.db\.overrides\.prd: unknown environment "prd" \(did you mean "prod"\?\)$/,
  },
  {
    name: "an environment the service is not deployed to",
    services: { db: { ...DB, environments: ["prod"], overrides: { dev: { replicas: 3 } } } },
    want: /^services\.db\.overrides\.dev: "db" is not deployed to "dev", so it has nothing to override there/,
  },
  {
    name: "a field that cannot differ per environment",
    services: { db: { ...DB, overrides: { prod: { team: "other" } as never } } },
    want: /^services\.db\.overrides\.prod\.team: unknown key "team" \(.*cannot differ per environment.*replicas, autoscale/,
  },
  {
    name: "an invalid value",
    services: { db: { ...DB, overrides: { prod: { resources: { memory: "2GB" } } } } },
    want: /^services\.db\.overrides\.prod\.resources\.memory: "2GB" must be a Kubernetes quantity/,
  },
  {
    name: "an incomplete object once merged (autoscaling without a maximum)",
    services: { db: { ...DB, overrides: { prod: { autoscale: { min: 2 } } } } },
    want: /^services\.db\.overrides\.prod\.autoscale\.max: is required/,
  },
  {
    name: "a limit below the request once merged",
    services: { db: { ...DB, resources: { cpuLimit: "500m" }, overrides: { prod: { resources: { cpu: "1" } } } } },
    want: /^services\.db\.overrides\.prod\.resources\.cpuLimit: CPU limit 500m is below the request 1$/,
  },
  {
    name: "a dependency that is not deployed where the override calls it",
    services: {
      api: { ...API, dependsOn: [], overrides: { dev: { dependsOn: ["db"] } } },
      db: { ...DB, environments: ["prod"] },
    },
    want: /^services\.api\.overrides\.dev\.dependsOn\[0\]: "db" is not deployed to "dev", where "api" runs/,
  },
  {
    name: "an unknown dependency in an override",
    services: { api: { ...API, overrides: { prod: { dependsOn: ["dbb"] } } }, db: DB },
    want: /^services\.api\.overrides\.prod\.dependsOn\[0\]: unknown service "dbb" \(did you mean "db"\?\)/,
  },
  {
    name: "a secret of another team in an override",
    services: { api: { ...API, overrides: { prod: { secrets: { X: { path: "ops/x", key: "k" } } } } }, db: DB },
    want: /^services\.api\.overrides\.prod\.secrets\.X\.path: "ops\/x" is outside team "web"'s Vault paths/,
  },
  {
    name: "a secret value in an override's env",
    services: { db: { ...DB, overrides: { prod: { env: { DB_PASSWORD: "hunter2" } } } } },
    want: /^services\.db\.overrides\.prod\.env\.DB_PASSWORD: "DB_PASSWORD" holds what looks like a secret value/,
  },
  {
    name: "a combination: the override's env meets the service's secret",
    services: { api: { ...API, overrides: { prod: { env: { DB_URL: "x" } } } }, db: DB },
    want: /^services\.api\.secrets\.DB_URL: in "prod", with its overrides: DB_URL is also set in env$/,
  },
  {
    name: "a per-environment map inside an override",
    services: { db: { ...DB, overrides: { prod: { replicas: { prod: 2 } as never } } } },
    want: /^services\.db\.overrides\.prod\.replicas: expected number, got an object/,
  },
];

for (const c of CHECK_CASES) {
  checks(c.name, () => {
    const found = problems(c.services);
    assert.ok(
      found.some((p) => c.want.test(p)),
      `expected ${c.want} in:\n${found.join("\n")}`,
    );
  });
}

checks("a problem of the service as written is reported once, not once per environment", () => {
  const found = problems({ api: { ...API, dependsOn: ["dbb"], overrides: { prod: { env: { A: "b" } } } }, db: DB });
  assert.is(found.filter((p) => p.includes('unknown service "dbb"')).length, 1, found.join("\n"));
});

const located = suite("overrides: located in fawkes.config.ts");

located("an unknown environment and an unknown field point at their keys in the example config", async () => {
  const config = editExample('prod: { resources: { cpu: "500m"', 'prdo: { team: "data", resources: { cpu: "500m"');
  const run = await cli(["validate", "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  const env = positionOf(config, "prdo:");
  assert.match(
    run.stderr,
    new RegExp(
      `^fawkes\\.config\\.ts:${env.line}:${env.column} services\\.checkout-api\\.overrides\\.prdo: unknown environment "prdo" \\(did you mean "prod"\\?\\)`,
      "m",
    ),
  );
  const team = positionOf(config, 'team: "data", resources');
  assert.match(
    run.stderr,
    new RegExp(
      `^fawkes\\.config\\.ts:${team.line}:${team.column} services\\.checkout-api\\.overrides\\.prdo\\.team: unknown key "team"`,
      "m",
    ),
  );
});

located("an invalid merged value points at the override's value", async () => {
  const config = editExample('memory: "768Mi" }, autoscale: { min: 4 }', 'memory: "768MB" }, autoscale: { min: 4 }');
  const run = await cli(["validate", "-C", writeCase(config)]);
  assert.is(run.code, 1);
  const at = positionOf(config, '"768MB"');
  assert.match(
    run.stderr,
    new RegExp(
      `^fawkes\\.config\\.ts:${at.line}:${at.column} services\\.checkout-api\\.overrides\\.prod\\.resources\\.memory: "768MB" must be a Kubernetes quantity`,
      "m",
    ),
  );
});

located(
  "fawkes explain names the override among the entries a file depends on (the example's prod checkout-api)",
  async () => {
    const run = await cli(["explain", "out/platform/services/prod/checkout-api/manifests.yaml", "-C", REPO]);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /depends on: .*services\.checkout-api\.overrides\.prod/);
    const dev = await cli(["explain", "out/platform/services/dev/checkout-api/manifests.yaml", "-C", REPO]);
    assert.not.match(dev.stdout, /overrides/);
  },
);

merge.run();
resolve.run();
output.run();
checks.run();
located.run();
