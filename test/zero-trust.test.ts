// Zero trust: AuthorizationPolicies admit exactly the declared callers; NetworkPolicies and
// AuthorizationPolicies agree for every pair of services; each team's Vault policy reads only its paths.
import { parse as parseHcl } from "@cdktn/hcl2json";
import { parseAllDocuments } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateWorkloads } from "../generators/workloads/index.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";
import { generateIn } from "./helpers/pipeline.ts";
import { REPO, cli, editExample, writeCase } from "./helpers/repo.ts";

type Obj = Record<string, any>;
const test = suite("zero trust");

test("an AuthorizationPolicy admits exactly the declared callers, by identity", () => {
  const CASES: { callers: string[]; exposed: boolean; want: string[] }[] = [
    { callers: [], exposed: false, want: [] },
    { callers: ["a"], exposed: false, want: ["cluster.local/ns/web/sa/a"] },
    {
      callers: ["a", "b"],
      exposed: true,
      want: ["cluster.local/ns/web/sa/a", "cluster.local/ns/web/sa/b", "ns:nginx-gateway"],
    },
  ];
  for (const { callers, exposed, want } of CASES) {
    // Not scraped (metrics: false), so Prometheus is not among the callers.
    const services: Obj = { api: { team: "web", description: "x", expose: exposed, metrics: false } };
    for (const c of ["a", "b"])
      services[c] = { team: "web", description: c, dependsOn: callers.includes(c) ? ["api"] : [] };
    const releases = Object.fromEntries(Object.keys(services).map((s) => [s, { dev: "1", prod: "1" }]));
    const files = generateWorkloads(resolveFrom({ ...SMALL, services }, releases));
    const file = files.find((f) => f.path === "out/platform/services/dev/api/manifests.yaml")!;
    const policy = (file.type === "objects" ? file.objects.map((o) => o.toJSON() as Obj) : []).find(
      (o) => o.kind === "AuthorizationPolicy",
    )!;
    assert.is(policy.spec.action, "ALLOW");
    const admitted = policy.spec.rules
      .flatMap((r: Obj) => [
        ...(r.from[0].source.principals ?? []),
        ...(r.from[0].source.namespaces ?? []).map((n: string) => `ns:${n}`),
      ])
      .sort();
    assert.equal(admitted, want, JSON.stringify({ callers, exposed }));
  }
});

test("no mesh: no AuthorizationPolicy, no ambient label, no HBONE port", () => {
  const model = resolveFrom(
    {
      ...SMALL,
      components: { ...SMALL.components, mesh: "none" },
      services: { api: { team: "web", description: "x", expose: true } },
    },
    { api: { dev: "1", prod: "1" } },
  );
  const text = JSON.stringify(
    generateWorkloads(model).map((f) => (f.type === "objects" ? f.objects.map((o) => o.toJSON()) : [])),
  );
  assert.not.match(text, /AuthorizationPolicy|15008/);
  assert.is(
    model.components.some((c) => c.key === "ztunnel"),
    false,
  );
});

/** Does a NetworkPolicy ingress rule admit a pod (namespace, labels) on a port? */
function npAdmits(policy: Obj, from: { namespace: string; name: string }, port: number): boolean {
  return (policy.spec.ingress ?? []).some(
    (rule: Obj) =>
      (rule.from ?? []).some(
        (peer: Obj) =>
          peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === from.namespace &&
          peer.podSelector?.matchLabels?.["app.kubernetes.io/name"] === from.name,
      ) &&
      (rule.ports ?? []).some((p: Obj) => p.port === port) &&
      (rule.ports ?? []).some((p: Obj) => p.port === 15008),
  );
}

function apAdmits(policy: Obj | undefined, from: { namespace: string; name: string }, port: number): boolean {
  if (!policy) return false;
  return policy.spec.rules.some(
    (rule: Obj) =>
      (rule.from[0].source.principals ?? []).includes(`cluster.local/ns/${from.namespace}/sa/${from.name}`) &&
      rule.to[0].operation.ports.includes(String(port)),
  );
}

test("NetworkPolicies and AuthorizationPolicies agree for every pair of services of the example", async () => {
  const { tree, model } = await generateIn(REPO);
  let pairs = 0;
  for (const env of model.environments) {
    for (const target of model.services.filter(
      (s) => s.port !== undefined && !s.chart && s.deployments.some((d) => d.environment === env),
    )) {
      const objects = parseAllDocuments(
        tree.get(`out/platform/services/${env.name}/${target.name}/manifests.yaml`)!.content,
      ).map((d) => d.toJS() as Obj);
      const np = objects.find((o) => o.kind === "NetworkPolicy")!;
      const ap = objects.find((o) => o.kind === "AuthorizationPolicy");
      for (const caller of model.services.filter(
        (s) => s !== target && s.deployments.some((d) => d.environment === env),
      )) {
        const from = { namespace: caller.namespace, name: caller.name };
        const declared = caller.deployments.find((d) => d.environment === env)!.dependsOn.includes(target);
        assert.is(
          npAdmits(np, from, target.port!),
          declared,
          `NetworkPolicy ${env.name}: ${caller.name} → ${target.name}`,
        );
        assert.is(
          apAdmits(ap, from, target.port!),
          declared,
          `AuthorizationPolicy ${env.name}: ${caller.name} → ${target.name}`,
        );
        pairs++;
      }
    }
  }
  assert.ok(pairs > 50, `${pairs} pairs`);
});

test("the mesh's privileged pieces get narrow exceptions, and the preflight still passes", async () => {
  const { tree } = await generateIn(REPO);
  const exceptions = tree.get("out/platform/clusters/dev/namespaces/kyverno/policy-exceptions.yaml")!.content;
  assert.match(
    exceptions,
    /name: istio-cni-node[\s\S]*?request\.namespace == 'istio-system'[\s\S]*?'k8s-app'\] == 'istio-cni-node'/,
  );
  assert.match(
    exceptions,
    /name: ztunnel-node-proxy[\s\S]*?request\.namespace == 'istio-system'[\s\S]*?\['app'\] == 'ztunnel'/,
  );
  assert.match(tree.get("out/platform/clusters/dev/namespaces/istio-system/mesh.yaml")!.content, /mode: STRICT/);
  assert.match(tree.get("out/platform/namespaces/dev/payments.yaml")!.content, /istio\.io\/dataplane-mode: ambient/);
});

test("the Vault root pins its provider and gives each team's role read on its own paths of its environment only", async () => {
  const { tree, model } = await generateIn(REPO);
  const versions = await parseHcl("versions.tf", tree.get("out/infra/vault/versions.tf")!.content);
  assert.match(versions.terraform[0].required_providers[0].vault.version, /^\d+\.\d+\.\d+$/);
  const main = await parseHcl("main.tf", tree.get("out/infra/vault/main.tf")!.content);
  const roles = main.resource.vault_kubernetes_auth_backend_role as Record<string, Obj[]>;
  let teamRoles = 0;
  for (const team of model.teams) {
    for (const env of model.environments) {
      const role = roles[`${team.name}_${env.name}`]?.[0];
      const reads = team.services.some((s) => s.deployments.some((d) => d.environment === env && d.secrets.length > 0));
      assert.is(role !== undefined, reads, `${team.name} in ${env.name}: a role exactly when the team reads a secret`);
      if (!role) continue;
      teamRoles++;
      assert.equal(
        [role.role_name, role.backend, role.bound_service_account_namespaces],
        [`${team.name}-${env.name}`, `\${vault_auth_backend.${env.name}.path}`, [team.namespace]],
      );
      assert.not.ok(role.bound_service_account_names.includes("*"), "named service accounts only");
      const rules = main.data.vault_policy_document[`${team.name}_${env.name}`][0].rule as Obj[];
      for (const rule of rules) {
        assert.ok(rule.path.startsWith(`kv/data/${env.name}/teams/${team.name}/`), rule.path);
        assert.not.ok(rule.path.endsWith("*"), "exact paths, no prefix");
        assert.equal(rule.capabilities, ["read"]);
      }
    }
  }
  assert.ok(teamRoles >= 9, `${teamRoles} team roles`);
  assert.equal(Object.keys(main.resource.vault_auth_backend).sort(), ["dev", "prod", "staging"]);
});

test("a team's ExternalSecrets go through its own SecretStore, not a shared one", async () => {
  const { tree } = await generateIn(REPO);
  assert.match(
    tree.get("out/platform/services/prod/checkout-api/manifests.yaml")!.content,
    /secretStoreRef:\n {4}kind: SecretStore\n {4}name: vault/,
  );
  const ns = tree.get("out/platform/namespaces/prod/payments.yaml")!.content;
  assert.match(ns, /kind: SecretStore[\s\S]*?mountPath: kubernetes-prod\n {10}role: payments-prod/);
  const platformStore = tree.get("out/platform/clusters/prod/secret-store.yaml")!.content;
  assert.match(platformStore, /name: vault-platform[\s\S]*conditions:\n {4}- namespaces:\n {8}- argocd/);
});

test("a secret reference outside the service's team fails validation", async () => {
  const run = await cli([
    "validate",
    "-C",
    writeCase(editExample('path: "storefront/catalog-api/search"', 'path: "payments/checkout-api/stripe"')),
  ]);
  assert.is(run.code, 1);
  assert.match(
    run.stderr,
    /services\.catalog-api\.secrets\.SEARCH_API_KEY\.path: "payments\/checkout-api\/stripe" is outside team "storefront"'s Vault paths/,
  );
});

test.run();
