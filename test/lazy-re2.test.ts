// The bundle's RE2 runtime for kubernetes-models' validators (cli/lazy-re2.ts): every RE2 pattern of the
// installed validators answers as re2-wasm's own, the validators only ever call `test` on one, and the bundle
// takes this runtime instead of the one that instantiates re2-wasm as it loads.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import LazyRe2 from "../cli/lazy-re2.ts";
import { bundleTexts, NO_BUNDLE } from "./helpers/bundle.ts";
import { testUnless } from "./helpers/skip.ts";

const test = suite("lazy RE2");
const ROOT = join(import.meta.dirname, "..");
const { RE2 } = createRequire(import.meta.resolve("@kubernetes-models/validate/runtime/re2"))("re2-wasm") as {
  RE2: new (pattern: string, flags?: string) => { test(text: string): boolean };
};

/** Every validator module of the installed kubernetes-models packages that imports the RE2 runtime. */
function re2Schemas(): { file: string; source: string }[] {
  const packages = [
    "node_modules/kubernetes-models",
    ...readdirSync(join(ROOT, "node_modules/@kubernetes-models")).map(
      (name) => `node_modules/@kubernetes-models/${name}`,
    ),
  ];
  return packages.flatMap((pkg) => {
    const dir = join(ROOT, pkg, "_schemas");
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".js"));
    } catch {
      return [];
    }
    return files
      .map((f) => ({ file: `${pkg}/_schemas/${f}`, source: readFileSync(join(dir, f), "utf8") }))
      .filter(({ source }) => source.includes("@kubernetes-models/validate/runtime/re2"));
  });
}

const schemas = re2Schemas();
const CONSTRUCTED = /(\w+)\s*=\s*new (\w+)\("((?:[^"\\]|\\.)*)",\s*"(\w*)"\)/g;

test("the installed validators build RE2 patterns (the runtime the bundle replaces is in use)", () => {
  assert.ok(schemas.length >= 3, `${schemas.length} validator modules import the RE2 runtime`);
});

test("each RE2 pattern answers as re2-wasm's, on the words it names in every case and on others", () => {
  let checked = 0;
  for (const { file, source } of schemas) {
    for (const [, , , quoted, flags] of source.matchAll(CONSTRUCTED)) {
      const pattern = JSON.parse(`"${quoted}"`) as string;
      const words = pattern.match(/[A-Za-z]+/g) ?? [];
      const samples = [
        "",
        "x",
        "1",
        "12",
        ...words.flatMap((w) => [
          w,
          w.toUpperCase(),
          `${w[0]!.toUpperCase()}${w.slice(1)}`,
          `${w}x`,
          `${w}day`,
          `${w.toUpperCase()}DAY`,
          `${w}Day`,
        ]),
        ...words.slice(0, 6).flatMap((a) => words.slice(0, 6).map((b) => `${a}:${b}`)),
      ];
      const lazy = new LazyRe2(pattern, flags);
      const real = new RE2(pattern, flags);
      for (const sample of samples) {
        assert.is(lazy.test(sample), real.test(sample), `${file}: /${pattern}/ on ${JSON.stringify(sample)}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 200, `${checked} samples`);
});

test("the validators call nothing but test on an RE2 pattern", () => {
  for (const { file, source } of schemas) {
    const runtime = /import (\w+) from\s*"@kubernetes-models\/validate\/runtime\/re2"/.exec(source)?.[1];
    assert.ok(runtime, file);
    const patterns = [...source.matchAll(CONSTRUCTED)].filter((m) => m[2] === runtime).map((m) => m[1]!);
    assert.ok(patterns.length > 0, file);
    // The runtime is only constructed, and each pattern only tested.
    assert.is(source.split(runtime).length - 1, 1 + patterns.length, `${file}: ${runtime} used otherwise`);
    for (const name of patterns) {
      const uses = [...source.matchAll(new RegExp(`\\b${name}\\b(.{0,6})`, "g"))].map((m) => m[1]);
      assert.equal(
        uses.filter((rest) => !rest!.startsWith("=new ") && !rest!.startsWith(" = new") && !rest!.startsWith(".test(")),
        [],
        `${file}: ${name}`,
      );
    }
  }
});

testUnless(test, NO_BUNDLE, "the bundle takes the lazy runtime, not the one that loads re2-wasm", () => {
  const texts = bundleTexts();
  assert.not.ok(
    texts.some((t) => t.includes('from "@kubernetes-models/validate/runtime/re2"')),
    "a chunk imports the validators' RE2 runtime",
  );
  assert.ok(
    texts.some((t) => /new LazyRe2\("/.test(t)),
    "no validator of the bundle builds its pattern with the lazy runtime",
  );
});

test.run();
