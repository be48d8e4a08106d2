// `patches`: the escape hatch. A patch changes a generated object before validation and the policy
// preflight, says so on the object, is named by `explain` and tagged by `plan`; a patch that fails or matches
// nothing is an error at its entry.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseAllDocuments } from "yaml";
import { planOf } from "./helpers/plan-fixture.ts";
import { EXAMPLE_CONFIG, cli, editExample, positionOf, writeCase } from "./helpers/repo.ts";

const test = suite("patches");

/** The example's patch (checkout-api's Deployment in prod, a JSON Patch) replaced by `patch`. */
function withPatch(patch: string): string {
  const start = EXAMPLE_CONFIG.indexOf("  patches: [\n");
  const end = EXAMPLE_CONFIG.indexOf("  ],\n", start) + "  ],\n".length;
  assert.ok(start > 0 && end > start, "the example has a patches section");
  return `${EXAMPLE_CONFIG.slice(0, start)}  patches: [\n${patch}\n  ],\n${EXAMPLE_CONFIG.slice(end)}`;
}

const deploymentIn = (dir: string, env: string, service: string): Record<string, any> => {
  const text = readFileSync(join(dir, `out/platform/services/${env}/${service}/manifests.yaml`), "utf8");
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Record<string, any>)
    .find((o) => o.kind === "Deployment")!;
};

test("the example's JSON Patch: applied in prod only, annotated, named by explain", async () => {
  const dir = writeCase(EXAMPLE_CONFIG);
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  const prod = deploymentIn(dir, "prod", "checkout-api");
  assert.is(prod.spec.template.spec.terminationGracePeriodSeconds, 90);
  assert.is(prod.metadata.annotations["fawkes.dev/patched-by"], "patches[0]");
  const staging = deploymentIn(dir, "staging", "checkout-api");
  assert.is(staging.spec.template.spec.terminationGracePeriodSeconds, undefined);
  assert.is(staging.metadata.annotations?.["fawkes.dev/patched-by"], undefined);
  const explain = await cli(["explain", "-C", dir, "out/platform/services/prod/checkout-api/manifests.yaml"]);
  assert.match(explain.stdout, /patches\.0/);
  const other = await cli(["explain", "-C", dir, "out/platform/services/staging/checkout-api/manifests.yaml"]);
  assert.not.match(other.stdout, /patches\.0/);
});

test("a merge patch sets and removes fields; the result is validated and admitted like any object", async () => {
  const dir = writeCase(
    withPatch(`    {
      target: { kind: "Deployment", name: "catalog-api" },
      merge: { spec: { revisionHistoryLimit: 3, template: { spec: { automountServiceAccountToken: null } } } },
      reason: "fewer old ReplicaSets",
    },`),
  );
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  for (const env of ["dev", "staging", "prod"]) {
    const deployment = deploymentIn(dir, env, "catalog-api");
    assert.is(deployment.spec.revisionHistoryLimit, 3, env);
    assert.is(deployment.spec.template.spec.automountServiceAccountToken, undefined, env);
  }
});

test("a patched pod goes through the policy preflight: a patch cannot slip hostNetwork past admission", async () => {
  const dir = writeCase(
    withPatch(`    {
      target: { kind: "Deployment", name: "catalog-api" },
      environments: ["dev"],
      json: [{ op: "add", path: "/spec/template/spec/hostNetwork", value: true }],
      reason: "debugging",
    },`),
  );
  const run = await cli(["validate", "-C", dir]);
  assert.is(run.code, 0, "validate does not generate");
  const generate = await cli(["generate", "-C", dir]);
  assert.is(generate.code, 1);
  assert.match(generate.stderr, /would deny Deployment storefront\/catalog-api in dev: .*host/i);
});

const located = async (patch: string, needle: string, path: string, message: RegExp, command = "generate") => {
  const config = withPatch(patch);
  const run = await cli([command, "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  const { line, column } = positionOf(config, needle, "  patches: [");
  const hit = run.stderr.split("\n").find((l) => l.startsWith(`fawkes.config.ts:${line}:${column} ${path}: `));
  assert.ok(hit, `expected fawkes.config.ts:${line}:${column} ${path}: … in\n${run.stderr}`);
  assert.match(hit!, message);
};

test("a patch that matches nothing is an error at its entry", () =>
  located(
    `    { target: { kind: "Deployment", name: "no-such-service" }, merge: { spec: { replicas: 2 } }, reason: "x" },`,
    "{ target",
    "patches[0]",
    /patch matches no generated object: no Deployment named no-such-service/,
  ));

test("an operation that fails is an error at its entry, naming the file", () =>
  located(
    `    { target: { kind: "Deployment", name: "catalog-api" }, json: [{ op: "replace", path: "/spec/nope/x", value: 1 }], reason: "x" },`,
    "{ target",
    "patches[0]",
    /patch of Deployment catalog-api in out\/platform\/services\/\w+\/catalog-api\/manifests\.yaml failed/,
  ));

test("a patch may not rename its object", () =>
  located(
    `    { target: { kind: "Deployment", name: "catalog-api" }, merge: { metadata: { name: "other" } }, reason: "x" },`,
    "{ target",
    "patches[0]",
    /may not change the object's kind or name/,
  ));

test("a patch that makes an object invalid fails its validation", async () => {
  const dir = writeCase(
    withPatch(
      `    { target: { kind: "Deployment", name: "catalog-api" }, merge: { spec: { replicas: "many" } }, reason: "x" },`,
    ),
  );
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 1);
  assert.match(
    run.stderr,
    /Deployment storefront\/catalog-api in out\/platform\/services\/\w+\/catalog-api\/manifests\.yaml is invalid/,
  );
});

test("shape and references: one of merge or json, known environments, JSON Pointers", async () => {
  await located(
    `    { target: { kind: "Deployment", name: "catalog-api" }, environments: ["qa"], merge: {}, reason: "x" },`,
    '"qa"',
    "patches[0].environments[0]",
    /unknown environment "qa"/,
    "validate",
  );
  await located(
    `    { target: { kind: "Deployment", name: "catalog-api" }, merge: {}, json: [{ op: "remove", path: "/a" }], reason: "x" },`,
    "{ target",
    "patches[0]",
    /give exactly one of merge \(RFC 7396\) or json \(RFC 6902\)/,
    "validate",
  );
  await located(
    `    { target: { kind: "Deployment", name: "catalog-api" }, json: [{ op: "remove", path: "spec" }], reason: "x" },`,
    '"spec"',
    "patches[0].json[0].path",
    /must be a JSON Pointer/,
    "validate",
  );
});

test("plan tags a change to a patched object", async () => {
  const { out } = await planOf(editExample("value: 90 }", "value: 120 }"));
  const plan = JSON.parse(out) as { changes: { id: string; risks: string[]; summary: string[] }[] };
  const change = plan.changes.find((c) => c.id.includes("Deployment payments/checkout-api"));
  assert.ok(change, out.slice(0, 2000));
  assert.equal(change!.risks, ["prod", "patched"]);
  assert.ok(
    change!.summary.some((s) => s.includes("terminationGracePeriodSeconds")),
    change!.summary.join("; "),
  );
});

test.run();
