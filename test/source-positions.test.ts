// Positions from offsets (core/source-positions.ts) are Babel's own: every node of every shipped config, and of
// sources with every line ending JavaScript knows, lands on the line and column Babel's locations give it.
import { parse } from "@babel/parser";
import type { Node } from "@babel/types";
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { sourcePositions } from "../core/source-positions.ts";
import { syntheticPlatform } from "../bench/synthetic-config.ts";

const test = suite("source positions");

/** Every node of the tree, depth first. */
function* nodes(value: unknown): Generator<Node> {
  if (Array.isArray(value)) for (const item of value) yield* nodes(item);
  else if (value !== null && typeof value === "object") {
    if (typeof (value as Node).type === "string") yield value as Node;
    for (const [key, child] of Object.entries(value)) if (key !== "loc") yield* nodes(child);
  }
}

function assertBabelsPositions(source: string, what: string): number {
  const program = parse(source, { sourceType: "module", plugins: ["typescript"], errorRecovery: true }).program;
  const at = sourcePositions(source);
  let count = 0;
  for (const node of nodes(program)) {
    const { line, column } = node.loc!.start;
    assert.equal(at(node.start!), { line, column: column + 1 }, `${what}: ${node.type} at offset ${node.start}`);
    count++;
  }
  return count;
}

test("every node of the shipped configs and a synthetic one", () => {
  const configs = {
    "fawkes.config.ts": readFileSync("fawkes.config.ts", "utf8"),
    minimal: readFileSync("test/golden/minimal/fawkes.config.ts", "utf8"),
    overrides: readFileSync("test/golden/overrides/fawkes.config.ts", "utf8"),
    shapes: readFileSync("test/golden/shapes/fawkes.config.ts", "utf8"),
    synthetic: `export default ${JSON.stringify(syntheticPlatform(30).config, null, 2)};\n`,
  };
  for (const [what, source] of Object.entries(configs)) assert.ok(assertBabelsPositions(source, what) > 50, what);
});

test("every line ending JavaScript knows, and characters outside the BMP", () => {
  const body = [
    "const a = { x: 1 };",
    "const b = 'one\u2028two';",
    "// a comment\u2029const c = { y: `multi",
    "line ${1}` };",
    "const d = '😀'; const e = { z: '𝒳' };",
    "",
    "export default { a, b, c, d, e };",
  ];
  for (const [name, end] of Object.entries({ lf: "\n", crlf: "\r\n", cr: "\r", mixed: "\r\n" }))
    assertBabelsPositions(body.map((line, i) => line + (name === "mixed" && i % 2 ? "\n" : end)).join(""), name);
  assert.equal(sourcePositions("")(0), { line: 1, column: 1 });
});

test.run();
