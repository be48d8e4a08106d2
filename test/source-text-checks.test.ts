// The scan of the sources' text for credentials runs on the config's worker while the main thread validates and
// builds, and is asked for at the end of the build (core/pipeline.ts, `textsLater`). A run reports what it
// reported when the scan ran first, in the pipeline: the same problems, whichever else is wrong.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadSources } from "../cli/load-sources.ts";
import { runPipeline, validateSources, type PipelineInput } from "../core/pipeline.ts";
import { MARKDOWN } from "./helpers/pipeline.ts";
import { EXAMPLE_CONFIG, editExample, writeCase } from "./helpers/repo.ts";

const test = suite("source text checks");

/** A credential in a comment: only the scan of the text finds it (a value would fail validation itself). */
const CREDENTIAL = [
  'description: "Shipping quotes and label generation."',
  'description: "Shipping quotes and label generation.", // sk_live_51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHIJKLMNOPQRSTUVWXyz12',
];
const WRITTEN_TWICE = [
  '    metabase: {\n      team: "data"',
  '    "catalog-api": { team: "data", description: "dup" },\n    metabase: {\n      team: "data"',
];
const INVALID = ['LOG_LEVEL: "info"', "LOG_LEVEL: 42"];
/** A problem only the resolved model shows: the Vault Agent injector where Vault does not run. */
const MODEL_PROBLEM = [
  "devlake: { enabled: true },",
  "devlake: { enabled: true },\n    vault: { environments: { dev: { enabled: false } } },",
];

const CASES: readonly { name: string; edits: readonly (readonly string[])[]; fails: boolean }[] = [
  { name: "nothing wrong", edits: [], fails: false },
  { name: "a credential", edits: [CREDENTIAL], fails: true },
  { name: "a key written twice", edits: [WRITTEN_TWICE], fails: true },
  { name: "a credential and an invalid value", edits: [CREDENTIAL, INVALID], fails: true },
  { name: "a credential and a problem of the resolved model", edits: [CREDENTIAL, MODEL_PROBLEM], fails: true },
  { name: "a problem of the resolved model alone", edits: [MODEL_PROBLEM], fails: true },
];

async function sourcesOf(edits: readonly (readonly string[])[]): Promise<PipelineInput> {
  let config = EXAMPLE_CONFIG;
  for (const [from, to] of edits) config = editExample(from!, to!, config);
  return { ...(await loadSources({ cwd: writeCase(config), config: "fawkes.config.ts" })), markdownCache: MARKDOWN };
}

for (const { name, edits, fails } of CASES) {
  test(`${name}: the same result with the texts scanned beside the build, in the pipeline, or first`, async () => {
    const sources = await sourcesOf(edits);
    // The CLI's path: the config's worker scans the texts while the pipeline builds, and answers.
    assert.type(sources.textChecks, "function", "the config's worker takes the texts' scan");
    const beside = await runPipeline(sources);
    assert.ok(await sources.textChecks!(sources), "the config's worker answered");
    const { textChecks: _, ...alone } = sources;
    const inPipeline = await runPipeline(alone);
    assert.is(beside.ok, !fails);
    assert.equal(
      beside.ok ? beside.warnings : beside.problems,
      inPipeline.ok ? inPipeline.warnings : inPipeline.problems,
    );
    // What validation reports when the texts are checked before anything else runs.
    const first = await validateSources(alone);
    if (!first.ok) assert.equal(beside.ok ? [] : beside.problems, first.problems);
  });
}

test("a credential is reported as validation reports it, not the resolved model's problem", async () => {
  const result = await runPipeline(await sourcesOf([CREDENTIAL, MODEL_PROBLEM]));
  assert.is(result.ok, false);
  const codes = result.ok ? [] : result.problems.map((p) => p.code);
  assert.ok(codes.includes("secret-value"), codes.join(", "));
  assert.not.ok(
    result.ok || result.problems.some((p) => /Vault Agent injector/.test(p.message)),
    "the model's problem is not reported beside the credential",
  );
});

const RELEASES_CREDENTIAL = "# sk_live_51H8aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHIJKLMNOPQRSTUVWXyz12\n";

test("a build of other texts than the worker scanned (the committed releases file) is scanned for itself", async () => {
  const sources = await sourcesOf([]);
  const other = { ...sources, releasesSource: RELEASES_CREDENTIAL + sources.releasesSource! };
  const result = await runPipeline(other);
  assert.is(result.ok, false);
  const found = result.ok ? [] : result.problems.filter((p) => p.code === "secret-value").map((p) => p.file);
  assert.equal(found, ["releases.yaml"]);
});

test("configs loaded one after another on one worker, their builds at once: each gets its own scan", async () => {
  const dirty = await sourcesOf([CREDENTIAL]);
  const clean = await sourcesOf([]);
  const [a, b] = await Promise.all([runPipeline(dirty), runPipeline(clean)]);
  assert.is(a.ok, false);
  assert.is(b.ok, true, b.ok ? "" : b.problems.map((p) => p.message).join("; "));
  const [c, d] = await Promise.all([runPipeline(clean), runPipeline(dirty)]);
  assert.is(c.ok, true);
  assert.is(d.ok, false);
});

test("a worker ended since (a large config loaded after) answers nothing at once: the pipeline scans", async () => {
  const small = await sourcesOf([CREDENTIAL]);
  // A config of 256 KB or more ends the worker that loaded it (cli/load-config.ts).
  await sourcesOf([["export default", `// ${"x".repeat(300_000)}\nexport default`]]);
  const started = performance.now();
  assert.is(await small.textChecks!(small), undefined);
  assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  const result = await runPipeline(small);
  assert.is(result.ok, false);
});

test.run();
