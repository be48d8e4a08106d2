// The config's own labels (platform, team, service, per environment) on services' objects and pods and on team
// namespaces, and the required-labels policy checked against them at validate time.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { formatPath } from "../core/problems.ts";
import { validateConfig } from "../core/validate.ts";
import { generateNamespaces } from "../generators/namespaces/index.ts";
import { generateWorkloads } from "../generators/workloads/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";

type Obj = Record<string, any>;
const test = suite("labels");

const CC = "acme.dev/cost-center";
const RELEASES = { api: { dev: "1", prod: "1" } };

function config(extra: Partial<FawkesConfigInput> = {}, api: object = {}): FawkesConfigInput {
  return {
    ...SMALL,
    platform: { ...SMALL.platform, labels: { [CC]: "platform", "acme.dev/tier": "standard" } },
    teams: { web: { ...SMALL.teams.web!, labels: { [CC]: "cc-7" } } },
    services: { api: { team: "web", description: "api", ...api } },
    ...extra,
  };
}

function objectsOf(input: FawkesConfigInput, env: string): Obj[] {
  const model = resolveFrom(input, RELEASES);
  const file = generateWorkloads(model).find((f) => f.path === `out/platform/services/${env}/api/manifests.yaml`)!;
  if (file.type !== "objects") throw new Error();
  return file.objects.map((o) => o.toJSON() as Obj);
}

test("platform < team < service (per environment), on every object and the pods; Fawkes' own labels kept", () => {
  const input = config({}, { labels: { "acme.dev/tier": "gold" }, overrides: { prod: { labels: { [CC]: "cc-9" } } } });
  for (const [env, cc] of [
    ["dev", "cc-7"],
    ["prod", "cc-9"],
  ] as const) {
    const objects = objectsOf(input, env);
    for (const o of objects) {
      assert.is(o.metadata.labels[CC], cc, `${env} ${o.kind}`);
      assert.is(o.metadata.labels["acme.dev/tier"], "gold", `${env} ${o.kind}`);
      assert.is(o.metadata.labels["fawkes.dev/team"], "web");
    }
    const pod = objects.find((o) => o.kind === "Deployment")!.spec.template.metadata.labels;
    assert.is(pod[CC], cc);
    assert.is(pod["app.kubernetes.io/name"], "api");
  }
});

test("the team namespace carries the platform's and the team's labels, not a service's", () => {
  const model = resolveFrom(config({}, { labels: { "acme.dev/tier": "gold" } }), RELEASES);
  const file = generateNamespaces(model).find((f) => f.path === "out/platform/namespaces/dev/web.yaml")!;
  if (file.type !== "objects") throw new Error();
  const ns = file.objects.map((o) => o.toJSON() as Obj).find((o) => o.kind === "Namespace")!;
  assert.is(ns.metadata.labels[CC], "cc-7");
  assert.is(ns.metadata.labels["acme.dev/tier"], "standard");
  assert.is(ns.metadata.labels["fawkes.dev/team"], "web");
});

function problems(input: FawkesConfigInput): string[] {
  return validateConfig(input, RELEASES).problems.map(
    (p) => `${p.severity ?? "error"} ${formatPath(p.path)}: ${p.message}`,
  );
}

const REQUIRE_CC = { requiredLabels: ["app.kubernetes.io/name", CC] };

test("a required label is checked against what the pods carry, per environment", () => {
  const noPlatform = config({ platform: SMALL.platform, teams: SMALL.teams, policies: REQUIRE_CC });
  assert.ok(
    problems(noPlatform).includes(
      `error policies.requiredLabels[1]: the pods of api (dev), api (prod) would not carry "${CC}": the require-labels policy would deny them`,
    ),
    problems(noPlatform).join("\n"),
  );
  const prodOnly = config(
    { platform: SMALL.platform, teams: SMALL.teams, policies: REQUIRE_CC },
    { overrides: { prod: { labels: { [CC]: "cc-9" } } } },
  );
  assert.ok(
    problems(prodOnly).some((p) => p.includes("the pods of api (dev) would not carry")),
    problems(prodOnly).join("\n"),
  );
  assert.equal(
    problems(config({ policies: REQUIRE_CC })).filter((p) => p.includes("requiredLabels")),
    [],
    "the platform's label satisfies it",
  );
  const empty = config({
    platform: SMALL.platform,
    teams: { web: { ...SMALL.teams.web!, labels: { [CC]: "" } } },
    policies: REQUIRE_CC,
  });
  assert.ok(
    problems(empty).some((p) => p.includes("would not carry")),
    "an empty value does not count",
  );
});

test("Audit reports a warning, Disabled and an exception say nothing", () => {
  const base = { platform: SMALL.platform, teams: SMALL.teams };
  const audit = problems(config({ ...base, policies: { ...REQUIRE_CC, mode: "Audit" } }));
  assert.ok(
    audit.some((p) => p.startsWith("warning policies.requiredLabels[1]") && p.includes("would report them")),
    audit.join("\n"),
  );
  const disabled = problems(
    config({ ...base, policies: { ...REQUIRE_CC, overrides: { "require-labels": "Disabled" } } }),
  );
  assert.not.ok(disabled.some((p) => p.includes("requiredLabels")));
  const excepted = problems(
    config({
      ...base,
      policies: {
        ...REQUIRE_CC,
        exceptions: [{ policy: "require-labels", team: "web", reason: "legacy workloads being migrated" }],
      },
    }),
  );
  assert.not.ok(excepted.some((p) => p.includes("requiredLabels")));
});

test("keys Fawkes, Kubernetes, Istio or Azure act on are refused, at the key", () => {
  for (const key of [
    "fawkes.dev/team",
    "fawkes.dev/anything",
    "app.kubernetes.io/name",
    "kubernetes.io/metadata.name",
    "node.k8s.io/x",
    "istio.io/rev",
    "azure.workload.identity/use",
  ]) {
    const found = problems(config({}, { overrides: { prod: { labels: { [key]: "x" } } } }));
    assert.ok(
      found.some((p) =>
        p.startsWith(`error services.api.overrides.prod.labels.${key}: the label "${key}" cannot be set`),
      ),
      `${key}:\n${found.join("\n")}`,
    );
  }
  assert.equal(
    problems(config({}, { labels: { "app.kubernetes.io/version": "1.2", "acme.dev/x": "y" } })).filter((p) =>
      p.includes("cannot be set"),
    ),
    [],
  );
});

test.run();
