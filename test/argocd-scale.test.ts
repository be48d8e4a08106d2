// ArgoCD at fleet scale: a team's ApplicationSet is split before it nears the API server's object limit, and
// the controller and repo server get the settings the upstream manual gives for the fleet's size.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { renderYamlDocument } from "../core/render-yaml.ts";
import { argocdScale, argocdScaleValues } from "../generators/helm-values/argocd-scale.ts";
import {
  APPLICATION_SET_ELEMENT_BYTES,
  buildServicesApplicationSets,
  chunkByBytes,
} from "../generators/argocd/services.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";

const test = suite("argocd at scale");

/** etcd's default request limit, which bounds every object the API server stores. */
const OBJECT_LIMIT = 1.5 * 1024 * 1024;

/** SMALL with one team running `count` services (with DevLake on, so each element carries repo and commit). */
function oneBigTeam(count: number): FawkesConfigInput {
  const services: NonNullable<FawkesConfigInput["services"]> = {};
  for (let i = 0; i < count; i++)
    services[`service-with-a-long-descriptive-name-${i}`] = {
      team: "web",
      description: "x",
      replicas: 1,
      build: { type: "node", repo: `https://github.com/m/service-with-a-long-descriptive-name-${i}` },
    };
  return {
    ...SMALL,
    teams: { web: { ...SMALL.teams!.web!, quota: { cpu: "8000", memory: "16000Gi", pods: 20000 } } },
    services,
    components: { ...SMALL.components, devlake: { enabled: true } },
  };
}

/** A release of every one of those services in every environment of SMALL (so each is deployed). */
function releasesOf(count: number): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `service-with-a-long-descriptive-name-${i}`,
      { dev: "1.0.0", prod: "1.0.0" },
    ]),
  );
}

test("chunks keep order, cover every element once and stay within the budget", () => {
  const elements = Array.from({ length: 1000 }, (_, i) => ({ service: `s-${i}`, repo: "r".repeat(i % 50) }));
  const chunks = chunkByBytes(elements, 4096);
  assert.ok(chunks.length > 1);
  assert.equal(chunks.flat(), elements);
  for (const chunk of chunks) assert.ok(Buffer.byteLength(chunk.map((e) => JSON.stringify(e)).join("")) <= 4096);
  assert.equal(chunkByBytes([{ service: "x".repeat(5000) }], 4096).length, 1, "an element over the budget alone");
  assert.equal(chunkByBytes([]), []);
});

test("a team of 4,000 services: several ApplicationSets, each far below the object limit, names stable", () => {
  const model = resolveFrom(oneBigTeam(4000), releasesOf(4000));
  const env = model.environments.find((e) => e.name === "dev")!;
  const team = model.teams[0]!;
  const sets = buildServicesApplicationSets(model, team, env, team.services);
  assert.ok(sets.length >= 2, `${sets.length} set(s)`);
  assert.equal(
    sets.map((s) => s.metadata!.name),
    ["web-dev", ...sets.slice(1).map((_, i) => `web-dev-${i + 2}`)],
  );
  const served = sets.flatMap((s) =>
    s.spec.generators[0]!.list!.elements!.map((e) => (e as { service: string }).service),
  );
  assert.equal(
    served,
    team.services.map((s) => s.name),
  );
  for (const set of sets) {
    // Client-side apply stores the object twice: itself and its last-applied-configuration annotation.
    const bytes = 2 * Buffer.byteLength(renderYamlDocument(set.toJSON()));
    assert.ok(bytes < OBJECT_LIMIT / 2, `${set.metadata!.name}: ${bytes} bytes applied`);
  }
  assert.ok(APPLICATION_SET_ELEMENT_BYTES * 4 < OBJECT_LIMIT);
});

test("a small team keeps one ApplicationSet named <team>-<env>", () => {
  const model = resolveFrom(oneBigTeam(3), releasesOf(3));
  const team = model.teams[0]!;
  const sets = buildServicesApplicationSets(model, team, model.environments[0]!, team.services);
  assert.equal(
    sets.map((s) => s.metadata!.name),
    [`web-${model.environments[0]!.name}`],
  );
});

test("controller and repo server settings follow the fleet's size, per the upstream manual", () => {
  const small = argocdScale(resolveFrom(oneBigTeam(3)));
  assert.equal(argocdScaleValues(small), { params: {} }, "within Argo CD's defaults: nothing");
  const releases = Object.fromEntries(
    Array.from({ length: 2500 }, (_, i) => [
      `service-with-a-long-descriptive-name-${i}`,
      { dev: "1.0.0", prod: "1.0.0" },
    ]),
  );
  const large = argocdScale(resolveFrom(oneBigTeam(2500), releases));
  assert.ok(large.applications > 5000, `${large.applications} Applications`);
  const values = argocdScaleValues(large);
  const thousands = Math.ceil(large.applications / large.clusters / 1000);
  assert.equal(values.params, {
    "controller.status.processors": 50 * thousands,
    "controller.operation.processors": 25 * thousands,
    "reposerver.parallelism.limit": 10,
  });
  // Clusters are what the controller shards: never more replicas than clusters.
  assert.equal(values.controller, { replicas: large.clusters });
});

test.run();
