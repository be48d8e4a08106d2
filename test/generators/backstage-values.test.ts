// Backstage configured for what the catalog says: rules for every kind emitted, every credential an
// environment variable of a Secret that an ExternalSecret renders from a platform Vault path through the
// platform's store (which serves Backstage's namespace), a cluster per environment, a pinned image; and the
// config reference tables whole.
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { parse, parseAllDocuments } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateIn } from "../helpers/pipeline.ts";
import { REPO } from "../helpers/repo.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";
import { UPSTREAM_IMAGE } from "../../core/backstage-image/facts.ts";
import { backstageImageRecipe } from "../../core/backstage-image/recipe.ts";
import { BACKSTAGE_IMAGE, backstageValues } from "../../generators/helm-values/backstage.ts";

const test = suite("backstage values");

interface BackstageValues {
  backstage: { image: { tag: string }; appConfig: Record<string, any>; extraEnvVarsSecrets: string[] };
  extraDeploy: {
    kind: string;
    metadata: { name: string; namespace: string };
    spec: {
      secretStoreRef: { name: string };
      target: { name: string };
      data: { secretKey: string; remoteRef: { key: string } }[];
    };
  }[];
}

async function values(): Promise<{
  values: BackstageValues;
  tree: Awaited<ReturnType<typeof generateIn>>["tree"];
  model: Awaited<ReturnType<typeof generateIn>>["model"];
}> {
  const { tree, model } = await generateIn(REPO);
  return {
    values: parse(tree.get("out/platform/values/prod/backstage.yaml")!.content) as BackstageValues,
    tree,
    model,
  };
}

test("the catalog rules allow every kind the catalog emits", async () => {
  const { values: v, tree } = await values();
  const kinds = new Set<string>();
  for (const [path, file] of tree) {
    if (!path.startsWith("out/catalog/") || !path.endsWith(".yaml")) continue;
    for (const doc of parseAllDocuments(file.content)) kinds.add((doc.toJS() as { kind: string }).kind);
  }
  const rules = new Set((v.backstage.appConfig.catalog.rules as { allow: string[] }[]).flatMap((r) => r.allow));
  for (const kind of kinds) assert.ok(rules.has(kind), kind);
  assert.ok(kinds.has("Template"));
});

test("every variable the app-config reads comes from an ExternalSecret of a platform Vault path through the platform's store", async () => {
  const { values: v, tree } = await values();
  const variables = [...JSON.stringify(v.backstage.appConfig).matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]!);
  assert.ok(variables.includes("GITHUB_TOKEN"));
  const provided = new Map<string, string>();
  for (const object of v.extraDeploy) {
    new ExternalSecret(object as never).validate();
    assert.is(object.metadata.namespace, "backstage");
    assert.is(object.spec.secretStoreRef.name, "vault-platform");
    assert.ok(v.backstage.extraEnvVarsSecrets.includes(object.spec.target.name), object.metadata.name);
    for (const d of object.spec.data) {
      assert.match(d.remoteRef.key, /^prod\/platform\/backstage\//, "the platform's paths of Backstage's environment");
      provided.set(d.secretKey, object.spec.target.name);
    }
  }
  for (const variable of variables) assert.ok(provided.has(variable), `${variable} has a Secret`);
  assert.equal([...new Set(provided.values())].sort(), [...v.backstage.extraEnvVarsSecrets].sort());
  const store = parse(tree.get("out/platform/clusters/prod/secret-store.yaml")!.content) as {
    spec: { conditions: { namespaces: string[] }[] };
  };
  assert.ok(
    store.spec.conditions[0]!.namespaces.includes("backstage"),
    "the platform's store serves Backstage's namespace",
  );
});

test("a Kubernetes cluster per environment, the GitHub integration, the platform image at its recipe's tag", async () => {
  const { values: v, model } = await values();
  const clusters = v.backstage.appConfig.kubernetes.clusterLocatorMethods[0].clusters as { name: string }[];
  assert.equal(
    clusters.map((c) => c.name),
    model.environments.map((e) => e.name),
  );
  assert.equal(v.backstage.appConfig.integrations.github[0].host, "github.com");
  assert.equal(v.backstage.image, backstageImageRecipe(model).image);
  assert.match(v.backstage.image.tag, /^[0-9a-f]{16}$/);
  // The Resource of each cluster names the cluster the Kubernetes plugin knows.
  const resources = model.environments.map((e) => e.name);
  assert.equal(clusters.map((c) => c.name).sort(), resources.sort());
});

test("the config reference: every table row has its five cells, and a cloud's fields are listed", async () => {
  const { tree } = await values();
  const page = tree.get("docs/reference/config.md")!.content;
  const rows = page.split("\n").filter((l) => l.startsWith("| `"));
  for (const row of rows) assert.is(row.replace(/\\\|/g, "").split("|").length - 2, 5, row);
  assert.match(page, /\| `services\.<name>\.secretDelivery` +\| "external-secrets" \\\| "vault-agent"/);
  for (const field of ["provider", "region", "location", "cidr", "state"])
    assert.match(page, new RegExp(`\\| \`clouds\\.<name>\\.${field}\``), field);
});

test("the upstream image gets only the sections of plugins it runs; the platform image and a config's image get ArgoCD and Jenkins too", () => {
  const components = { ...SMALL.components, argocd: { enabled: true }, jenkins: { enabled: true } };
  const build = (image: "platform" | "upstream" | undefined, values?: Record<string, unknown>) => {
    const backstage = { enabled: true, values, ...(image ? { image } : {}) };
    const model = resolveFrom({ ...SMALL, components: { ...components, backstage } });
    const env = model.environments.find((e) => e.isManagement)!;
    const v = backstageValues({ model, env, component: model.installed("backstage")! }) as unknown as BackstageValues;
    return { v, model };
  };
  const { v: upstream } = build("upstream");
  const keys = Object.keys(upstream.backstage.appConfig);
  for (const key of keys)
    assert.ok((UPSTREAM_IMAGE.configKeys as readonly string[]).includes(key), `${key}: a plugin the image has`);
  assert.not.ok(
    upstream.extraDeploy.some((o) => /argocd|jenkins/.test(o.metadata.name)),
    "no credentials nothing reads",
  );
  assert.equal(upstream.backstage.image, { ...BACKSTAGE_IMAGE });
  const image = { registry: "ghcr.io", repository: "m/backstage", tag: "1.0.0" };
  for (const [name, { v, model }] of [
    ["platform (default)", build(undefined)],
    ["upstream with the config's image", build("upstream", { backstage: { image } })],
  ] as const) {
    assert.ok(v.backstage.appConfig.argocd && v.backstage.appConfig.jenkins, name);
    assert.equal(
      v.extraDeploy.map((o) => o.metadata.name).filter((n) => /argocd|jenkins/.test(n)),
      ["backstage-argocd", "backstage-jenkins"],
      name,
    );
    if (name.startsWith("platform")) assert.equal(v.backstage.image, backstageImageRecipe(model).image);
    else
      assert.equal(v.backstage.image, { ...BACKSTAGE_IMAGE }, "the config's image is merged over these values later");
  }
});

test.run();
