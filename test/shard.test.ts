// The second thread of a large platform's build (core/shard.ts, cli/shard-thread.ts): the tree and the warnings
// are the single-threaded run's, byte for byte, whether the thread's share is taken or the first thread has to
// build it itself.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { stringify } from "yaml";
import { syntheticPlatform } from "../bench/synthetic-config.ts";
import { loadSources } from "../cli/load-sources.ts";
import { startShardThread } from "../cli/shard-thread.ts";

import { runPipeline, validateSources, type PipelineInput, type PipelineResult } from "../core/pipeline.ts";
import { buildShard, generateTree } from "../core/generate-tree.ts";
import type { ShardResult } from "../core/shard.ts";
import type { RenderedFile } from "../core/file-tree.ts";
import { takeTimings } from "../core/timings.ts";
import { MARKDOWN } from "./helpers/pipeline.ts";
import { REPO, writeCase } from "./helpers/repo.ts";

const test = suite("second thread");

/** 60 services (two cycles of every shape), every pod short of a label in Audit mode: a warning each. */
async function syntheticSources(): Promise<PipelineInput> {
  const { config, releases } = syntheticPlatform(60);
  const policies = (config as { policies?: { requiredLabels?: string[] } }).policies ?? {};
  const audited = {
    ...config,
    policies: { ...policies, mode: "Audit", requiredLabels: [...(policies.requiredLabels ?? []), "acme.dev/owner"] },
  };
  const dir = writeCase(`export default ${JSON.stringify(audited)};\n`, stringify(releases));
  return { ...(await loadSources({ cwd: dir, config: "fawkes.config.ts" })), markdownCache: MARKDOWN };
}

const exampleSources = async (): Promise<PipelineInput> => ({
  ...(await loadSources({ cwd: REPO })),
  markdownCache: MARKDOWN,
});

function assertSame(threaded: PipelineResult, single: PipelineResult, label: string): void {
  assert.ok(threaded.ok && single.ok, label);
  if (!threaded.ok || !single.ok) return;
  assert.equal([...threaded.tree.keys()], [...single.tree.keys()], `${label}: the same paths, in order`);
  for (const [path, file] of single.tree) assert.equal(threaded.tree.get(path), file, `${label}: ${path}`);
  assert.equal(threaded.warnings, single.warnings, `${label}: the same warnings, in order`);
}

test("the thread's share is taken, and the tree and warnings are the single-threaded run's", async () => {
  for (const [label, load] of [
    ["the example", exampleSources],
    ["60 synthetic services in Audit mode", syntheticSources],
  ] as const) {
    const sources = await load();
    const single = await runPipeline(sources);
    takeTimings();
    const thread = startShardThread(sources, { force: true })!;
    const threaded = await runPipeline(sources, { shard: thread.result });
    const phases = takeTimings().map((t) => t.phase);
    assert.ok((await thread.result) !== undefined, `${label}: the thread answered`);
    assert.ok(phases.includes("second thread: policy preflight"), `${label}: admission ran in the thread`);
    assert.not.ok(phases.includes("policy preflight"), `${label}: and not in this one`);
    assert.not.ok(phases.includes("compose the services' manifests"), `${label}: nor the services' manifests`);
    assertSame(threaded, single, label);
    if (label !== "the example" && single.ok)
      assert.ok(single.warnings.filter((w) => w.code === "policy-violation").length >= 60, "warnings to compare");
  }
});

test("what the caller keeps of each file is kept on both paths: every file but Markdown", async () => {
  const validated = await validateSources(await syntheticSources());
  if (!validated.ok) throw new Error("the synthetic config is invalid");
  const { model } = validated;
  // What `plan` keeps (cli/committed-file.ts) or generate stages: here, a copy that says so.
  const keep = Promise.resolve((file: RenderedFile) => ({ ...file, kept: true }));
  const kept = (result: Awaited<ReturnType<typeof generateTree>>) =>
    result.ok ? [...result.tree.values()].filter((f) => "kept" in f).map((f) => f.path) : [];
  const single = await generateTree(model, MARKDOWN, { keep });
  const threaded = await generateTree(model, MARKDOWN, { keep, shard: Promise.resolve(buildShard(model)) });
  assert.ok(single.ok && threaded.ok);
  assert.ok(kept(single).length > 100, `${kept(single).length} files kept`);
  assert.equal(kept(threaded), kept(single));
  if (single.ok)
    assert.equal(
      [...single.tree.keys()].filter((path) => !kept(single).includes(path)).filter((path) => !path.endsWith(".md")),
      [],
      "only Markdown is not kept",
    );
});

test("a share the first thread cannot vouch for is built there: a failed thread, other reads, other files", async () => {
  const sources = await syntheticSources();
  const validated = await validateSources(sources);
  if (!validated.ok) throw new Error("the synthetic config is invalid");
  const { model } = validated;
  const single = await generateTree(model, MARKDOWN);
  const share = buildShard(model);
  const variants: [string, ShardResult | undefined][] = [
    ["no answer", undefined],
    // Verdicts computed from other Namespaces: not taken, the preflight runs here.
    ["other reads", { ...share, preflightReads: `${share.preflightReads} `, preflight: [] }],
    ["a file missing", { ...share, files: share.files.slice(1) }],
    [
      "a file renamed",
      { ...share, files: [{ ...share.files[0]!, path: "out/platform/services/x/y.yaml" }, ...share.files.slice(1)] },
    ],
  ];
  for (const [label, answer] of variants) {
    takeTimings();
    const threaded = await generateTree(model, MARKDOWN, { shard: Promise.resolve(answer) });
    const phases = takeTimings().map((t) => t.phase);
    assert.ok(threaded.ok && single.ok, label);
    if (!threaded.ok || !single.ok) continue;
    assert.equal([...threaded.tree], [...single.tree], label);
    assert.equal(threaded.warnings, single.warnings, label);
    if (label === "other reads") assert.ok(phases.includes("policy preflight"), label);
    if (label.startsWith("a file")) assert.ok(phases.includes("compose the services' manifests"), label);
  }
});

test.run();
