// The single-threaded build takes the services one at a time (core/generate-tree.ts): each service's files are
// generated, patched, admitted and composed before the next service's are generated, so a large platform never
// holds every service's objects at once. The tree it builds is the whole-platform build's, byte for byte
// (test/shard.test.ts compares the two).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadSources } from "../cli/load-sources.ts";
import type { OutputFile } from "../core/file-tree.ts";
import { generateTree } from "../core/generate-tree.ts";
import { validateSources } from "../core/pipeline.ts";
import { startPreflight } from "../core/preflight.ts";
import type { ResolvedConfig, ResolvedPatch } from "../core/resolved.ts";
import { InterleavedPhases, takeTimings } from "../core/timings.ts";
import { SERVICE_GENERATORS } from "../generators/index.ts";
import type { ServiceGenerator } from "../generators/generator.ts";
import { MARKDOWN } from "./helpers/pipeline.ts";
import { REPO } from "./helpers/repo.ts";
import { NO_SOURCES } from "../core/provenance.ts";
import { builtOnRead } from "../core/file-tree.ts";
import { createPatcher } from "../core/patches.ts";

const test = suite("streamed build");

async function exampleModel(): Promise<ResolvedConfig> {
  const validated = await validateSources({ ...(await loadSources({ cwd: REPO })), markdownCache: MARKDOWN });
  if (!validated.ok) throw new Error("the example does not validate");
  return validated.model;
}

/** The file, with every read of what it holds logged as the service's. */
function logged(file: OutputFile, service: string, log: string[]): OutputFile {
  const field = file.type === "objects" ? "objects" : file.type === "data" ? "data" : "content";
  const value = (file as unknown as Record<string, unknown>)[field];
  return Object.defineProperty({ ...file }, field, {
    enumerable: true,
    get() {
      log.push(`read ${service}`);
      return value;
    },
  });
}

test("each service's files are read to the last before the next service's are generated", async () => {
  const model = await exampleModel();
  const generators = SERVICE_GENERATORS as ServiceGenerator[];
  const originals = [...generators];
  const log: string[] = [];
  generators.splice(
    0,
    generators.length,
    ...originals.map((generate): ServiceGenerator => (m, service) => {
      log.push(`generate ${service.name}`);
      return generate(m, service).map((file) => logged(file, service.name, log));
    }),
  );
  try {
    const built = await generateTree(model, MARKDOWN);
    assert.ok(built.ok);
  } finally {
    generators.splice(0, generators.length, ...originals);
  }
  let current: string | undefined;
  const generated = new Set<string>();
  for (const entry of log) {
    const [event, service] = entry.split(" ") as ["generate" | "read", string];
    if (event === "generate") {
      if (service !== current) assert.not.ok(generated.has(service), `${service} is generated in one go`);
      generated.add(service);
      current = service;
    } else assert.is(service, current, `a file of ${service} is read after ${current}'s are generated`);
  }
  assert.is(generated.size, model.services.length, "every service");
  assert.ok(log.filter((e) => e.startsWith("read")).length > generated.size, "their files were read");
});

test("admission reads the Namespaces and quotas as patched, as the build that generates every file first does", async () => {
  const sources = await loadSources({ cwd: REPO });
  const config = sources.config as { patches?: unknown[] };
  const patches = [
    ...(config.patches ?? []),
    {
      target: { kind: "Namespace", name: "payments" },
      merge: { metadata: { labels: { "pod-security.kubernetes.io/enforce": "baseline" } } },
      reason: "a test",
    },
    {
      target: { kind: "ResourceQuota", namespace: "payments", name: "team-quota" },
      merge: { spec: { hard: { pods: "90" } } },
      reason: "a test",
    },
  ];
  const validated = await validateSources({ ...sources, config: { ...config, patches }, markdownCache: MARKDOWN });
  assert.ok(validated.ok);
  if (!validated.ok) return;
  const streamed = await generateTree(validated.model, MARKDOWN);
  // A second thread that answers nothing: the first thread generates every file, then patches and admits them.
  const whole = await generateTree(validated.model, MARKDOWN, { shard: Promise.resolve(undefined) });
  assert.ok(streamed.ok && whole.ok, "both build");
  if (!streamed.ok || !whole.ok) return;
  assert.equal([...streamed.tree.values()], [...whole.tree.values()]);
  assert.equal(streamed.warnings, whole.warnings);
  const namespace = streamed.tree.get("out/platform/namespaces/dev/payments.yaml")?.content ?? "";
  assert.match(namespace, /pod-security\.kubernetes\.io\/enforce: baseline/);
  assert.match(namespace, /pods: "90"/);
});

test("a Namespace or LimitRange from a service's files, which admission reads first, is a generator bug", async () => {
  const model = await exampleModel();
  const preflight = startPreflight(model, []);
  const object = (apiVersion: string) => ({
    apiVersion,
    kind: "Namespace",
    metadata: { name: "x" },
    toJSON() {
      return { apiVersion, kind: "Namespace", metadata: { name: "x" } };
    },
    validate() {},
  });
  const fileOf = (apiVersion: string): OutputFile => ({
    type: "objects",
    path: "out/platform/services/dev/x/manifests.yaml",
    origin: ["services", model.services[0]!.name],
    sources: NO_SOURCES,
    environment: model.environments[0]!.name,
    objects: [object(apiVersion)],
  });
  const file = fileOf("v1");
  assert.throws(() => preflight.observe(file), /manifests\.yaml: a Namespace or LimitRange outside/);
  startPreflight(model, [file]).observe(file);
  // A custom resource of that kind (a claim's, say) is not the core Namespace admission reads.
  preflight.observe(fileOf("example.com/v1"));
});

test("interleaved steps are recorded once each, laid end to end after the loop's own time", () => {
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  takeTimings();
  const phases = new InterleavedPhases(["generate", "admit"]);
  const started = performance.now();
  phases.run(
    "compose",
    () => {
      for (let i = 0; i < 3; i++) {
        phases.time("generate", () => busy(4));
        phases.time("admit", () => busy(2));
        busy(1);
      }
      phases.describe("admit", "3 pods");
    },
    () => "3 files",
  );
  const elapsed = performance.now() - started;
  const [compose, generate, admit, ...rest] = takeTimings();
  assert.equal(rest, []);
  assert.equal(
    [compose!.phase, generate!.phase, admit!.phase, compose!.detail, admit!.detail],
    ["compose", "generate", "admit", "3 files", "3 pods"],
  );
  assert.ok(generate!.durationMs >= 12 && admit!.durationMs >= 6 && compose!.durationMs >= 3, "each its own time");
  // Bounds that hold however long the machine keeps this thread waiting: the steps busy themselves 18 ms and the
  // loop 3 ms of the elapsed time, whatever else it holds.
  assert.ok(compose!.durationMs < elapsed - 17, "the loop's own time leaves the steps' out");
  const end = (t: typeof compose) => t!.startMs + t!.durationMs;
  assert.is(generate!.startMs, end(compose), "laid end to end");
  assert.is(admit!.startMs, end(generate));
  const laid = end(admit) - compose!.startMs;
  assert.ok(laid >= 21 && laid <= elapsed, "adding up to the loop's time, no more");
});

test("a file built on read waits: admission's context and a patch of another kind pass it by unbuilt", async () => {
  const model = await exampleModel();
  let builds = 0;
  const pages = builtOnRead(
    {
      type: "objects",
      path: "out/platform/clusters/dev/namespaces/monitoring/dashboards-2.yaml",
      origin: ["components", "kubePrometheusStack"],
      sources: NO_SOURCES,
      environment: model.environments[0]!.name,
      kinds: ["ConfigMap"],
    },
    () => {
      builds += 1;
      return [];
    },
  );
  startPreflight(model, [pages]);
  const patch = (kind: string): ResolvedPatch => ({
    source: "patches[0]",
    index: 0,
    target: { kind, name: "x" },
    environments: undefined,
    merge: {},
    json: undefined,
    reason: "a test",
  });
  createPatcher({ ...model, patches: [patch("Deployment")] }).apply(pages);
  assert.is(builds, 0, "not built before its turn");
  createPatcher({ ...model, patches: [patch("ConfigMap")] }).apply(pages);
  assert.is(builds, 1, "a patch of its kind reads it, once");
  void pages.objects;
  assert.is(builds, 1, "and it is kept as long as the file is");
});

test.run();
