import { suite } from "uvu";
import * as assert from "uvu/assert";
import { syncPolicy } from "../../generators/argocd/common.ts";
import { generateArgocd } from "../../generators/argocd/index.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

type Obj = Record<string, any>;
const test = suite("argocd generator");

function objects(config = SMALL, releases: Record<string, Record<string, string>> = {}): Record<string, Obj> {
  const files = generateArgocd(resolveFrom(config, releases));
  return Object.fromEntries(
    files.map((f) => [
      f.path.replace("out/platform/apps/", ""),
      f.type === "objects" ? (f.objects[0]!.toJSON() as Obj) : {},
    ]),
  );
}

test("protected environments never prune automatically", () => {
  assert.equal(syncPolicy(false)?.automated, { prune: true, selfHeal: true });
  assert.equal(syncPolicy(true)?.automated, { prune: false, selfHeal: true });
});

test("the root app syncs out/platform/apps; each environment's namespaces go to its cluster", () => {
  const o = objects();
  const root = o["root.yaml"]!;
  assert.is(root.spec.source.path, "out/platform/apps");
  assert.is(root.spec.source.repoURL, "https://github.com/m/p");
  assert.is(root.metadata.namespace, "argocd");
  assert.is(o["namespaces/dev.yaml"]!.spec.destination.name, "dev");
  assert.is(o["namespaces/dev.yaml"]!.spec.source.path, "out/platform/namespaces/dev");
  assert.is(o["namespaces/prod.yaml"]!.spec.destination.name, "in-cluster", "the management cluster is ArgoCD's own");
  assert.is(o["namespaces/prod.yaml"]!.spec.syncPolicy.automated.prune, false);
});

test("a team's project reaches only its namespaces, no cluster-scoped resources, roles for its group", () => {
  const project = objects()["projects/web.yaml"]!;
  assert.equal(project.spec.destinations, [
    { name: "dev", namespace: "web" },
    { name: "in-cluster", namespace: "web" },
  ]);
  assert.equal(project.spec.clusterResourceWhitelist, []);
  assert.equal(project.spec.sourceRepos, ["https://github.com/m/p"]);
  assert.equal(project.spec.roles[0].groups, ["m:web"]);
  // View everywhere, sync only where the environment is not protected (prod is).
  assert.equal(project.spec.roles[0].policies, [
    "p, proj:web:team, applications, get, web/*, allow",
    "p, proj:web:team, applications, sync, web/*-dev, allow",
  ]);
});

test("services: an ApplicationSet per team and environment, go templates with missingkey=error", () => {
  const config = {
    ...SMALL,
    services: {
      a: { team: "web", description: "a", build: { type: "node" as const, repo: "https://github.com/m/a" } },
      b: { team: "web", description: "b", environments: ["prod"] },
    },
  };
  const o = objects(config, { a: { dev: "1", prod: "3f2c1a9@sha256:" + "a".repeat(64) }, b: { prod: "1" } });
  const dev = o["services/dev/web.yaml"]!;
  assert.is(dev.kind, "ApplicationSet");
  assert.is(dev.spec.goTemplate, true);
  assert.equal(dev.spec.goTemplateOptions, ["missingkey=error"]);
  // DORA: each Application carries the source repository and commit its image was built from.
  assert.equal(dev.spec.generators, [
    { list: { elements: [{ service: "a", repo: "https://github.com/m/a", commit: "" }] } },
  ]);
  assert.is(dev.spec.template.metadata.annotations["fawkes.dev/source-commit"], "{{.commit}}");
  assert.is(dev.spec.template.spec.source.path, "out/platform/services/dev/{{.service}}");
  assert.equal(dev.spec.template.spec.destination, { name: "dev", namespace: "web" });
  assert.is(dev.spec.template.spec.project, "web");
  assert.is(dev.spec.template.spec.syncPolicy.automated.prune, true);
  const prod = o["services/prod/web.yaml"]!;
  assert.equal(prod.spec.generators[0].list.elements, [
    { service: "a", repo: "https://github.com/m/a", commit: "3f2c1a9" },
    { service: "b", repo: "", commit: "" },
  ]);
  assert.is(prod.spec.template.spec.syncPolicy.automated.prune, false);
  assert.is(prod.spec.syncPolicy.preserveResourcesOnDeletion, true);
});

test("components: two sources, the chart pinned and the values through $values, in sync waves", () => {
  const o = objects();
  const kyverno = o["components/dev/kyverno.yaml"]!;
  assert.equal(kyverno.spec.sources[0], {
    repoURL: "https://kyverno.github.io/kyverno/",
    chart: "kyverno",
    targetRevision: "3.9.0",
    helm: { releaseName: "kyverno", valueFiles: ["$values/out/platform/values/dev/kyverno.yaml"] },
  });
  assert.equal(kyverno.spec.sources[1], { repoURL: "https://github.com/m/p", targetRevision: "main", ref: "values" });
  const wave = (path: string) => Number(o[path]!.metadata.annotations["argocd.argoproj.io/sync-wave"]);
  assert.ok(wave("components/dev/cert-manager.yaml") < wave("components/dev/nginx-gateway-fabric.yaml"));
  assert.ok(wave("components/prod/vault.yaml") < wave("components/prod/backstage.yaml"));
  assert.ok(o["components/prod/argocd.yaml"]!.spec.syncPolicy.syncOptions.includes("ServerSideApply=true"));
  assert.is(o["components/dev/argocd.yaml"], undefined, "central components run only in the management environment");
});

test("disabling a component removes exactly its Applications", () => {
  const on = Object.keys(objects());
  const off = Object.keys(
    objects({
      ...SMALL,
      components: {
        ...SMALL.components,
        loki: { enabled: false },
        kyverno: { environments: { dev: { enabled: false } } },
      },
    }),
  );
  assert.equal(on.filter((p) => !off.includes(p)).sort(), ["components/dev/kyverno.yaml", "components/prod/loki.yaml"]);
  assert.equal(
    off.filter((p) => !on.includes(p)),
    [],
  );
});

test.run();
