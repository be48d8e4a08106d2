// What makes a second run cheap without changing a byte: the Markdown cache on disk, memoized verdicts and
// skeletons; and `--timings`, which reports the phases.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { HALF_HEAP_GROWTH_FROM, heapGrowthFlag, servicesIn } from "../cli/heap.ts";
import { markdownCache } from "../cli/markdown-cache.ts";
import { toFileTree } from "../core/file-tree.ts";
import { formatMarkdown } from "../core/format-markdown.ts";
import { compilePolicies } from "../core/preflight.ts";
import { evaluatePolicy } from "../core/policy/evaluate.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";
import { generatedRepo, inRepo } from "./helpers/scratch.ts";
import { NO_SOURCES } from "../core/provenance.ts";

const test = suite("run cost");

const page = (text: string) => toFileTree([{ path: "docs/x.md", content: text, sources: NO_SOURCES }]);
/** A page prettier formats (its emphasis is left to prettier by core/fast-markdown.ts): the cache is used. */
const TABLE = "| a | *bb* |\n|-|-|\n| ccc | d |\n";

test("the Markdown cache: a hit gives prettier's bytes; an entry for another text is never used", async () => {
  const root = mkdtempSync(join(tmpdir(), "fawkes-mdcache-"));
  try {
    const cache = markdownCache(root);
    const first = (await formatMarkdown(page(TABLE), cache)).get("docs/x.md")!.content;
    assert.is(first, "| a   | _bb_ |\n| --- | ---- |\n| ccc | d    |\n");
    const dir = join(root, "node_modules/.cache/fawkes/markdown");
    const [entry] = readdirSync(dir);
    assert.ok(entry, "the page was cached");
    assert.is(await cache.get(TABLE), first);
    // A damaged or colliding entry: its recorded text is not the page's, so it is not used.
    writeFileSync(join(dir, entry!), readFileSync(join(dir, entry!), "utf8").replace("ccc", "eee"));
    assert.is(await cache.get(TABLE), undefined);
    // Without a usable entry the page is formatted again (the in-process memo answers first in this process).
    assert.is((await formatMarkdown(page(TABLE), cache)).get("docs/x.md")!.content, first);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("memoized policy verdicts follow the pod: a changed pod is evaluated again", () => {
  const policies = Object.fromEntries(compilePolicies(resolveFrom(SMALL)).map((p) => [p.name, p]));
  const registry = policies["restrict-image-registries"]!;
  const pod = {
    apiVersion: "v1" as const,
    kind: "Pod" as const,
    metadata: { name: "p", namespace: "web", labels: {} },
    spec: { containers: [{ name: "c", image: "ghcr.io/m/app:1" }] },
  };
  const namespace = { metadata: { name: "web", labels: { "fawkes.dev/team": "web" } } };
  const before = evaluatePolicy(registry, pod, namespace);
  assert.is(before, undefined, "admitted");
  assert.is(evaluatePolicy(registry, pod, namespace), undefined, "same pod, same verdict");
  pod.spec.containers[0]!.image = "docker.io/evil/app:1";
  const after = evaluatePolicy(registry, pod, namespace);
  assert.ok(after && after.length > 0, "the same object, changed, is denied");
  assert.not.equal(after, before);
});

test("--timings prints every phase of a generate; --progress shows each as it ends", async () => {
  const dir = await generatedRepo();
  try {
    const run = await inRepo(dir, ["--timings", "generate"]);
    assert.is(run.code, 0, run.stderr);
    for (const phase of [
      "load the config",
      "validate",
      "generate workloads",
      "policy preflight",
      "format Markdown",
      "write",
    ])
      assert.match(run.stderr, new RegExp(`^ {2}${phase} +\\d+ ms( {2}.+)?$`, "m"), `${phase} in:\n${run.stderr}`);
    // What a phase went through, with counts: files generated and written, pods admitted per cluster.
    assert.match(run.stderr, /^ {2}generate workloads +\d+ ms {2}\d+ files$/m);
    assert.match(
      run.stderr,
      /^ {2}policy preflight +\d+ ms {2}[\d,]+ pods \(dev [\d,]+, staging [\d,]+, prod [\d,]+\)$/m,
    );
    assert.not.match(run.stdout, /timings/);
    const quiet = await inRepo(dir, ["generate"]);
    assert.not.match(quiet.stderr, /timings|phases/, "outside a terminal, no progress unless asked");
    const progress = await inRepo(dir, ["--progress", "check"]);
    assert.is(progress.code, 0, progress.stderr);
    assert.match(progress.stderr, /^fawkes check: load the config done \(1 phases, [\d.]+ s\)$/m);
    assert.match(
      progress.stderr,
      /^fawkes check: policy preflight done: [\d,]+ pods \(dev [\d,]+, [^)]+\) \(\d+ phases/m,
    );
    assert.match(progress.stderr, /^fawkes check: read the tree on disk done: [\d,]+ files \(\d+ phases/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the heap grows by half from 2,000 services, counted before validation; V8's default below", () => {
  const services = (n: number) => ({
    services: Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, {}])),
  });
  assert.is(HALF_HEAP_GROWTH_FROM, 2_000);
  assert.is(heapGrowthFlag(servicesIn(services(1_999))), undefined);
  assert.is(heapGrowthFlag(servicesIn(services(2_000))), "--heap-growing-percent=50");
  for (const unreadable of [undefined, null, 7, { services: "x" }, { services: null }])
    assert.is(servicesIn(unreadable), 0);
  // A flag this Node's V8 did not know would be printed as unrecognized, and change nothing.
  const set = spawnSync(
    process.execPath,
    ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(heapGrowthFlag(2_000))})`],
    { encoding: "utf8" },
  );
  assert.is(set.status, 0);
  assert.not.match(set.stdout + set.stderr, /unrecognized|unknown/i);
  assert.match(spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout, /--heap-growing-percent\b/);
});

test.run();
