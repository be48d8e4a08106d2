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
import { parseAllDocuments } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateExample } from "../helpers/pipeline.ts";

const VALIDATORS: Record<string, { check(entity: Entity): Promise<boolean> }> = {
  Group: groupEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
  API: apiEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
};

const test = suite("backstage catalog");

async function entities(): Promise<{ file: string; entity: Entity }[]> {
  const { tree } = await generateExample();
  return [...tree.values()]
    .filter((f) => f.path.startsWith("out/catalog/"))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => ({ file: f.path, entity: d.toJS() as Entity })));
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
  assert.equal([...kinds].sort(), ["API", "Component", "Group", "Location", "Resource", "System"]);
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

test("a Component per service with the plugin annotations; a Resource per cluster; the Location lists every file", async () => {
  const all = await entities();
  const { model, tree } = await generateExample();
  const components = all.filter((e) => e.entity.kind === "Component").map((e) => e.entity);
  assert.equal(components.map((c) => c.metadata.name).sort(), model.services.map((s) => s.name).sort());
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
  assert.is(all.filter((e) => e.entity.kind === "Resource").length, model.environments.length);
  const location = all.find((e) => e.entity.kind === "Location")!.entity;
  for (const target of (location.spec as { targets: string[] }).targets)
    assert.ok(tree.has(`out/catalog/${target.slice(2)}`), target);
});

test.run();
