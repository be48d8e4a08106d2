import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateNamespaces } from "../../generators/namespaces/index.ts";
import { podSecurityLabels } from "../../core/policy/admission.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { sourceList } from "../../core/provenance.ts";

const test = suite("namespaces generator");

const PSA_CASES = [
  {
    given: { mode: "Enforce", podSecurity: "restricted" },
    want: { audit: "restricted", warn: "restricted", enforce: "restricted" },
  },
  {
    given: { mode: "Enforce", podSecurity: "baseline" },
    want: { audit: "baseline", warn: "baseline", enforce: "baseline" },
  },
  { given: { mode: "Audit", podSecurity: "restricted" }, want: { audit: "restricted", warn: "restricted" } },
  {
    given: { mode: "Enforce", podSecurity: "restricted", overrides: { "pod-security": "Audit" } },
    want: { audit: "restricted", warn: "restricted" },
  },
] as const;

for (const { given, want } of PSA_CASES) {
  test(`Pod Security Admission labels for ${JSON.stringify(given)}`, () => {
    const model = resolveFrom({ ...SMALL, policies: given });
    const expected = Object.fromEntries(Object.entries(want).map(([k, v]) => [`pod-security.kubernetes.io/${k}`, v]));
    assert.equal(podSecurityLabels(model.policies), expected);
  });
}

test("a namespace, quota, limit range, default deny, DNS and team RBAC per team and environment", () => {
  const files = generateNamespaces(resolveFrom(SMALL));
  assert.equal(
    files.map((f) => f.path),
    ["out/platform/namespaces/dev/web.yaml", "out/platform/namespaces/prod/web.yaml"],
  );
  const objectsOf = (i: number) => {
    const file = files[i]!;
    if (file.type !== "objects") throw new Error("expected objects");
    const objects = file.objects.map((o) => o.toJSON() as Record<string, any>);
    return (kind: string, name?: string) =>
      objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;
  };
  const dev = objectsOf(0);
  assert.is(dev("Namespace").metadata.name, "web");
  assert.is(dev("Namespace").metadata.labels["fawkes.dev/environment"], "dev");
  assert.equal(dev("ResourceQuota").spec.hard, {
    "requests.cpu": "4",
    "requests.memory": "8Gi",
    "limits.memory": "16Gi",
    "requests.storage": "100Gi",
    pods: "20",
  });
  assert.is(dev("LimitRange").spec.limits[0].type, "Container");
  assert.equal(dev("NetworkPolicy", "default-deny").spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  assert.equal(dev("NetworkPolicy", "allow-dns").spec.egress[0].ports, [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ]);
  assert.equal(dev("RoleBinding").roleRef.name, "edit");
  assert.equal(dev("RoleBinding").subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "m:web" }]);
  const prod = objectsOf(1);
  assert.equal(prod("RoleBinding").roleRef.name, "view", "read-only in a protected environment");
  // Limits default to twice the request: the limits quota leaves room for them.
  assert.is(dev("ResourceQuota").spec.hard["limits.memory"], "16Gi");
  // Under the mesh, a workload without its own ALLOW policy accepts no caller.
  assert.equal(dev("AuthorizationPolicy", "allow-nothing").spec, {});
  for (const entry of ["teams.web", "environments.dev", "policies", "components.externalSecrets"])
    assert.ok(sourceList(files[0]!.sources).includes(entry), entry);
  assert.not.ok(sourceList(files[0]!.sources).includes("environments.prod"));
});

test.run();
