// The policies' parsed CEL, kept between runs (core/cel.ts, cli/cel-cache.ts): a tree known from an earlier run is
// the one evaluated, what a run parsed is offered to keep once, the trees on disk come back equal, a damaged file
// holds none, and the real binary evaluates what its cache holds.
import { parse, plan, celEnv } from "@bufbuild/cel";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { CEL_CACHE, celCacheBytes, celTreeCache } from "../cli/cel-cache.ts";
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

test("what a run asked for is offered to keep when it parsed one: not a tree it only held", () => {
  celTreesToKeep(); // what the tests before this one asked for
  assert.is(celTreesToKeep(), undefined);
  const [known, held] = [unique("true"), unique("false")];
  knowCelTrees(
    new Map([
      [known, parse("true")],
      [held, parse("false")],
    ]),
  );
  parseCel(known);
  assert.is(celTreesToKeep(), undefined, "known, not parsed here: nothing to keep");
  const text = unique("size('abc') == 3");
  parseCel(known);
  parseCel(text);
  assert.equal([...celTreesToKeep()!.keys()], [known, text], "what was asked for since, the new tree with it");
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
    const entries = [...trees];
    const filed = (payload: Uint8Array, digest = createHash("sha256").update(payload).digest("hex")) =>
      serialize(["fawkes-cel-trees-1", digest, payload]);
    assert.equal(Buffer.from(celCacheBytes(trees)), Buffer.from(filed(serialize(entries))), "the file's form");
    for (const damaged of [
      Buffer.from("not V8's serialization"),
      serialize(entries),
      filed(serialize(entries), "0".repeat(64)),
      filed(serialize(entries)).subarray(0, 200),
      filed(serialize([[texts[0]!]])),
      filed(serialize([[texts[0]!, { $typeName: "cel.expr.ParsedExpr" }]])),
      filed(serialize([[1, trees.get(texts[0]!)]])),
    ]) {
      writeFileSync(join(dir, CEL_CACHE, file!), damaged);
      assert.is((await celTreeCache(dir, "tool 1")!.trees).size, 0, damaged.toString("hex").slice(0, 40));
    }
    // Keeping this Fawkes's trees removes another build's file.
    await celTreeCache(dir, "tool 2")!.keep(trees);
    assert.equal(readdirSync(join(dir, CEL_CACHE)).length, 1);
    assert.is((await celTreeCache(dir, "tool 2")!.trees).size, 2);
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
    const [, , payload] = deserialize(readFileSync(join(folder, file!))) as [string, string, Uint8Array];
    const entries = deserialize(payload) as [string, CelTree][];
    assert.ok(entries.length >= 10, `${entries.length} trees kept`);
    // Every expression's tree replaced by that of `false`: every pod is denied.
    writeFileSync(join(folder, file!), celCacheBytes(new Map(entries.map(([text]) => [text, parse("false")]))));
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
