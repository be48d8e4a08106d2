// Claims (issue #19): a service requests a platform resource a custom component declares once. The example's
// payments-core claims a CloudNativePG Cluster: the object in its namespace (valid against the CRD the chart
// installs), the Secret the operator makes read as variables, NetworkPolicies on both sides, the instance
// pods admitted by the preflight, the bootstrap order, and every mistake located at its config line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseAllDocuments } from "yaml";
import { claimFootprint, namespaceFootprint } from "../core/footprint.ts";
import { runPreflight } from "../core/preflight.ts";
import { claimVariable, fillPlaceholders } from "../core/resolve-claims.ts";
import { apiServerCidr } from "../core/runtime/api-server.ts";
import { bootstrapGraph, syncWaveOf } from "../core/runtime/bootstrap-graph.ts";
import { ids } from "../core/runtime/bootstrap-model.ts";
import { GENERATORS } from "../generators/index.ts";
import { generateExample } from "./helpers/pipeline.ts";
import { REPO, assertLocatedError, cli, editExample, positionOf, writeCase } from "./helpers/repo.ts";

const test = suite("claims");

type Obj = Record<string, any>;

const manifests = async (env: string): Promise<Obj[]> => {
  const { tree } = await generateExample();
  const file = tree.get(`out/platform/services/${env}/payments-core/manifests.yaml`)!;
  return parseAllDocuments(file.content).map((d) => d.toJSON() as Obj);
};

/** The CRD schema the chart installs (test/fixtures/cnpg: cloudnative-pg/charts@cloudnative-pg-v0.29.0). */
const CLUSTER_SCHEMA = JSON.parse(
  readFileSync(join(REPO, "test", "fixtures", "cnpg", "cluster.v1.schema.json"), "utf8"),
) as Obj;
const ajv = new Ajv({ strict: false, allErrors: true });
for (const format of ["int32", "int64", "byte", "double", "float", "date-time"]) ajv.addFormat(format, true);
const validateCluster = ajv.compile(CLUSTER_SCHEMA);

/** Fields the structural schema does not know (the API server would prune them silently). */
function unknownFields(value: unknown, schema: Obj, path = ""): string[] {
  if (schema["x-kubernetes-preserve-unknown-fields"] || value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, schema.items ?? {}, `${path}[${i}]`));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    return Object.entries(value).flatMap(([k, v]) => unknownFields(v, schema.additionalProperties, `${path}.${k}`));
  const properties = (schema.properties ?? {}) as Obj;
  return Object.entries(value).flatMap(([k, v]) =>
    k in properties ? unknownFields(v, properties[k], `${path}.${k}`) : [`${path}.${k}`],
  );
}

test("placeholders: filled in strings, a lone param placeholder keeps its type, unknown ones stay", () => {
  const vars = { service: "api", resource: "db", name: "api-db", "params.size": 3, "params.ha": true };
  const cases: [unknown, unknown][] = [
    ["{service}-{resource}", "api-db"],
    ["{params.size}", 3],
    ["{params.ha}", true],
    ["x{params.size}", "x3"],
    ["{name}-app", "api-db-app"],
    ["{other}", "{other}"],
    [
      { a: ["{name}", { b: "{params.size}" }], n: 1 },
      { a: ["api-db", { b: 3 }], n: 1 },
    ],
  ];
  for (const [given, want] of cases) assert.equal(fillPlaceholders(given, vars), want, JSON.stringify(given));
  const variables: [string, string, string][] = [
    ["ledger", "jdbc-uri", "LEDGER_JDBC_URI"],
    ["cache-db", "password", "CACHE_DB_PASSWORD"],
    ["db", "ca.crt", "DB_CA_CRT"],
  ];
  for (const [resource, key, want] of variables) assert.is(claimVariable(resource, key), want);
});

test("payments-core's ledger is a CloudNativePG Cluster per environment, valid against the chart's CRD", async () => {
  for (const [env, instances] of [
    ["dev", 1],
    ["staging", 1],
    ["prod", 3],
  ] as const) {
    const cluster = (await manifests(env)).find((o) => o.kind === "Cluster")!;
    assert.is(cluster.apiVersion, "postgresql.cnpg.io/v1");
    assert.is(cluster.metadata.name, "payments-core-ledger");
    assert.is(cluster.metadata.namespace, "payments");
    assert.is(cluster.spec.instances, instances, `${env}: instances from the per-environment param`);
    assert.is(cluster.spec.storage.size, "20Gi");
    assert.is(cluster.spec.inheritedMetadata.labels["fawkes.dev/team"], "payments");
    assert.is(cluster.spec.inheritedMetadata.labels["app.kubernetes.io/name"], undefined);
    assert.ok(validateCluster(cluster), `${env}: ${ajv.errorsText(validateCluster.errors)}`);
    assert.equal(unknownFields(cluster.spec, CLUSTER_SCHEMA.properties.spec, "spec"), []);
  }
});

test("the CRD check fails on a field the Cluster does not have or a wrong type", async () => {
  const cluster = (await manifests("prod")).find((o) => o.kind === "Cluster")!;
  assert.not.ok(validateCluster({ ...cluster, spec: { ...cluster.spec, instances: "three" } }));
  assert.equal(unknownFields({ ...cluster.spec, replicas: 3 }, CLUSTER_SCHEMA.properties.spec, "spec"), [
    "spec.replicas",
  ]);
});

test("the service reads the operator's Secret as <RESOURCE>_<KEY>, synced after the Cluster", async () => {
  const objects = await manifests("prod");
  const deployment = objects.find((o) => o.kind === "Deployment")!;
  const env = deployment.spec.template.spec.containers[0].env as Obj[];
  const ledger = env.filter((e) => e.name.startsWith("LEDGER_"));
  assert.equal(
    ledger.map((e) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]),
    [
      ["LEDGER_DBNAME", "payments-core-ledger-app", "dbname"],
      ["LEDGER_HOST", "payments-core-ledger-app", "host"],
      ["LEDGER_JDBC_URI", "payments-core-ledger-app", "jdbc-uri"],
      ["LEDGER_PASSWORD", "payments-core-ledger-app", "password"],
      ["LEDGER_PORT", "payments-core-ledger-app", "port"],
      ["LEDGER_URI", "payments-core-ledger-app", "uri"],
      ["LEDGER_USERNAME", "payments-core-ledger-app", "username"],
    ],
  );
  const cluster = objects.find((o) => o.kind === "Cluster")!;
  const wave = (o: Obj) => Number(o.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
  assert.ok(wave(cluster) < wave(deployment), "the Cluster syncs in an earlier wave than the Deployment");
  assert.equal(cluster.metadata.annotations["argocd.argoproj.io/sync-options"].split(","), [
    "SkipDryRunOnMissingResource=true",
    "Prune=confirm",
    "Delete=confirm",
  ]);
});

test("the team's Applications sync after the component whose chart installs the CRD, in every environment", async () => {
  const { model } = await generateExample();
  const graph = bootstrapGraph(model);
  for (const env of model.environments) {
    const appSet = ids.services(env.name, "payments");
    const need = graph.needs.find((n) => n.from === appSet && n.to === ids.custom(env.name, "cloudnative-pg"));
    assert.ok(need, `${env.name}: payments' ApplicationSet needs cloudnative-pg`);
    assert.match(need!.reason, /Cluster objects need the CRDs cloudnative-pg's chart installs/);
    assert.ok(
      syncWaveOf(model, "ApplicationSet", `payments-${env.name}`) >
        syncWaveOf(model, "Application", `cloudnative-pg-${env.name}`),
    );
  }
});

test("NetworkPolicies: the service reaches its database, the database admits the service, the operator and its peers", async () => {
  const objects = await manifests("prod");
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const service = policies.find((p) => p.metadata.name === "payments-core")!;
  const egress = (service.spec.egress as Obj[]).find(
    (r) => r.to[0].podSelector?.matchLabels?.["cnpg.io/cluster"] === "payments-core-ledger",
  );
  assert.equal(egress?.ports, [{ protocol: "TCP", port: 5432 }]);
  const db = policies.find((p) => p.metadata.name === "payments-core-ledger-claim")!;
  assert.equal(db.spec.podSelector, { matchLabels: { "cnpg.io/cluster": "payments-core-ledger" } });
  const from = (db.spec.ingress as Obj[]).map((r) => [r.from[0], r.ports.map((p: Obj) => p.port)]);
  assert.equal(from, [
    [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "payments-core" } } }, [5432]],
    [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cnpg-system" } } }, [8000]],
    // Replication, and the primary's isolation check of the others' status endpoints (CloudNativePG v1.30.0).
    [{ podSelector: { matchLabels: { "cnpg.io/cluster": "payments-core-ledger" } } }, [5432, 8000]],
  ]);
});

test("the database's pods reach the API server at its private endpoint's network only, where it has one", async () => {
  const { model } = await generateExample();
  for (const env of model.environments) {
    const objects = await manifests(env.name);
    const db = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "payments-core-ledger-claim")!;
    const https = (db.spec.egress as Obj[]).filter((r) => r.ports?.some((p: Obj) => p.port === 443));
    // EKS's private endpoint is always on; dev's AKS is a private cluster (no apiAccessCidrs): both in the network.
    assert.equal(
      https.map((r) => r.to),
      [[{ ipBlock: { cidr: env.network } }]],
      env.name,
    );
  }
  const aksPublic = { ...model.environments[0]!, cloud: { provider: "azure" }, apiAccessCidrs: ["203.0.113.0/24"] };
  assert.is(apiServerCidr(aksPublic as never), "0.0.0.0/0", "a public AKS API has a public address");
});

test("the preflight admits the instance pods in every environment, after the namespace's defaults", async () => {
  const { model, verdicts } = await preflightOf();
  const claimed = verdicts.filter((v) => v.origin.join(".") === "services.payments-core.claims.ledger");
  assert.equal(
    claimed.map((v) => v.environment),
    model.environments.map((e) => e.name),
  );
  for (const v of claimed) {
    assert.equal(v.denied, [], `${v.environment}: ${v.pod}`);
    const pod = v.admitted as Obj;
    assert.is(pod.metadata.namespace, "payments");
    assert.is(pod.metadata.labels["acme.dev/cost-center"], "cc-1001");
    assert.is(pod.metadata.labels["istio.io/dataplane-mode"], "none");
    assert.is(pod.spec.containers[0].image, "ghcr.io/acme/mirror/postgresql:18.4-system-trixie");
  }
});

async function preflightOf() {
  const { model } = await generateExample();
  return {
    model,
    ...runPreflight(
      model,
      GENERATORS.flatMap((generate) => generate(model)),
    ),
  };
}

test("an instance image outside the allowed registries is denied at the claim's image", async () => {
  const config = editExample(
    'imageName: "ghcr.io/acme/mirror/postgresql:18.4-system-trixie"',
    'imageName: "docker.io/postgres:18"',
  );
  const run = await cli(["generate", "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  const { line, column } = positionOf(config, '"docker.io/postgres:18"');
  assert.ok(run.stderr.includes(`fawkes.config.ts:${line}:${column} `), run.stderr);
  assert.match(
    run.stderr,
    /components\.custom\.cloudnative-pg\.claims\.postgres\.spec\.imageName: policy "restrict-image-registries" \(Enforce\) would deny Pod payments\/payments-core-ledger-1 of Cluster payments-core-ledger \(payments-core's claim ledger\) in dev/,
  );
});

test("without the labels key the pods lack the team's labels and require-labels denies them", async () => {
  const config = editExample(
    'valuesKeys: { podSecurityContext: "podSecurityContext", podLabels: "inheritedMetadata.labels" },',
    'valuesKeys: { podSecurityContext: "podSecurityContext" },',
  );
  const run = await cli(["generate", "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  const { line, column } = positionOf(config, "{", 'labels: {\n                  "cnpg.io/cluster"');
  assert.match(
    run.stderr,
    new RegExp(
      `fawkes\\.config\\.ts:${line}:${column} components\\.custom\\.cloudnative-pg\\.claims\\.postgres\\.pods\\[0\\]\\.labels: policy "require-labels"`,
    ),
  );
});

test("the team's quota counts the claim's pods and volumes: instances × (the larger of containers and init container)", async () => {
  const { model } = await generateExample();
  const payments = model.teams.find((t) => t.name === "payments")!;
  const prod = model.environments.find((e) => e.name === "prod")!;
  const claim = model.services.find((s) => s.name === "payments-core")!.deployments.find((d) => d.environment === prod)!
    .claims[0]!;
  // Both containers set the spec's resources (250m, 512Mi, limit 1Gi): a pod counts once, three instances.
  assert.equal(claimFootprint(claim), {
    cpu: 0.75,
    memory: 3 * 512 * 2 ** 20,
    memoryLimit: 3 * 2 ** 30,
    pods: 3,
    storage: 3 * 20 * 2 ** 30,
  });
  const withClaim = namespaceFootprint(payments, prod);
  assert.is(withClaim.storage, 60 * 2 ** 30);
  assert.ok(withClaim.pods >= 3);
});

test("claimed volumes beyond the team's storage quota are a located error", async () => {
  const config = editExample(REQUEST, REQUEST.replace('storage: "20Gi"', 'storage: "40Gi"'));
  const run = await cli(["validate", "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /teams\.payments\.quota\.storage: prod: the services of "payments" need 120Gi of volumes \(their claims'\) .*but the quota is 100Gi/,
  );
});

test("the catalog: a Resource per claimed resource, which the service's Component depends on", async () => {
  const { tree } = await generateExample();
  const [resource] = parseAllDocuments(tree.get("out/catalog/claims.yaml")!.content).map((d) => d.toJSON() as Obj);
  assert.equal(resource!.metadata.name, "payments-core-ledger");
  assert.equal(resource!.spec, {
    owner: "group:default/payments",
    system: "system:default/payments",
    type: "postgres",
  });
  const core = parseAllDocuments(tree.get("out/catalog/components.yaml")!.content)
    .map((d) => d.toJSON() as Obj)
    .find((c) => c.metadata.name === "payments-core")!;
  assert.ok(core.spec.dependsOn.includes("resource:default/payments-core-ledger"));
  assert.match(tree.get("out/catalog/all.yaml")!.content, /\.\/claims\.yaml/);
});

// Mistakes, each at its line.
const REQUEST =
  'claims: { ledger: { claim: "cloudnative-pg.postgres", params: { instances: { prod: 3 }, storage: "20Gi" } } },';
const BAD = [
  {
    name: "an unknown component",
    edit: [REQUEST, REQUEST.replace("cloudnative-pg.postgres", "cnpg.postgres")],
    path: "services.payments-core.claims.ledger.claim",
    message: /unknown custom component "cnpg".*"cloudnative-pg\.postgres"/,
    needle: '"cnpg.postgres"',
  },
  {
    name: "an unknown claim",
    edit: [REQUEST, REQUEST.replace("cloudnative-pg.postgres", "cloudnative-pg.mysql")],
    path: "services.payments-core.claims.ledger.claim",
    message: /custom component cloudnative-pg has no claim "mysql"/,
    needle: '"cloudnative-pg.mysql"',
  },
  {
    name: "a component that does not run where the service does",
    edit: [
      'placement: "per-cluster",\n        dependsOn',
      'placement: "per-cluster",\n        environments: ["prod"],\n        dependsOn',
    ],
    path: "services.payments-core.claims.ledger.claim",
    message: /cloudnative-pg does not run in dev, staging, where payments-core runs/,
    needle: '"cloudnative-pg.postgres"',
  },
  {
    name: "an unknown param",
    edit: [REQUEST, REQUEST.replace('storage: "20Gi"', 'size: "20Gi"')],
    path: "services.payments-core.claims.ledger.params.size",
    message: /unknown param "size"/,
    needle: "size",
    after: "ledger:",
  },
  {
    name: "a param of the wrong type",
    edit: [REQUEST, REQUEST.replace("prod: 3", 'prod: "3"')],
    path: "services.payments-core.claims.ledger.params.instances.prod",
    message: /must be an integer/,
    needle: '"3"',
  },
  {
    name: "an unknown placeholder in the claim's spec",
    edit: ['size: "{params.storage}"', 'size: "{params.disk}"'],
    path: "components.custom.cloudnative-pg.claims.postgres.spec.storage.size",
    message: /unknown placeholder \{params\.disk\}/,
    needle: '"{params.disk}"',
  },
  {
    name: "a required param without a value in some environments",
    edit: ['                type: "integer",\n                default: 1,\n', '                type: "integer",\n'],
    path: "services.payments-core.claims.ledger.params",
    message: /param "instances" is required \(no default\) but has no value in dev, staging/,
    needle: "{ instances",
    after: "ledger:",
  },
  {
    name: "a claim's name that uses itself",
    edit: ['            kind: "Cluster",\n', '            kind: "Cluster",\n            name: "{name}-db",\n'],
    path: "components.custom.cloudnative-pg.claims.postgres.name",
    message: /claim postgres's name cannot use \{name\}/,
    needle: '"{name}-db"',
  },
  {
    name: "a name longer than the operator accepts (CloudNativePG: 50), though a valid label",
    edit: [REQUEST, REQUEST.replace("{ ledger:", '{ "ledger-of-every-payment-we-have-ever-made": ')],
    path: "services.payments-core.claims.ledger-of-every-payment-we-have-ever-made",
    message:
      /would be named "payments-core-ledger-of-every-payment-we-have-ever-made" in dev: 55 characters, and the operator refuses more than 50/,
    needle: '{ claim: "cloudnative-pg.postgres"',
    after: "ledger-of-every-payment",
  },
  {
    name: "a claim on a chart service",
    edit: ["    metabase: {\n", '    metabase: {\n      claims: { db: { claim: "cloudnative-pg.postgres" } },\n'],
    path: "services.metabase.claims.db",
    message: /a service deployed from a chart cannot receive a claim's Secret/,
    needle: '{ claim: "cloudnative-pg.postgres" }',
    after: "metabase: {",
  },
] as const;

for (const c of BAD)
  test(`${c.name} is a located error`, () =>
    assertLocatedError(editExample(c.edit[0], c.edit[1]), { ...c, after: "after" in c ? c.after : "" }, c.message));

test.run();
