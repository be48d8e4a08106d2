// `fawkes verify` / the pipeline's ArgoCD check: each kind of broken reference is found and named.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { stringify } from "yaml";
import { verifyArgocd } from "../core/verify-argocd.ts";
import { generateExample } from "./helpers/pipeline.ts";

const REPO_URL = "https://github.com/m/p";

function tree(objects: Record<string, object[]>, extra: string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, docs] of Object.entries(objects)) files.set(path, docs.map((d) => stringify(d)).join("---\n"));
  for (const path of extra) files.set(path, "x: 1\n");
  return files;
}

const project = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "AppProject",
  metadata: { name: "team" },
  spec: { sourceRepos: [REPO_URL, "https://charts.example"], destinations: [{ name: "dev", namespace: "team" }] },
};

function app(name: string, spec: object) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name },
    spec: { project: "team", destination: { name: "dev", namespace: "team" }, ...spec },
  };
}

const good = {
  "out/platform/apps/projects/team.yaml": [project],
  "out/platform/apps/a.yaml": [app("a", { source: { repoURL: REPO_URL, path: "out/platform/services/dev/a" } })],
  "out/platform/apps/b.yaml": [
    app("b", {
      sources: [
        {
          repoURL: "https://charts.example",
          chart: "b",
          targetRevision: "1.2.3",
          helm: { valueFiles: ["$values/out/platform/values/b.yaml"] },
        },
        { repoURL: REPO_URL, ref: "values" },
      ],
    }),
  ],
  "out/platform/apps/set.yaml": [
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "ApplicationSet",
      metadata: { name: "set" },
      spec: {
        goTemplate: true,
        goTemplateOptions: ["missingkey=error"],
        generators: [{ list: { elements: [{ service: "c" }] } }],
        template: {
          metadata: { name: "{{.service}}-dev" },
          spec: {
            project: "team",
            source: { repoURL: REPO_URL, path: "out/platform/services/dev/{{.service}}" },
            destination: { name: "dev", namespace: "team" },
          },
        },
      },
    },
  ],
};
const present = [
  "out/platform/services/dev/a/manifests.yaml",
  "out/platform/services/dev/c/manifests.yaml",
  "out/platform/values/b.yaml",
];

const test = suite("verify");

test("a coherent tree has no findings", () => {
  assert.equal(verifyArgocd(tree(good, present)), []);
});

const BROKEN: { name: string; change: (t: Record<string, object[]>) => void; extra?: string[]; want: RegExp }[] = [
  {
    name: "a path that does not exist",
    change: (t) =>
      (t["out/platform/apps/a.yaml"] = [
        app("a", { source: { repoURL: REPO_URL, path: "out/platform/services/dev/zz" } }),
      ]),
    want: /Application a: path out\/platform\/services\/dev\/zz does not exist/,
  },
  {
    name: "a values file that does not exist",
    change: () => {},
    extra: present.filter((p) => !p.includes("values")),
    want: /Application b: values file out\/platform\/values\/b\.yaml does not exist/,
  },
  {
    name: "a project that does not exist",
    change: (t) => delete t["out/platform/apps/projects/team.yaml"],
    want: /project "team" does not exist/,
  },
  {
    name: "a source repo the project does not allow",
    change: (t) =>
      (t["out/platform/apps/a.yaml"] = [
        app("a", { source: { repoURL: "https://evil.example/x", path: "out/platform/services/dev/a" } }),
      ]),
    want: /source repo https:\/\/evil\.example\/x is not allowed by project "team"/,
  },
  {
    name: "a destination the project does not allow",
    change: (t) =>
      (t["out/platform/apps/a.yaml"] = [
        app("a", {
          source: { repoURL: REPO_URL, path: "out/platform/services/dev/a" },
          destination: { name: "dev", namespace: "kube-system" },
        }),
      ]),
    want: /destination dev\/kube-system is not allowed/,
  },
  {
    name: "two applications with one name",
    change: (t) =>
      (t["out/platform/apps/a2.yaml"] = [
        app("c-dev", { source: { repoURL: REPO_URL, path: "out/platform/services/dev/a" } }),
      ]),
    want: /Application c-dev: name is also used in/,
  },
  {
    name: "a chart not pinned exactly",
    change: (t) =>
      (t["out/platform/apps/b.yaml"] = [
        app("b", { sources: [{ repoURL: "https://charts.example", chart: "b", targetRevision: "1.x" }] }),
      ]),
    want: /chart b is not pinned to an exact version \(1\.x\)/,
  },
  {
    name: "a values ref no source declares",
    change: (t) =>
      (t["out/platform/apps/b.yaml"] = [
        app("b", {
          sources: [
            {
              repoURL: "https://charts.example",
              chart: "b",
              targetRevision: "1.2.3",
              helm: { valueFiles: ["$vals/out/platform/values/b.yaml"] },
            },
          ],
        }),
      ]),
    want: /names source ref "vals", which no source declares/,
  },
  {
    name: "a template key an element lacks",
    change: (t) => {
      const set = t["out/platform/apps/set.yaml"]![0] as { spec: { generators: unknown[] } };
      set.spec.generators = [{ list: { elements: [{ svc: "c" }] } }];
    },
    want: /template uses \.service, which element \{"svc":"c"\} does not have/,
  },
  {
    name: "an ApplicationSet without missingkey=error",
    change: (t) => {
      const set = t["out/platform/apps/set.yaml"]![0] as { spec: { goTemplateOptions: string[] } };
      set.spec.goTemplateOptions = [];
    },
    want: /must use goTemplate with missingkey=error/,
  },
  {
    name: "a directory include that takes no file",
    change: (t) =>
      (t["out/platform/apps/a.yaml"] = [
        app("a", {
          source: { repoURL: REPO_URL, path: "out/platform/services/dev/a", directory: { include: "{x.yaml,y.yaml}" } },
        }),
      ]),
    want: /Application a: path out\/platform\/services\/dev\/a has no file that include \{x\.yaml,y\.yaml\} takes/,
  },
  {
    name: "a manifest no Application syncs (with the root Application there)",
    change: (t) =>
      (t["out/platform/apps/root.yaml"] = [
        {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Application",
          metadata: { name: "m-root" },
          spec: {
            project: "default",
            source: { repoURL: REPO_URL, path: "out/platform/apps", directory: { recurse: true, include: "*.yaml" } },
            destination: { name: "in-cluster", namespace: "argocd" },
          },
        },
      ]),
    extra: [...present, "out/platform/clusters/dev/stray.yaml"],
    want: /out\/platform\/clusters\/dev\/stray\.yaml: \(file\): no Application syncs it or reads it as values/,
  },
];

for (const c of BROKEN) {
  test(`finds ${c.name}`, () => {
    const objects = structuredClone(good) as Record<string, object[]>;
    c.change(objects);
    const findings = verifyArgocd(tree(objects, c.extra ?? present)).map((f) => `${f.file}: ${f.object}: ${f.message}`);
    assert.ok(
      findings.some((f) => c.want.test(f)),
      findings.join("\n") || "no findings",
    );
    // The pipeline hands over the objects it serialized instead of their text: the same findings.
    const fromObjects = verifyArgocd(tree(objects, c.extra ?? present), new Map(Object.entries(objects)));
    assert.equal(
      fromObjects.map((f) => `${f.file}: ${f.object}: ${f.message}`),
      findings,
    );
  });
}

test("the example's generated tree verifies", async () => {
  const { tree: generated } = await generateExample();
  assert.equal(verifyArgocd(new Map([...generated.values()].map((f) => [f.path, f.content]))), []);
});

test.run();
