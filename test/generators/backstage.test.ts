// The catalog: every entity passes @backstage/catalog-model's validation, and every reference resolves.
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  entityEnvelopeSchemaValidator,
  type Entity,
} from "@backstage/catalog-model";
import { templateEntityV1beta3Validator } from "@backstage/plugin-scaffolder-common";
import { CATALOG_KINDS } from "../../core/names.ts";
import { parseAllDocuments } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateIn } from "../helpers/pipeline.ts";
import { REPO } from "../helpers/repo.ts";

const VALIDATORS: Record<string, { check(entity: Entity): Promise<boolean> }> = {
  Group: groupEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  API: apiEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
  Template: templateEntityV1beta3Validator,
};

const test = suite("backstage catalog");

async function entities(): Promise<{ file: string; entity: Entity }[]> {
  const { tree } = await generateIn(REPO);
  return (
    [...tree.values()]
      // The Templates' skeletons (`.njk`) are templates of a service repository, not entities.
      .filter((f) => f.path.startsWith("out/catalog/") && f.path.endsWith(".yaml"))
      .flatMap((f) => parseAllDocuments(f.content).map((d) => ({ file: f.path, entity: d.toJS() as Entity })))
  );
}

test("every entity passes catalog-model validation", async () => {
  const all = await entities();
  const validateEnvelope = entityEnvelopeSchemaValidator();
  for (const { file, entity } of all) {
    validateEnvelope(entity);
    // Backstage's placeholder processor replaces `$text` with the fetched text before kinds are validated.
    const definition = (entity.spec as { definition?: unknown } | undefined)?.definition as
      { $text?: string } | undefined;
    if (definition?.$text) {
      assert.match(definition.$text, /^https:\/\//);
      (entity.spec as Record<string, unknown>).definition = `(text of ${definition.$text})`;
    }
    assert.ok(await VALIDATORS[entity.kind]!.check(entity), `${file}: ${entity.kind} ${entity.metadata.name}`);
  }
  const kinds = new Set(all.map((e) => e.entity.kind));
  assert.equal([...kinds].sort(), [...CATALOG_KINDS].sort());
});

test("every reference resolves to a generated entity", async () => {
  const all = (await entities()).map((e) => e.entity);
  const refs = new Set(all.map((e) => `${e.kind.toLowerCase()}:default/${e.metadata.name}`));
  const refsOf = (e: Entity): string[] => {
    const spec = (e.spec ?? {}) as Record<string, unknown>;
    return [
      spec.owner,
      spec.system,
      ...((spec.dependsOn as string[]) ?? []),
      ...((spec.providesApis as string[]) ?? []),
    ].filter((r): r is string => typeof r === "string");
  };
  for (const entity of all)
    for (const ref of refsOf(entity)) assert.ok(refs.has(ref), `${entity.kind} ${entity.metadata.name} → ${ref}`);
});

test("a Component per service with the plugin annotations; a Resource per cluster and claim; the Location lists every file", async () => {
  const all = await entities();
  const { model, tree } = await generateIn(REPO);
  const components = all.filter((e) => e.entity.kind === "Component").map((e) => e.entity);
  assert.equal(
    components.map((c) => c.metadata.name).sort(),
    [...model.services.map((s) => s.name), "platform-docs"].sort(),
  );
  const docs = components.find((c) => c.metadata.name === "platform-docs")!;
  assert.is(docs.metadata.annotations?.["backstage.io/techdocs-ref"], "url:https://github.com/acme/platform/tree/main");
  const checkout = components.find((c) => c.metadata.name === "checkout-api")!;
  for (const key of [
    "backstage.io/kubernetes-id",
    "argocd/app-selector",
    "backstage.io/source-location",
    "backstage.io/techdocs-ref",
    "jenkins.io/job-full-name",
  ]) {
    assert.ok(checkout.metadata.annotations?.[key], key);
  }
  // A Resource per cluster, and one per resource a service claims (payments-core's ledger).
  const claimed = new Set(
    model.services.flatMap((s) => s.deployments.flatMap((d) => d.claims.map((c) => `${s.name}-${c.resource}`))),
  );
  assert.is(all.filter((e) => e.entity.kind === "Resource").length, model.environments.length + claimed.size);
  const location = all.find((e) => e.entity.kind === "Location")!.entity;
  for (const target of (location.spec as { targets: string[] }).targets)
    assert.ok(tree.has(`out/catalog/${target.slice(2)}`), target);
  const listed = new Set((location.spec as { targets: string[] }).targets.map((t) => `out/catalog/${t.slice(2)}`));
  for (const path of new Set(all.map((e) => e.file)))
    assert.ok(path === "out/catalog/all.yaml" || listed.has(path), `${path} is in the Location`);
});

test.run();
