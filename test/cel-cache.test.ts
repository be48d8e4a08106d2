// The policies' parsed CEL, kept between runs (core/cel.ts, cli/cel-cache.ts): a tree known from an earlier run is
// the one evaluated, what a run parsed is offered to keep once, the trees on disk come back equal, a damaged file
// holds none, and the real binary evaluates what its cache holds.
import { parse, plan, celEnv } from "@bufbuild/cel";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { CEL_CACHE, celTreeCache } from "../cli/cel-cache.ts";
import { celTreesToKeep, compileCel, knowCelTrees, parseCel, type CelTree } from "../core/cel.ts";
import { fawkes, generatedRepo } from "./helpers/scratch.ts";

const test = suite("CEL cache");
/** Texts no other test parses in this process (the parsed trees are kept for its life). */
const unique = (expression: string) => `${expression} && "${process.pid}-${Math.random()}" != ""`;

test("a tree known from an earlier run is the one evaluated: its text is not parsed again", () => {
  const text = unique("1 == 2");
  const planted = parse("1 + 1 == 2");
  knowCelTrees(new Map([[text, planted]]));
  assert.is(parseCel(text), planted);
  assert.equal(compileCel(text)({}), { ok: true, value: true }, "the planted tree's answer; the text's is false");
});

test("what a run parsed is offered to keep once; a tree taken from a cache is not", () => {
  celTreesToKeep(); // what the tests before this one parsed
  assert.is(celTreesToKeep(), undefined);
  knowCelTrees(new Map([[unique("true"), parse("true")]]));
  assert.is(celTreesToKeep(), undefined, "known, not parsed here");
  const text = unique("size('abc') == 3");
  parseCel(text);
  const kept = celTreesToKeep();
  assert.ok(kept?.has(text), "the new tree is offered");
  assert.is(celTreesToKeep(), undefined, "and only once");
});

test("on disk: the trees come back equal and evaluate the same; kept for one Fawkes; a damaged file holds none", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-cel-"));
  try {
    const texts = [
      "object.spec.containers.all(c, c.image.matches('^registry/.*$') && size(c.name) > 2u)",
      "-9223372036854775808 < 0 && b'xy' == bytes('xy') && 1.5 > 1.0 && has(object.metadata.labels)",
    ];
    const trees = new Map(texts.map((text) => [text, parse(text)]));
    await celTreeCache(dir, "tool 1")!.keep(trees);
    const back = await celTreeCache(dir, "tool 1")!.trees;
    assert.equal([...back], [...trees]);
    const env = celEnv();
    const object = { spec: { containers: [{ image: "registry/app:1", name: "app" }] }, metadata: { labels: {} } };
    for (const text of texts)
      assert.equal(plan(env, back.get(text)!)({ object }), plan(env, trees.get(text)!)({ object }), text);
    assert.is((await celTreeCache(dir, "tool 2")!.trees).size, 0, "another Fawkes");
    assert.is(celTreeCache(dir, undefined), undefined, "no identity, no cache");
    const [file] = readdirSync(join(dir, CEL_CACHE));
    for (const damaged of [
      Buffer.from("not V8's serialization"),
      serialize({ [texts[0]!]: trees.get(texts[0]!) }),
      serialize([[texts[0]!]]),
      serialize([[texts[0]!, { expr: {} }]]),
      serialize([[1, trees.get(texts[0]!)]]),
    ]) {
      writeFileSync(join(dir, CEL_CACHE, file!), damaged);
      assert.is((await celTreeCache(dir, "tool 1")!.trees).size, 0, damaged.toString("hex").slice(0, 40));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the real binary: check keeps the policies' trees, and the next run evaluates what the cache holds", async () => {
  const dir = await generatedRepo();
  try {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    const first = fawkes(dir, ["check"]);
    assert.is(first.code, 0, first.stderr);
    const folder = join(dir, CEL_CACHE);
    const [file] = readdirSync(folder);
    const entries = deserialize(readFileSync(join(folder, file!))) as [string, CelTree][];
    assert.ok(entries.length >= 10, `${entries.length} trees kept`);
    // Every expression's tree replaced by that of `false`: every pod is denied.
    writeFileSync(join(folder, file!), serialize(entries.map(([text]) => [text, parse("false")])));
    const planted = fawkes(dir, ["check"]);
    assert.is(planted.code, 3, planted.stdout); // cannot check: the policies deny every pod
    assert.match(planted.stderr, /policy "[\w-]+" \(Enforce\) would deny/);
    rmSync(folder, { recursive: true });
    const again = fawkes(dir, ["check"]);
    assert.is(again.code, 0, again.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
