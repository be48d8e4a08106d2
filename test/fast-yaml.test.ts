// The fast YAML emitter: byte-identical to the `yaml` package wherever it answers, and its output parses
// back to the same value (property tests over random documents and over every generated document).
import { parse, parseAllDocuments } from "yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { NotSimple, fastYaml } from "../core/fast-yaml.ts";
import {
  canonicalKeyOrder,
  canonicalize,
  renderYamlDocument,
  renderYamlDocumentSlow,
  renderYamlDocuments,
} from "../core/render-yaml.ts";
import { syntheticPlatform } from "../bench/synthetic-config.ts";
import { generateExample, generateIn } from "./helpers/pipeline.ts";
import { writeCase } from "./helpers/repo.ts";
import { stringify } from "yaml";

const test = suite("fast yaml");

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const ATOMS = [
  "a",
  "Z",
  "0",
  "9",
  "-",
  "_",
  ".",
  "/",
  ":",
  " ",
  "#",
  "'",
  '"',
  "{",
  "[",
  "*",
  "&",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  ",",
  "?",
  "é",
  "~",
  "$",
  "\\",
  "\n",
  "\t",
];
const WORDS = [
  "true",
  "false",
  "null",
  "yes",
  "no",
  "on",
  "1",
  "-1",
  "0x1F",
  "1e3",
  "1.0",
  ".5",
  "2.14.0",
  "8080",
  "~",
  "",
  "---",
  "a: b",
  "x #y",
  "- z",
  "0o17",
  ".inf",
  "NaN",
  "1_000",
];

function randomString(): string {
  if (random() < 0.3) return pick(WORDS);
  return Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(ATOMS)).join("");
}

function randomValue(depth: number): unknown {
  const r = random();
  if (depth > 3 || r < 0.45) {
    const s = random();
    return s < 0.6
      ? randomString()
      : s < 0.75
        ? Math.floor(random() * 2000) - 1000
        : s < 0.85
          ? random() < 0.5
          : s < 0.9
            ? null
            : random() * 10;
  }
  if (r < 0.75)
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 4) }, () => [randomString(), randomValue(depth + 1)]),
    );
  return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
}

test("random documents: identical to yaml where it answers, and they parse back", () => {
  let answered = 0;
  for (let i = 0; i < 3000; i++) {
    const value = canonicalize({ root: randomValue(0), [randomString() || "k"]: randomValue(1) });
    let fast: string;
    try {
      fast = fastYaml(value);
    } catch (error) {
      assert.instance(error, NotSimple);
      continue;
    }
    answered++;
    assert.is(fast, renderYamlDocumentSlow(value), JSON.stringify(value));
    assert.equal(parse(fast), value);
  }
  assert.ok(answered > 500, `${answered} answered`);
});

/** Multi-line text: lines of random atoms (spaces, tabs, #, %, ---, empty lines) and endings with 0–2 newlines. */
function randomText(): string {
  const line = () =>
    random() < 0.15 ? pick(["", " ", "  ", "---", "...", "%x", "#", "\t", "- a"]) : randomString().replace(/\n/g, "");
  const lines = Array.from({ length: 2 + Math.floor(random() * 4) }, line);
  return lines.join("\n") + pick(["", "\n", "\n\n", " ", "\n "]);
}

test("multi-line strings: written as yaml's literal block where it would, identical, parsed back", () => {
  let blocks = 0;
  for (let i = 0; i < 3000; i++) {
    const text = randomText();
    const value = canonicalize({ a: text, list: [text, { b: text }], nested: { c: { d: text } } });
    let fast: string;
    try {
      fast = fastYaml(value);
    } catch (error) {
      assert.instance(error, NotSimple);
      continue;
    }
    if (fast.includes("|")) blocks++;
    assert.is(fast, renderYamlDocumentSlow(value), JSON.stringify(text));
    assert.equal(parse(fast), value);
  }
  assert.ok(blocks > 300, `${blocks} literal blocks written`);
});

test("sorted as it is written: the same text as sorting a copy first", () => {
  for (let i = 0; i < 1000; i++) {
    const value = { root: randomValue(0), [randomString() || "k"]: randomValue(1), kind: "K", apiVersion: "v1" };
    let sorted: string;
    try {
      sorted = fastYaml(canonicalize(value));
    } catch {
      continue;
    }
    assert.is(fastYaml(value, canonicalKeyOrder), sorted);
  }
});

test("maps of every size are sorted as a sorted copy is: by insertion up to 16 keys, natively above", () => {
  const KEYS = ["apiVersion", "kind", "metadata", "name", "namespace", "0", "7", "10", "b", "B", "a-b", "é", "z"];
  for (let i = 0; i < 500; i++) {
    const size = Math.floor(random() * 40);
    const map: Record<string, unknown> = {};
    for (let k = 0; k < size; k++)
      map[random() < 0.3 ? pick(KEYS) : Math.floor(random() * 10 ** (1 + (k % 6))).toString(36)] = k;
    const value = { root: map, kind: "K", spec: { items: [map, { ...map, extra: true }] } };
    assert.is(fastYaml(value, canonicalKeyOrder), fastYaml(canonicalize(value)), JSON.stringify(map));
  }
});

test("a file of several documents: one the fast path leaves to yaml takes nothing of its neighbours", () => {
  const documents = [
    { kind: "A", a: 1 },
    { kind: "B", ratio: 0.5, list: [[1]] },
    { kind: "C", c: "x" },
  ];
  const text = renderYamlDocuments(documents, "# header\n");
  assert.is(text, `# header\n${documents.map((d) => renderYamlDocument(d)).join("---\n")}`);
  assert.is(text, `# header\n${documents.map((d) => renderYamlDocumentSlow(canonicalize(d))).join("---\n")}`);
  assert.equal(
    parseAllDocuments(text).map((d) => d.toJS()),
    documents,
  );
});

test("every generated document of the example and of a synthetic platform is rendered as yaml would", async () => {
  const { config, releases } = syntheticPlatform(60); // two cycles of every service shape (period 30)
  const generated = [
    generateExample(),
    generateIn(writeCase(`export default ${JSON.stringify(config)};\n`, stringify(releases))),
  ];
  let documents = 0;
  for (const { tree } of await Promise.all(generated)) {
    for (const file of tree.values()) {
      if (!file.path.endsWith(".yaml") && !file.path.endsWith(".yml")) continue;
      for (const doc of parseAllDocuments(file.content)) {
        const value = doc.toJS();
        if (value === null || typeof value !== "object") continue;
        documents++;
        try {
          assert.is(fastYaml(value), renderYamlDocumentSlow(value), file.path);
        } catch (error) {
          if (!(error instanceof NotSimple)) throw error;
        }
      }
    }
  }
  assert.ok(documents > 3000, `only ${documents} documents`);
});

test.run();
