// A file's sources are what its generator read (core/provenance.ts). Long lists read whole are held once and
// shared by every file that read them, so a platform's sources grow with its files, not with files × services.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { syntheticPlatform } from "../bench/synthetic-config.ts";
import { fileSources, noteReads, recordSources, sourceList, traced, withSource } from "../core/provenance.ts";
import { generateWorkloads } from "../generators/workloads/index.ts";
import { resolveFrom } from "./helpers/model.ts";

const test = suite("provenance");

const LONG = Array.from({ length: 40 }, (_, i) => `services.s-${String(i).padStart(2, "0")}`).reverse();

test("a long list read whole is shared, a short one copied; every entry is listed once, sorted", () => {
  const gateway = traced({ source: "environments.prod", requires: LONG, name: "platform" });
  const deployment = traced({ source: "services.api", requires: ["teams.web", "environments.prod"], port: 80 });
  const first = recordSources(() => [gateway.name, deployment.port]).sources;
  const second = recordSources(() => gateway.name).sources;
  assert.is(first.shared.length, 1);
  assert.ok(first.shared[0] === LONG && second.shared[0] === LONG, "the entity's own list, not a copy");
  assert.equal(first.entries, ["environments.prod", "services.api", "teams.web"]);
  const all = sourceList(first);
  assert.is(all.length, 3 + LONG.length);
  assert.equal(all, [...all].sort());
  assert.equal(sourceList(second), [...new Set(["environments.prod", ...LONG])].sort());
});

test("recordings nest: the outer one gets the inner one's entries and lists", () => {
  const entity = traced({ source: "platform", requires: LONG, domain: "example.com" });
  const outer = recordSources(() => {
    const inner = recordSources(() => entity.domain);
    noteReads(["components.vault"]);
    return inner.sources;
  });
  assert.equal(outer.value.entries, ["platform"]);
  assert.equal(outer.sources.entries, ["components.vault", "platform"]);
  assert.ok(outer.sources.shared[0] === LONG);
});

test("an entity read again is noted once, and in every recording that reads it, nested or next", () => {
  const team = traced({ source: "teams.web", requires: ["environments.prod"], name: "web", fieldSources: {} });
  const service = traced({ source: "services.api", name: "api" });
  const outer = recordSources(() => {
    for (const name of [team.name, team.name, service.name, team.name]) assert.ok(name);
    // Read last by the outer recording, then first inside this one: the inner one notes it too.
    return recordSources(() => [team.name, team.name]).sources;
  });
  assert.equal(outer.value.entries, ["environments.prod", "teams.web"]);
  assert.equal(outer.sources.entries, ["environments.prod", "services.api", "teams.web"]);
  assert.equal(recordSources(() => team.name).sources.entries, ["environments.prod", "teams.web"]);
});

test("sources of a list, and one more entry", () => {
  const sources = fileSources(["teams.b", "teams.a", "teams.b"]);
  assert.equal(sources.entries, ["teams.a", "teams.b"]);
  assert.equal(sourceList(withSource(sources, "patches[0]")), ["patches[0]", "teams.a", "teams.b"]);
  assert.ok(withSource(sources, "teams.a") === sources);
  const shared = { entries: ["teams.a"], shared: [LONG] };
  assert.ok(withSource(shared, "patches[0]").shared[0] === LONG, "the shared lists stay shared");
});

test("routes: every exposed host decides a route's Gateway, and that list is held once per environment", () => {
  const { config, releases } = syntheticPlatform(300);
  const files = generateWorkloads(resolveFrom(config, releases));
  const routes = files.filter(
    (f) => f.path.startsWith("out/platform/services/prod/") && f.type === "objects" && f.objects.some(isRoute),
  );
  assert.is(routes.length, 60, "services 5 and 6 of every 10 are exposed");
  const lists = new Set(routes.flatMap((f) => f.sources.shared));
  assert.is(lists.size, 1, "one list for the environment's Gateways");
  for (const route of routes) {
    assert.ok(route.sources.entries.length < 40, `${route.path}: its own entries only`);
    const all = sourceList(route.sources);
    // Faithful still: a host added before this one in order moves it to the next Gateway.
    for (const other of routes) assert.ok(all.includes(`services.${other.path.split("/")[4]}`), route.path);
  }
});

function isRoute(object: unknown): boolean {
  return (object as { toJSON(): { kind: string } }).toJSON().kind === "HTTPRoute";
}

test.run();
