// Keys written twice in a TypeScript config are found by parsing it with Babel, which a run with nothing to
// locate needs for nothing else: what was found for a text is kept (cli/duplicate-key-cache.ts) and used for the
// same text. The problems reported are the same with and without it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { duplicateKeyCache } from "../cli/duplicate-key-cache.ts";
import { loadSources } from "../cli/load-sources.ts";
import { validateSources, type DuplicateKeyCache, type PipelineInput } from "../core/pipeline.ts";
import type { Problem } from "../core/problems.ts";
import { EXAMPLE_CONFIG, editExample, writeCase } from "./helpers/repo.ts";
import { fawkes, generatedRepo } from "./helpers/scratch.ts";

const test = suite("duplicate-key cache");

const WRITTEN_TWICE = editExample(
  '    metabase: {\n      team: "data"',
  '    "catalog-api": { team: "data", description: "dup" },\n    metabase: {\n      team: "data"',
);

/** A cache in memory that notes what it was asked and told. */
function memoryCache(entries = new Map<string, readonly Problem[]>()) {
  const log = { got: 0, set: 0 };
  const cache: DuplicateKeyCache = {
    get: (source) => {
      log.got++;
      return Promise.resolve(entries.get(source));
    },
    set: (source, problems) => {
      log.set++;
      entries.set(source, problems);
      return Promise.resolve();
    },
  };
  return { cache, entries, log };
}

async function sourcesOf(config: string): Promise<PipelineInput> {
  const { duplicateKeyCache: _, ...sources } = await loadSources({ cwd: writeCase(config) });
  return sources;
}

const problemsOf = async (input: PipelineInput) => {
  const result = await validateSources(input);
  return result.ok ? [] : result.problems;
};

test("found once, then taken from the cache: the same problems either way", async () => {
  const sources = await sourcesOf(WRITTEN_TWICE);
  const without = await problemsOf(sources);
  assert.ok(
    without.some((p) => p.code === "duplicate-key"),
    "the example with a key written twice",
  );
  const { cache, entries, log } = memoryCache();
  assert.equal(await problemsOf({ ...sources, duplicateKeyCache: cache }), without, "found, and kept");
  assert.equal([log.got, log.set, entries.size], [1, 1, 1]);
  assert.equal(await problemsOf({ ...sources, duplicateKeyCache: cache }), without, "taken from the cache");
  assert.equal([log.got, log.set], [2, 1]);
});

test("what the cache holds for the text is what is reported (it is not found again)", async () => {
  const sources = await sourcesOf(EXAMPLE_CONFIG);
  const planted: Problem = { code: "duplicate-key", path: ["teams"], message: "planted", hint: "h" };
  const { cache } = memoryCache(new Map([[sources.configSource, [planted]]]));
  const problems = await problemsOf({ ...sources, duplicateKeyCache: cache });
  assert.ok(
    problems.some((p) => p.message === "planted"),
    JSON.stringify(problems.map((p) => p.message)),
  );
});

test("a YAML config does not use it", async () => {
  const sources = await sourcesOf(EXAMPLE_CONFIG);
  const { cache, log } = memoryCache();
  await problemsOf({ ...sources, configFile: "fawkes.config.yaml", duplicateKeyCache: cache });
  assert.equal([log.got, log.set], [0, 0]);
});

test("on disk: keyed by the text and this Fawkes; a damaged entry is found again", async () => {
  const dir = writeCase(EXAMPLE_CONFIG);
  const cache = duplicateKeyCache(dir, "tool 1")!;
  const problem: Problem = { code: "duplicate-key", path: ["a"], message: "m", hint: "h", at: { line: 2, column: 3 } };
  await cache.set("text", [problem]);
  assert.equal(await cache.get("text"), [problem]);
  assert.is(await cache.get("other text"), undefined);
  assert.is(await duplicateKeyCache(dir, "tool 2")!.get("text"), undefined, "another Fawkes");
  assert.is(duplicateKeyCache(dir, undefined), undefined, "no identity, no cache");
  const folder = join(dir, "node_modules/.cache/fawkes/duplicate-keys");
  for (const file of readdirSync(folder)) writeFileSync(join(folder, file), "{ damaged");
  assert.is(await cache.get("text"), undefined);
});

test("the real binary: a key written twice is reported the same on the second run, from the cache", async () => {
  const dir = await generatedRepo();
  try {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    writeFileSync(join(dir, "fawkes.config.ts"), WRITTEN_TWICE);
    const first = fawkes(dir, ["validate"]);
    assert.is(first.code, 1, first.stdout);
    assert.match(first.stderr, "is written twice");
    const folder = join(dir, "node_modules/.cache/fawkes/duplicate-keys");
    assert.ok(existsSync(folder) && readdirSync(folder).length === 1, "one entry kept");
    const second = fawkes(dir, ["validate"]);
    assert.is(second.stderr, first.stderr);
    // What the entry says is what the next run reports: the cache is read, not only written.
    const [file] = readdirSync(folder);
    const kept = JSON.parse(readFileSync(join(folder, file!), "utf8")) as Problem[];
    writeFileSync(join(folder, file!), JSON.stringify(kept.map((p) => ({ ...p, message: "as kept" }))));
    assert.match(fawkes(dir, ["validate"]).stderr, "as kept");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
