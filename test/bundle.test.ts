// What the CLI's bundle (dist/bundle/, scripts/bundle.ts) carries and loads: every command loads its start-up
// chunks, so what esbuild keeps in them, and what they import before it is needed, is start-up time.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { BUILT_SCHEMA_FILE, builtConfigJsonSchema, makeConfigJsonSchema } from "../schema/json-schema.ts";
import { BUNDLE_DIR, bundleTexts, NO_BUNDLE } from "./helpers/bundle.ts";
import { caseFolder, EXAMPLE_CONFIG, editExample, positionOf, REPO, writeCase } from "./helpers/repo.ts";
import { testUnless } from "./helpers/skip.ts";

const test = suite("bundle");

// Zod's namespace shakes only when imported as `import * as z`: through `import { z }`, esbuild keeps all of
// Zod's 40-odd message locales (370 KB) in the chunk.
testUnless(test, NO_BUNDLE, "the bundle keeps Zod's English messages and no other locale", () => {
  const locales = new Set(
    bundleTexts().flatMap((text) =>
      [...text.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/([\w-]+)\.js$/gm)].map((m) => m[1]!),
    ),
  );
  assert.equal([...locales], ["en"]);
});

testUnless(test, NO_BUNDLE, "the config's JSON Schema the build left is the one the code makes", () => {
  assert.equal(builtConfigJsonSchema(pathToFileURL(`${BUNDLE_DIR}/`)), makeConfigJsonSchema());
});

test("the built JSON Schema is read where it is an object, and is not where it is missing or damaged", () => {
  const folder = caseFolder();
  const url = pathToFileURL(`${folder}/`);
  assert.is(builtConfigJsonSchema(url), undefined);
  for (const damaged of ["{", "[]", "null", '"a"'] as const) {
    writeFileSync(join(folder, BUILT_SCHEMA_FILE), damaged);
    assert.is(builtConfigJsonSchema(url), undefined, damaged);
  }
  writeFileSync(join(folder, BUILT_SCHEMA_FILE), '{"title":"planted"}');
  assert.equal(builtConfigJsonSchema(url), { title: "planted" });
});

/** Runs the real CLI in `cwd` and returns its exit code, its stderr and the packages its main thread loaded. */
function packagesLoaded(args: readonly string[], cwd = REPO): { code: number; stderr: string; packages: string[] } {
  const hook = join(caseFolder(), "hook.mjs");
  writeFileSync(
    hook,
    `import { registerHooks } from "node:module";
import { writeSync } from "node:fs";
const seen = new Set();
registerHooks({ load(url, context, next) { const m = /\\/node_modules\\/((@[^/]+\\/)?[^/]+)\\//.exec(url); if (m) seen.add(m[1]); return next(url, context); } });
process.on("exit", () => writeSync(2, "LOADED " + JSON.stringify([...seen]) + "\\n"));`,
  );
  const run = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(hook).href, join(REPO, "bin/fawkes.js"), ...args],
    {
      cwd,
      encoding: "utf8",
    },
  );
  const line = run.stderr.split("\n").find((l) => l.startsWith("LOADED "));
  assert.ok(line, run.stderr);
  return {
    code: run.status ?? -1,
    stderr: run.stderr,
    packages: JSON.parse(line!.slice("LOADED ".length)) as string[],
  };
}

testUnless(test, NO_BUNDLE, "Babel's parser loads when a problem is located, not at start-up", () => {
  assert.not.ok(packagesLoaded(["--version"]).packages.includes("@babel/parser"));
  // Texts no run has seen (the cache of what a text holds is keyed by it, and shared through node_modules): the
  // first validate of the valid one parses it for its keys written twice, the second finds them in the cache.
  const valid = writeCase(`${EXAMPLE_CONFIG}// ${randomUUID()}\n`);
  const first = packagesLoaded(["validate"], valid);
  assert.is(first.code, 0, first.stderr);
  assert.ok(first.packages.includes("@babel/parser"), first.packages.join(" "));
  const second = packagesLoaded(["validate"], valid);
  assert.is(second.code, 0, second.stderr);
  assert.not.ok(second.packages.includes("@babel/parser"), second.packages.join(" "));

  const config = `${editExample("prod: 3 },", "prod: -3 },")}// ${randomUUID()}\n`;
  const invalid = packagesLoaded(["validate"], writeCase(config));
  assert.is(invalid.code, 1, invalid.stderr);
  assert.ok(invalid.packages.includes("@babel/parser"), invalid.packages.join(" "));
  const { line, column } = positionOf(config, "-3 },");
  assert.match(invalid.stderr, `fawkes.config.ts:${line}:${column} services.`);
  assert.not.match(invalid.stderr, /Warning/);
});

test.run();
