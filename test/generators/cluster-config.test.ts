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

test.run();
