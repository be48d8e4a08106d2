import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateClusterConfig } from "../../generators/cluster-config/index.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

const test = suite("cluster-config generator");
type Obj = Record<string, any>;

function objects(config: FawkesConfigInput, path: string): Obj[] {
  const file = generateClusterConfig(resolveFrom(config)).find((f) => f.path === path);
  if (!file || file.type !== "objects") throw new Error(`no ${path}`);
  return file.objects.map((o) => o.toJSON() as Obj);
}

test("APIs without user authentication (Vault, log and trace ingestion) are served on an internal Gateway only", () => {
  const gateways = objects(SMALL, "out/platform/clusters/prod/gateway.yaml").filter((o) => o.kind === "Gateway");
  const byName = Object.fromEntries(gateways.map((g) => [g.metadata.name, g]));
  const hosts = (g: Obj) => g.spec.listeners.map((l: Obj) => l.hostname).filter(Boolean);
  assert.equal(hosts(byName["platform-internal"]!).sort(), ["loki.m.example", "prometheus.m.example", "tempo.m.example", "vault.m.example"]);
  assert.is(byName["platform-internal"]!.spec.infrastructure.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"], "true");
  for (const host of ["loki.m.example", "prometheus.m.example", "tempo.m.example", "vault.m.example"]) assert.not.ok(hosts(byName.platform!).includes(host), `${host} not public`);
  assert.is(byName.platform!.spec.infrastructure.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"], undefined);
  const routes = objects(SMALL, "out/platform/clusters/prod/central-routes.yaml");
  assert.is(routes.find((r) => r.metadata.name === "loki")!.spec.parentRefs[0].name, "platform-internal");
  assert.is(routes.find((r) => r.metadata.name === "argocd")!.spec.parentRefs[0].name, "platform");
});

test("the gateway's data plane takes traffic from outside the mesh (inbound capture bypassed), only under the mesh", () => {
  const meshed = objects(SMALL, "out/platform/clusters/dev/gateway.yaml").find((o) => o.kind === "Gateway")!;
  assert.is(meshed.spec.infrastructure.annotations["ambient.istio.io/bypass-inbound-capture"], "true");
  const plain = objects({ ...SMALL, components: { ...SMALL.components, mesh: "none" } }, "out/platform/clusters/dev/gateway.yaml").find((o) => o.kind === "Gateway")!;
  assert.is(plain.spec.infrastructure.annotations["ambient.istio.io/bypass-inbound-capture"], undefined);
});

test("HTTP-01 challenges are answered on the public Gateways only", () => {
  const issuer = objects(SMALL, "out/platform/clusters/prod/cluster-issuer.yaml")[0]!;
  const refs = issuer.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs.map((r: Obj) => r.name);
  assert.equal(refs, ["platform"]);
});

test("central hosts are listened for in the management cluster only", () => {
  const dev = objects(SMALL, "out/platform/clusters/dev/gateway.yaml").filter((o) => o.kind === "Gateway");
  const hosts = dev.flatMap((g) => g.spec.listeners.map((l: Obj) => l.hostname)).filter(Boolean);
  assert.equal(hosts.filter((h: string) => /^(argocd|grafana|backstage|jenkins|vault|devlake|loki|tempo|prometheus)\./.test(h)), []);
});

test("every platform namespace denies ingress but for exactly the platform's flows", () => {
  const model = resolveFrom(SMALL);
  const files = generateClusterConfig(model).filter((f) => f.path.startsWith("out/platform/clusters/prod/network/"));
  const policies = new Map(files.map((f) => [f.path.split("/").pop()!.replace(/\.yaml$/, ""), f.type === "objects" ? f.objects.map((o) => o.toJSON() as Obj) : []]));
  for (const namespace of ["argocd", "vault", "kyverno", "monitoring", "external-secrets", "nginx-gateway"]) {
    assert.ok(policies.get(namespace)?.some((p) => p.metadata.name === "default-deny-ingress" && p.spec.policyTypes[0] === "Ingress" && p.spec.ingress === undefined), `${namespace} denies by default`);
  }
  const admits = (namespace: string, from: string | "any", port: number | string) =>
    (policies.get(namespace) ?? []).some((p) => (p.spec.ingress ?? []).some((rule: Obj) =>
      (from === "any" ? rule.from === undefined : (rule.from ?? []).some((f: Obj) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === from)) &&
      (rule.ports === undefined || rule.ports.some((p: Obj) => p.port === port))));
  assert.ok(admits("vault", "external-secrets", 8200), "External Secrets reads Vault");
  assert.ok(admits("vault", "web", 8200), "Vault Agents of a team read Vault");
  assert.not.ok(admits("vault", "kyverno", 8200), "nobody else reaches Vault");
  assert.ok(admits("argocd", "nginx-gateway", 8080), "the gateway reaches the ArgoCD server");
  assert.ok(admits("kyverno", "any", "https"), "the API server reaches Kyverno's webhooks");
  assert.ok(admits("opentelemetry-operator-system", "web", 4318), "workloads export OTLP to the collector");
  assert.ok(admits("nginx-gateway", "any", 443), "clients reach the gateway");
  assert.ok(admits("argocd", "monitoring", 8083), "Prometheus scrapes every platform namespace");
});

test.run();
