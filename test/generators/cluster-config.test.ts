import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateClusterConfig } from "../../generators/cluster-config/index.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { MARKDOWN } from "../helpers/pipeline.ts";

const test = suite("cluster-config generator");
type Obj = Record<string, any>;

/** The objects of a part (`out/platform/clusters/<env>/<part>.yaml`), wherever placement put each of them. */
function objects(config: FawkesConfigInput, path: string): Obj[] {
  const [dir, part] = [path.slice(0, path.lastIndexOf("/")), path.slice(path.lastIndexOf("/") + 1)];
  const files = generateClusterConfig(resolveFrom(config)).filter(
    (f) => f.path === path || (f.path.startsWith(`${dir}/namespaces/`) && f.path.endsWith(`/${part}`)),
  );
  if (files.length === 0) throw new Error(`no ${path}`);
  return files.flatMap((f) => (f.type === "objects" ? f.objects.map((o) => o.toJSON() as Obj) : []));
}

test("APIs without user authentication (Vault, log and trace ingestion) are served on an internal Gateway only", () => {
  const gateways = objects(SMALL, "out/platform/clusters/prod/gateway.yaml").filter((o) => o.kind === "Gateway");
  const byName = Object.fromEntries(gateways.map((g) => [g.metadata.name, g]));
  const hosts = (g: Obj) => g.spec.listeners.map((l: Obj) => l.hostname).filter(Boolean);
  assert.equal(hosts(byName["platform-internal"]!).sort(), [
    "loki.m.example",
    "prometheus.m.example",
    "tempo.m.example",
    "vault.m.example",
  ]);
  assert.is(
    byName["platform-internal"]!.spec.infrastructure.annotations[
      "service.beta.kubernetes.io/aws-load-balancer-internal"
    ],
    "true",
  );
  for (const host of ["loki.m.example", "prometheus.m.example", "tempo.m.example", "vault.m.example"])
    assert.not.ok(hosts(byName.platform!).includes(host), `${host} not public`);
  assert.is(
    byName.platform!.spec.infrastructure.annotations["service.beta.kubernetes.io/aws-load-balancer-internal"],
    undefined,
  );
  const routes = objects(SMALL, "out/platform/clusters/prod/central-routes.yaml");
  assert.is(routes.find((r) => r.metadata.name === "loki")!.spec.parentRefs[0].name, "platform-internal");
  assert.is(routes.find((r) => r.metadata.name === "argocd")!.spec.parentRefs[0].name, "platform");
});

test("the gateway's data plane takes traffic from outside the mesh (inbound capture bypassed), only under the mesh", () => {
  const meshed = objects(SMALL, "out/platform/clusters/dev/gateway.yaml").find((o) => o.kind === "Gateway")!;
  assert.is(meshed.spec.infrastructure.annotations["ambient.istio.io/bypass-inbound-capture"], "true");
  const plain = objects(
    { ...SMALL, components: { ...SMALL.components, mesh: "none" } },
    "out/platform/clusters/dev/gateway.yaml",
  ).find((o) => o.kind === "Gateway")!;
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
  assert.equal(
    hosts.filter((h: string) => /^(argocd|grafana|backstage|jenkins|vault|devlake|loki|tempo|prometheus)\./.test(h)),
    [],
  );
});

test("every platform namespace denies ingress but for exactly the platform's flows", () => {
  const model = resolveFrom(SMALL);
  const files = generateClusterConfig(model).filter((f) =>
    /^out\/platform\/clusters\/prod\/namespaces\/[^/]+\/network\.yaml$/.test(f.path),
  );
  const policies = new Map(
    files.map((f) => [f.path.split("/").at(-2)!, f.type === "objects" ? f.objects.map((o) => o.toJSON() as Obj) : []]),
  );
  for (const namespace of ["argocd", "vault", "kyverno", "monitoring", "external-secrets", "nginx-gateway"]) {
    assert.ok(
      policies
        .get(namespace)
        ?.some(
          (p) =>
            p.metadata.name === "default-deny-ingress" &&
            p.spec.policyTypes[0] === "Ingress" &&
            p.spec.ingress === undefined,
        ),
      `${namespace} denies by default`,
    );
  }
  const admits = (namespace: string, from: string | "any", port: number | string) =>
    (policies.get(namespace) ?? []).some((p) =>
      (p.spec.ingress ?? []).some(
        (rule: Obj) =>
          (from === "any"
            ? rule.from === undefined
            : (rule.from ?? []).some(
                (f: Obj) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === from,
              )) &&
          (rule.ports === undefined || rule.ports.some((p: Obj) => p.port === port)),
      ),
    );
  assert.ok(admits("vault", "external-secrets", 8200), "External Secrets reads Vault");
  assert.ok(admits("vault", "web", 8200), "Vault Agents of a team read Vault");
  assert.not.ok(admits("vault", "kyverno", 8200), "nobody else reaches Vault");
  assert.ok(admits("argocd", "nginx-gateway", 8080), "the gateway reaches the ArgoCD server");
  assert.ok(admits("kyverno", "any", "https"), "the API server reaches Kyverno's webhooks");
  assert.ok(admits("opentelemetry-operator-system", "web", 4318), "workloads export OTLP to the collector");
  assert.ok(admits("nginx-gateway", "any", 443), "clients reach the gateway");
  assert.ok(admits("argocd", "monitoring", 8083), "Prometheus scrapes every platform namespace");
  assert.ok(
    admits("monitoring", "opentelemetry-operator-system", 9090),
    "the collector remote-writes metrics to Prometheus",
  );
});

test("cluster-scoped configuration syncs on its own; the rest travels with the component that creates its namespace", async () => {
  const { generateTree } = await import("../../core/generate-tree.ts");
  const model = resolveFrom(SMALL);
  const generated = await generateTree(model, MARKDOWN);
  assert.ok(generated.ok);
  if (!generated.ok) return;
  const { parseAllDocuments } = await import("yaml");
  const docs = (path: string) => parseAllDocuments(generated.tree.get(path)!.content).map((d) => d.toJS() as Obj);
  const apps = [...generated.tree.keys()]
    .filter((p) => p.startsWith("out/platform/apps/components/prod/"))
    .flatMap(docs);
  for (const path of generated.tree.keys()) {
    const placed = /^out\/platform\/clusters\/prod\/(namespaces\/([^/]+)\/)?[^/]+\.yaml$/.exec(path);
    if (!placed) continue;
    if (placed[2] === undefined) {
      for (const o of docs(path))
        assert.is(
          o.metadata.namespace,
          undefined,
          `${path}: ${o.kind} ${o.metadata.namespace}/${o.metadata.name} is namespaced but syncs on its own`,
        );
    } else {
      const syncers = apps.filter((a) =>
        (a.spec.sources ?? [a.spec.source]).some(
          (s: Obj) => s.path === `out/platform/clusters/prod/namespaces/${placed[2]}`,
        ),
      );
      assert.is(syncers.length, 1, `${placed[2]}/ is synced by exactly one Application`);
      assert.is(syncers[0]!.spec.destination.namespace, placed[2], "the one that creates the namespace");
    }
  }
});

test.run();
