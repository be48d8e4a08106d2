// The releases file read line by line (core/releases-text.ts): wherever it answers, it answers what the `yaml`
// package's full parse gives, and only for a file that parse reads without a problem. Everything else is left to
// the full parse, which says what is wrong.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LineCounter, parseDocument, stringify } from "yaml";
import { duplicateKeys } from "../core/config-text.ts";
import { readReleasesText } from "../core/releases-text.ts";
import { releasesText, syntheticPlatform } from "../bench/synthetic-config.ts";

const test = suite("releases text");

/** What the pipeline read before: the full parse, and whether it found anything wrong. */
function fullParse(source: string): { value: unknown; clean: boolean } {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: false, lineCounter });
  const clean = document.errors.length === 0 && duplicateKeys(document, () => ({ line: 1, column: 1 })).length === 0;
  return { value: clean ? (document.toJS({ maxAliasCount: 100 }) ?? {}) : undefined, clean };
}

function sameAsFullParse(source: string): boolean {
  const read = readReleasesText(source);
  if (read === undefined) return false;
  const full = fullParse(source);
  assert.ok(full.clean, `read here, yet the full parse finds a problem in:\n${source}`);
  assert.equal(read, full.value, source);
  // The same object shape too: plain objects, keys in the file's order.
  assert.equal(JSON.stringify(read), JSON.stringify(full.value), source);
  return true;
}

test("the releases files Fawkes writes and ships are read here, as the full parse reads them", () => {
  const files = [
    "releases.yaml",
    "test/golden/shapes/releases.yaml",
    "test/golden/minimal/releases.yaml",
    "test/golden/overrides/releases.yaml",
  ].map((path) => readFileSync(path, "utf8"));
  files.push(
    releasesText(syntheticPlatform(300).releases),
    // As the yaml package writes a file `fawkes release` starts (core/releases-edit.ts): it quotes what would
    // otherwise read as a number.
    stringify({ api: { dev: "1.4.2", staging: "1.0", prod: "3f2c1a9@sha256:0123abcd" }, web: { dev: "2026.11.01" } }),
    "",
    "# nothing released yet\n",
  );
  for (const source of files) assert.ok(sameAsFullParse(source), source.slice(0, 200));
});

test("what needs YAML's generality, or is wrong, is left to the full parse", () => {
  const left = {
    "a tag YAML reads as a number": "api:\n  dev: 1.0\n",
    "an integer": "api:\n  dev: 1234567\n",
    "an exponent": "api:\n  dev: 4e1\n",
    null: "api:\n  dev: null\n",
    "a boolean key": "true:\n  dev: a1\n",
    "a numeric key": "123:\n  dev: a1\n",
    "a service without environments": "api:\nweb:\n  dev: a1\n",
    "the last service without environments": "api:\n  dev: a1\nweb:\n",
    "an environment written twice": 'api:\n  dev: "a"\n  dev: "b"\n',
    "a service written twice": "api:\n  dev: a\napi:\n  prod: b\n",
    "flow style": "api: { dev: a1 }\n",
    "a block of its own": "api:\n  dev:\n    tag: a1\n",
    "a scalar over two lines": "api:\n  dev: a1\n    b2\n",
    "indentation that changes": "api:\n  dev: a1\n   prod: b2\n",
    "an indented document": "  api:\n    dev: a1\n",
    "an anchor": "api:\n  dev: &t a1\n  prod: *t\n",
    "a tag": "api:\n  dev: !!str 1.0\n",
    "a document marker": "---\napi:\n  dev: a1\n",
    "a directive": "%YAML 1.1\n---\napi:\n  dev: yes\n",
    "an escape": 'api:\n  dev: "a\\u0031"\n',
    "a control character": 'api:\n  dev: "a\u0001"\n',
    "a quote in a single-quoted tag": "api:\n  dev: 'it''s'\n",
    "Windows line ends": "api:\r\n  dev: a1\r\n",
    "a tab": "api:\n\tdev: a1\n",
    "a byte-order mark": "\ufeffapi:\n  dev: a1\n",
    "a quoted key": '"api":\n  dev: a1\n',
    "a service named __proto__": "__proto__:\n  dev: a1\n",
    "a key over 1,024 characters": `${"a".repeat(1025)}:\n  dev: a1\n`,
    "an environment's key over 1,024 characters": `api:\n  ${"d".repeat(1025)}: a1\n`,
    "an environment named __proto__": "api:\n  __proto__: a1\n",
    "a tag ending in a colon": "api:\n  dev: a1:\n",
    "an entry before any service": "  dev: a1\napi:\n  dev: a1\n",
    "a comment without a space before it": "api:\n  dev: a1#x\n",
  };
  for (const [what, source] of Object.entries(left)) assert.is(readReleasesText(source), undefined, what);
});

// Random files from the pieces people write, and pieces that break the common form: whatever is read here must
// be what the full parse reads.
let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const KEYS = ["api", "web-2", "svc_0", "a.b", "1a", "y", "on", "no"];
const ODD_KEYS = ["Null", "True", "0x1F", "0o7", "1e3", "12", "x:y", "-a", "__proto__", '"q"', "a b"];
const TAGS = [
  "1.4.2",
  "3f2c1a9",
  "2026.11.01",
  "sha256:0123abcd",
  "3f2c1a9@sha256:0123abcd",
  "a/b",
  "a:b",
  "0b1",
  "1_000",
];
const QUOTED = ['"1.0"', '"é✓"', "'1.0'", "''", '""', '"a" # c', "a # c", "'a b'"];
const ODD_TAGS = [
  "4e1",
  "1e-3",
  "0x1F",
  "0o17",
  ".5",
  "+1",
  ".inf",
  "-.INF",
  ".nan",
  "~",
  "null",
  "True",
  "1.0",
  "12",
  "a: b",
  "a #b",
  "a#b",
  "[a]",
  "{a}",
  "a,b",
  "*a",
  "&a b",
  "!a",
  "@a",
  "`a",
  "%a",
  "|",
  ">",
  '"a\\"b"',
  "'a''b'",
  "a:",
];
const INDENTS = ["  ", "    ", " "];
const ODD_INDENTS = ["\t", "   ", ""];

/** Mostly what people write; now and then a piece that breaks the common form. */
const piece = (usual: readonly string[], odd: readonly string[]) => (random() < 0.06 ? pick(odd) : pick(usual));

function randomFile(): string {
  const lines: string[] = [];
  const services = 1 + Math.floor(random() * 4);
  for (let s = 0; s < services; s++) {
    if (random() < 0.15) lines.push(pick(["# a comment", "", "   ", "  # indented comment"]));
    lines.push(`${piece(KEYS, ODD_KEYS)}:${pick(["", "", " ", " # c"])}`);
    const indent = pick(INDENTS);
    const environments = random() < 0.05 ? 0 : 1 + Math.floor(random() * 3);
    for (let e = 0; e < environments; e++)
      lines.push(
        `${random() < 0.05 ? pick(ODD_INDENTS) : indent}${piece(KEYS, ODD_KEYS)}:${pick([" ", " ", "  "])}${piece(random() < 0.3 ? QUOTED : TAGS, ODD_TAGS)}`,
      );
  }
  return lines.join("\n") + pick(["\n", "", "\n\n"]);
}

test("random files: read here only when the full parse reads them cleanly, and then the same", () => {
  let readHere = 0;
  for (let i = 0; i < 3000; i++) if (sameAsFullParse(randomFile())) readHere++;
  // Both ways are exercised: the common form is read here, the rest is left.
  assert.ok(readHere > 300 && readHere < 2700, `${readHere} of 3,000 read here`);
});

test.run();
