// Parsing a TypeScript config with Babel finds its keys written twice and where its problems are, which a run
// needs for nothing else: what was found for a text is kept (core/config-text-facts.ts, on disk in
// cli/config-text-cache.ts) and used for the same text. The problems reported, and where, are the same with and
// without it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { CONFIG_TEXT_CACHE, configTextCache, configTextCacheFile } from "../cli/config-text-cache.ts";
import { loadSources } from "../cli/load-sources.ts";
import {
  positionKey,
  rememberingLocator,
  type ConfigTextCache,
  type ConfigTextFacts,
} from "../core/config-text-facts.ts";
import type { SourceLocator } from "../core/locate-config.ts";
import { validateSources, type PipelineInput } from "../core/pipeline.ts";
import type { LocatedProblem, Problem } from "../core/problems.ts";
import { EXAMPLE_CONFIG, editExample, positionOf, writeCase } from "./helpers/repo.ts";
import { fawkes, generatedRepo } from "./helpers/scratch.ts";

const test = suite("config text cache");

const WRITTEN_TWICE = editExample(
  '    metabase: {\n      team: "data"',
  '    "catalog-api": { team: "data", description: "dup" },\n    metabase: {\n      team: "data"',
);
/** The example with one warning: Jenkins's library follows the branch (`platform.git`). */
const FLOATING = editExample('      libraryVersion: "jenkins-library-v1.4.0",\n', "");

/** A cache in memory that notes what it was asked and told. */
function memoryCache(entries = new Map<string, ConfigTextFacts>()) {
  const log = { got: 0, set: 0 };
  const cache: ConfigTextCache = {
    get: (source) => {
      log.got++;
      return Promise.resolve(entries.get(source));
    },
    set: (source, facts) => {
      log.set++;
      entries.set(source, facts);
      return Promise.resolve();
    },
  };
  return { cache, entries, log };
}

/** A locator that counts what it is asked: every call stands for a parse of the config. */
function countingLocator() {
  const calls = { locate: 0, duplicateKeys: 0 };
  const duplicate: Problem = { code: "duplicate-key", path: ["a"], message: "twice", at: { line: 9, column: 1 } };
  const locator: SourceLocator = {
    locate: (path) => {
      calls.locate++;
      return { line: path.length + 1, column: 1 };
    },
    duplicateKeys: () => {
      calls.duplicateKeys++;
      return [duplicate];
    },
  };
  return { locator, calls, duplicate };
}

async function sourcesOf(config: string): Promise<PipelineInput> {
  const { configTextCache: _, ...sources } = await loadSources({ cwd: writeCase(config) });
  return sources;
}

const problemsOf = async (input: PipelineInput) => {
  const result = await validateSources(input);
  return result.ok ? [] : result.problems;
};

/** Validation's warnings, located as `runPipeline` locates them (which `npm test` memoizes by input, cache aside). */
const warningsOf = async (input: PipelineInput): Promise<readonly LocatedProblem[]> => {
  const result = await validateSources(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.locate(result.warnings);
};

test("the locator: what is known is not found again, what is found is kept once per batch, in order", async () => {
  const { cache, entries, log } = memoryCache();
  const first = countingLocator();
  const remembering = rememberingLocator("text", first.locator, cache);
  assert.equal(await remembering.knownDuplicateKeys(), [first.duplicate]);
  assert.equal(remembering.locate(["a", "b"]), { line: 3, column: 1 });
  assert.equal(remembering.locate(["a", "b"]), { line: 3, column: 1 }, "asked twice, found once");
  remembering.keep();
  remembering.keep();
  assert.equal(remembering.locate(["c"], "key"), { line: 2, column: 1 });
  remembering.keep();
  await remembering.written();
  assert.equal(first.calls, { locate: 2, duplicateKeys: 1 });
  // Found keys, then the first batch, then the second: three writes, and the last knows everything.
  assert.is(log.set, 3);
  assert.equal(entries.get("text"), {
    duplicateKeys: [first.duplicate],
    positions: {
      [positionKey(["a", "b"])]: { line: 3, column: 1 },
      [positionKey(["c"], "key")]: { line: 2, column: 1 },
    },
  });

  const second = countingLocator();
  const again = rememberingLocator("text", second.locator, cache);
  assert.equal(await again.knownDuplicateKeys(), [first.duplicate]);
  assert.equal(again.locate(["a", "b"]), { line: 3, column: 1 });
  assert.equal(again.locate(["c"], "key"), { line: 2, column: 1 });
  again.keep();
  await again.written();
  assert.equal(second.calls, { locate: 0, duplicateKeys: 0 }, "the same text parses nothing");
  assert.is(log.set, 3, "nothing new, nothing written");
  // A key's position and a value's are different facts.
  assert.equal(again.locate(["c"]), { line: 2, column: 1 });
  assert.is(second.calls.locate, 1);
});

test("the locator: positions found before the keys written twice are kept with them; a failed write stops none after it", async () => {
  const { cache, entries } = memoryCache();
  let failures = 1;
  const failingOnce: ConfigTextCache = {
    get: cache.get,
    set: (source, facts) => (failures-- > 0 ? Promise.reject(new Error("disk full")) : cache.set(source, facts)),
  };
  const { locator } = countingLocator();
  const remembering = rememberingLocator("text", locator, failingOnce);
  remembering.locate(["a"]);
  remembering.keep();
  await remembering.knownDuplicateKeys();
  remembering.locate(["b"]);
  remembering.keep();
  await remembering.written();
  assert.equal(Object.keys(entries.get("text")?.positions ?? {}), [positionKey(["a"]), positionKey(["b"])]);
});

test("the locator: a position found before the cache is read is kept once it is", async () => {
  const { cache, entries } = memoryCache(new Map([["text", { duplicateKeys: [], positions: {} }]]));
  const remembering = rememberingLocator("text", countingLocator().locator, cache);
  remembering.locate(["a"]);
  remembering.keep();
  await remembering.knownDuplicateKeys();
  remembering.keep();
  await remembering.written();
  assert.equal(entries.get("text"), { duplicateKeys: [], positions: { [positionKey(["a"])]: { line: 2, column: 1 } } });
});

test("keys written twice: found once, then taken from the cache; the same problems either way", async () => {
  const sources = await sourcesOf(WRITTEN_TWICE);
  const without = await problemsOf(sources);
  assert.ok(
    without.some((p) => p.code === "duplicate-key"),
    "the example with a key written twice",
  );
  const { cache, entries, log } = memoryCache();
  assert.equal(await problemsOf({ ...sources, configTextCache: cache }), without, "found, and kept");
  assert.is(entries.size, 1);
  assert.equal(await problemsOf({ ...sources, configTextCache: cache }), without, "taken from the cache");
  assert.is(log.got, 2);
});

test("warnings: located once, then where the cache says; the same positions either way", async () => {
  const sources = await sourcesOf(FLOATING);
  const without = await warningsOf(sources);
  const floating = without.find((p) => p.code === "floating-library");
  assert.ok(floating, JSON.stringify(without.map((p) => p.code)));
  assert.equal(floating.position, positionOf(FLOATING, "{", "    git:"));
  const { cache, entries } = memoryCache();
  assert.equal(await warningsOf({ ...sources, configTextCache: cache }), without, "located, and kept");
  const kept = entries.get(FLOATING)!;
  assert.equal(kept.positions[positionKey(["platform", "git"])], floating.position);
  assert.equal(await warningsOf({ ...sources, configTextCache: cache }), without, "from the cache");
  // What the cache says is what is reported: it is read, not only written.
  const planted = { line: 1, column: 7 };
  entries.set(FLOATING, { ...kept, positions: { ...kept.positions, [positionKey(["platform", "git"])]: planted } });
  const fromCache = await warningsOf({ ...sources, configTextCache: cache });
  assert.equal(fromCache.find((p) => p.code === "floating-library")?.position, planted);
});

test("what the cache holds for the text is what is reported (it is not found again)", async () => {
  const sources = await sourcesOf(EXAMPLE_CONFIG);
  const planted: Problem = { code: "duplicate-key", path: ["teams"], message: "planted", hint: "h" };
  const { cache } = memoryCache(new Map([[sources.configSource, { duplicateKeys: [planted], positions: {} }]]));
  const problems = await problemsOf({ ...sources, configTextCache: cache });
  assert.ok(
    problems.some((p) => p.message === "planted"),
    JSON.stringify(problems.map((p) => p.message)),
  );
});

test("a YAML config does not use it", async () => {
  const sources = await sourcesOf(EXAMPLE_CONFIG);
  const { cache, log } = memoryCache();
  await problemsOf({ ...sources, configFile: "fawkes.config.yaml", configTextCache: cache });
  assert.equal([log.got, log.set], [0, 0]);
});

test("on disk: keyed by the text and this Fawkes; a damaged or foreign entry is found again", async () => {
  const dir = writeCase(EXAMPLE_CONFIG);
  const cache = configTextCache(dir, "tool 1")!;
  const problem: Problem = { code: "duplicate-key", path: ["a"], message: "m", hint: "h", at: { line: 2, column: 3 } };
  const facts: ConfigTextFacts = {
    duplicateKeys: [problem],
    positions: { [positionKey(["b"])]: { line: 4, column: 5 } },
  };
  await cache.set("text", facts);
  assert.equal(await cache.get("text"), facts);
  assert.is(await cache.get("other text"), undefined);
  assert.is(await configTextCache(dir, "tool 2")!.get("text"), undefined, "another Fawkes");
  assert.is(configTextCache(dir, undefined), undefined, "no identity, no cache");
  // Only this test's own entry is damaged: the folder is the repository's (node_modules is linked), which other
  // tests and the real binary share.
  const own = configTextCacheFile(dir, "tool 1", "text");
  assert.ok(existsSync(own), "the entry is where it is looked for");
  for (const entry of [
    "{ damaged",
    JSON.stringify([problem]),
    JSON.stringify({ ...facts, positions: { [positionKey(["b"])]: { line: "4" } } }),
    JSON.stringify({ ...facts, positions: { [positionKey(["b"])]: { line: 0, column: 1 } } }),
    JSON.stringify({ ...facts, duplicateKeys: [{ path: ["a"] }] }),
  ]) {
    writeFileSync(own, entry);
    assert.is(await cache.get("text"), undefined, entry);
  }
});

test("the real binary: a key written twice and a warning reported the same on the second run, from the cache", async () => {
  const dir = await generatedRepo();
  try {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    const folder = join(dir, CONFIG_TEXT_CACHE);
    writeFileSync(join(dir, "fawkes.config.ts"), WRITTEN_TWICE);
    const first = fawkes(dir, ["validate"]);
    assert.is(first.code, 1, first.stdout);
    assert.match(first.stderr, "is written twice");
    assert.ok(existsSync(folder) && readdirSync(folder).length === 1, "one entry kept");
    const second = fawkes(dir, ["validate"]);
    assert.is(second.stderr, first.stderr);
    // What the entry says is what the next run reports: the cache is read, not only written.
    const [file] = readdirSync(folder);
    const kept = JSON.parse(readFileSync(join(folder, file!), "utf8")) as ConfigTextFacts;
    const edited = kept.duplicateKeys.map((p) => ({ ...p, message: "as kept" }));
    writeFileSync(join(folder, file!), JSON.stringify({ ...kept, duplicateKeys: edited }));
    assert.match(fawkes(dir, ["validate"]).stderr, "as kept");

    rmSync(folder, { recursive: true });
    writeFileSync(join(dir, "fawkes.config.ts"), FLOATING);
    const warned = fawkes(dir, ["validate"]);
    assert.is(warned.code, 0, warned.stderr);
    const at = positionOf(FLOATING, "{", "    git:");
    assert.match(warned.stderr, `fawkes.config.ts:${at.line}:${at.column} warning: platform.git:`);
    const [entry] = readdirSync(folder);
    const facts = JSON.parse(readFileSync(join(folder, entry!), "utf8")) as ConfigTextFacts;
    assert.equal(facts.positions[positionKey(["platform", "git"])], at);
    writeFileSync(
      join(folder, entry!),
      JSON.stringify({ ...facts, positions: { [positionKey(["platform", "git"])]: { line: 2, column: 1 } } }),
    );
    assert.match(fawkes(dir, ["validate"]).stderr, "fawkes.config.ts:2:1 warning: platform.git:");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
