// The CEL the policies run (core/cel.ts): `matches()` answers as the library's own RE2 engine does, also for a
// text asked again, and once the answers it keeps are let go; an expression is parsed once, and its tree shared.
import { RE2JS } from "@bufbuild/re2";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compileCel, parseCel } from "../core/cel.ts";
import { policyReads } from "../core/policy/reads.ts";

const test = suite("cel");

test("matches() gives RE2's answer for every text, asked once or again", () => {
  const pattern = ":[A-Za-z0-9_][A-Za-z0-9_.-]*$";
  const program = compileCel(`s.matches('${pattern}')`);
  const re2 = RE2JS.compile(pattern);
  // More texts than it keeps answers for, then the first ones again.
  const texts = Array.from({ length: 12_000 }, (_, i) =>
    i % 3 === 0 ? `img-${i}:latest` : i % 3 === 1 ? `img-${i}` : `img:${i}@x`,
  );
  for (const round of [texts, texts.slice(0, 500), texts.slice(0, 500)])
    for (const s of round) assert.equal(program({ s }), { ok: true, value: re2.test(s) }, s);
  assert.equal(program({ s: "a:" }), { ok: true, value: false });
  assert.equal(program({ s: "a:1" }), { ok: true, value: true });
});

test("a parsed expression is shared: compiling it, evaluating it and reading it leave its tree as it was", () => {
  const expression =
    "object.spec.containers.all(c, has(c.image) && c.image.startsWith('ghcr.io/') && !c.image.endsWith(':latest'))";
  const tree = parseCel(expression);
  assert.is(parseCel(expression), tree, "parsed once");
  // The tree is plain objects (protobuf-es messages); its integer constants are bigints.
  const text = () => JSON.stringify(tree, (_, value: unknown) => (typeof value === "bigint" ? `${value}n` : value));
  const before = text();
  assert.ok(before.includes("startsWith"));
  const program = compileCel(expression);
  assert.equal(program({ object: { spec: { containers: [{ image: "ghcr.io/a:1" }] } } }), { ok: true, value: true });
  assert.equal(program({ object: { spec: { containers: [{ image: "ghcr.io/a:latest" }] } } }), {
    ok: true,
    value: false,
  });
  assert.ok(policyReads([expression])?.names.has("image"));
  assert.is(text(), before);
});

test.run();
