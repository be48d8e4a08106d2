import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateNamespaces } from "../../generators/namespaces/index.ts";
import { podSecurityLabels } from "../../generators/namespaces/team-namespace.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

const test = suite("namespaces generator");

const PSA_CASES = [
  { given: { mode: "Enforce", podSecurity: "restricted" }, want: { audit: "restricted", warn: "restricted", enforce: "restricted" } },
  { given: { mode: "Enforce", podSecurity: "baseline" }, want: { audit: "baseline", warn: "baseline", enforce: "baseline" } },
  { given: { mode: "Audit", podSecurity: "restricted" }, want: { audit: "restricted", warn: "restricted" } },
  { given: { mode: "Enforce", podSecurity: "restricted", overrides: { "pod-security": "Audit" } }, want: { audit: "restricted", warn: "restricted" } },
] as const;

for (const { given, want } of PSA_CASES) {
  test(`Pod Security Admission labels for ${JSON.stringify(given)}`, () => {
    const model = resolveFrom({ ...SMALL, policies: given });
    const expected = Object.fromEntries(Object.entries(want).map(([k, v]) => [`pod-security.kubernetes.io/${k}`, v]));
    assert.equal(podSecurityLabels(model.policies), expected);
  });
}

test("a namespace, quota and limit range per team and environment, from the team's quota", () => {
  const files = generateNamespaces(resolveFrom(SMALL));
  assert.equal(files.map((f) => f.path), ["out/platform/namespaces/dev/web.yaml", "out/platform/namespaces/prod/web.yaml"]);
  const [namespace, quota, limits] = files[0]!.type === "objects" ? files[0]!.objects.map((o) => o.toJSON() as Record<string, any>) : [];
  assert.is(namespace!.kind, "Namespace");
  assert.is(namespace!.metadata.name, "web");
  assert.is(namespace!.metadata.labels["fawkes.dev/environment"], "dev");
  assert.equal(quota!.spec.hard, { "requests.cpu": "4", "requests.memory": "8Gi", "limits.memory": "8Gi", "requests.storage": "100Gi", pods: "20" });
  assert.is(limits!.spec.limits[0].type, "Container");
  assert.equal(files[0]!.sources, ["teams.web", "environments.dev", "policies"]);
});

test.run();
