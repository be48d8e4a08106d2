import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateArgocd } from "../../generators/argocd/index.ts";
import { syncPolicy } from "../../generators/argocd/applications.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

const test = suite("argocd generator");

test("protected environments never prune automatically", () => {
  assert.equal(syncPolicy(false)?.automated, { prune: true, selfHeal: true });
  assert.equal(syncPolicy(true)?.automated, { prune: false, selfHeal: true });
});

test("the root app syncs out/platform/apps; each environment's namespaces go to its cluster", () => {
  const files = generateArgocd(resolveFrom(SMALL));
  const objects = Object.fromEntries(files.map((f) => [f.path, f.type === "objects" ? (f.objects[0]!.toJSON() as Record<string, any>) : undefined]));
  const root = objects["out/platform/apps/root.yaml"]!;
  assert.is(root.spec.source.path, "out/platform/apps");
  assert.is(root.spec.source.repoURL, "https://github.com/m/p");
  assert.is(root.metadata.namespace, "argocd");
  const dev = objects["out/platform/apps/namespaces/dev.yaml"]!;
  assert.is(dev.spec.destination.name, "dev");
  assert.is(dev.spec.source.path, "out/platform/namespaces/dev");
  const prod = objects["out/platform/apps/namespaces/prod.yaml"]!;
  assert.is(prod.spec.destination.name, "in-cluster", "the management cluster is ArgoCD's own");
  assert.is(prod.spec.syncPolicy.automated.prune, false);
  const project = objects["out/platform/apps/projects/platform.yaml"]!;
  assert.equal(project.spec.destinations, [{ name: "dev", namespace: "*" }, { name: "in-cluster", namespace: "*" }]);
});

test.run();
