// Unit tests of the pure core: serialization, CIDRs, suggestions, locating, composing, the sync plan.
import { Namespace } from "kubernetes-models/v1/Namespace";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { formatCidr, overlaps, parseCidr, subnet } from "../core/cidr.ts";
import { composeFiles } from "../core/compose.ts";
import { toFileTree, type RenderedFile } from "../core/file-tree.ts";
import { createConfigLocator } from "../core/locate-config.ts";
import { createYamlLocator } from "../core/locate-yaml.ts";
import { parseLegacyManifest, parseManifest, readOwnership, renderManifest } from "../core/manifest.ts";
import { parseQuantity } from "../core/names.ts";
import { formatPath, formatProblem } from "../core/problems.ts";
import { canonicalize, renderYamlDocument } from "../core/render-yaml.ts";
import { closest, suggestName } from "../core/suggest.ts";
import { planSync } from "../core/sync.ts";
import { positionOf } from "./helpers/repo.ts";
import { NO_SOURCES, fileSources } from "../core/provenance.ts";

const yaml = suite("render-yaml");

yaml("leading keys first, the rest sorted, recursively", () => {
  const out = renderYamlDocument({
    spec: { z: 1, a: 2 },
    metadata: { labels: { b: "1", a: "2" }, name: "x" },
    kind: "K",
    apiVersion: "v1",
  });
  assert.is(
    out,
    'apiVersion: v1\nkind: K\nmetadata:\n  name: x\n  labels:\n    a: "2"\n    b: "1"\nspec:\n  a: 2\n  z: 1\n',
  );
});

yaml("long strings are never folded, and the text re-parses to the same value", () => {
  const value = { a: "x ".repeat(200).trim(), b: "yes", c: "0755", d: "*.yaml", e: "", f: "line1\nline2\n" };
  const out = renderYamlDocument(value);
  assert.is(out.split("\n")[0]!.length > 300, true);
  assert.equal(parse(out), canonicalize(value));
});

yaml("arrays keep their order; undefined is dropped", () => {
  assert.equal(canonicalize({ b: [3, 1, 2], a: undefined }), { b: [3, 1, 2] });
});

const cidr = suite("cidr");

cidr("parses, formats and rejects", () => {
  const parsed = parseCidr("10.20.0.0/16");
  assert.ok(parsed.ok);
  if (parsed.ok) assert.is(formatCidr(parsed.cidr), "10.20.0.0/16");
  for (const [text, reason] of [
    ["10.20.0.0", /IPv4 CIDR/],
    ["10.20.300.0/16", /IPv4 CIDR/],
    ["10.20.1.0/16", /host bits set \(the network is 10\.20\.0\.0\/16\)/],
    ["10.0.0.0/33", /IPv4 CIDR/],
  ] as const) {
    const result = parseCidr(text);
    assert.not.ok(result.ok, text);
    if (!result.ok) assert.match(result.reason, reason);
  }
});

cidr("overlap and subnets", () => {
  const net = (t: string) => {
    const r = parseCidr(t);
    if (!r.ok) throw new Error(r.reason);
    return r.cidr;
  };
  assert.ok(overlaps(net("10.0.0.0/16"), net("10.0.128.0/17")));
  assert.not.ok(overlaps(net("10.0.0.0/16"), net("10.1.0.0/16")));
  const subnets = [0, 1, 2, 3].map((i) => subnet(net("10.20.0.0/16"), 20, i));
  assert.equal(subnets.map(formatCidr), ["10.20.0.0/20", "10.20.16.0/20", "10.20.32.0/20", "10.20.48.0/20"]);
  for (let i = 0; i < subnets.length; i++)
    for (let j = i + 1; j < subnets.length; j++) assert.not.ok(overlaps(subnets[i]!, subnets[j]!));
  assert.throws(() => subnet(net("10.20.0.0/16"), 20, 16), /outside/);
});

const names = suite("names and suggestions");

names("did you mean", () => {
  assert.is(closest("paymnets", ["payments", "storefront"]), "payments");
  assert.is(closest("zzz", ["payments", "storefront"]), undefined);
  assert.is(suggestName("stagin", ["dev", "staging"], "environment"), 'did you mean "staging"?');
  assert.is(suggestName("qa", ["prod", "dev"], "environment"), 'known environments: "dev", "prod"');
  assert.is(suggestName("x", [], "team"), "no team is declared");
});

names("quantities", () => {
  for (const [q, n] of [
    ["500m", 0.5],
    ["2", 2],
    ["1Gi", 2 ** 30],
    ["512Mi", 512 * 2 ** 20],
    ["1k", 1000],
  ] as const)
    assert.is(parseQuantity(q), n, q);
  assert.ok(Number.isNaN(parseQuantity("12MB")));
});

names("paths and problem lines", () => {
  assert.is(formatPath(["services", "checkout-api", "dependsOn", 1]), "services.checkout-api.dependsOn[1]");
  assert.is(
    formatProblem({
      code: "x",
      path: ["services", "a", "team"],
      message: 'unknown team "b"',
      hint: 'did you mean "c"?',
      file: "fawkes.config.ts",
      position: { line: 4, column: 7 },
    }),
    'fawkes.config.ts:4:7 services.a.team: unknown team "b" (did you mean "c"?)',
  );
});

const locate = suite("locate");

const SOURCE = `import { defineConfig } from "fawkes";
const shared = { cpu: "1" };
const teams = {
  payments: { displayName: "P" },
};
export default defineConfig({
  teams,
  services: {
    "checkout-api": { team: "payments", resources: { ...shared, memory: "1Gi" }, dependsOn: ["a", "b"] },
  },
} satisfies object);
`;

locate("values through calls, consts, shorthands, spreads and arrays", () => {
  const locator = createConfigLocator(SOURCE);
  assert.equal(locator.locate(["teams", "payments", "displayName"]), positionOf(SOURCE, '"P"'));
  assert.equal(locator.locate(["services", "checkout-api", "team"]), positionOf(SOURCE, '"payments"'));
  assert.equal(locator.locate(["services", "checkout-api", "resources", "cpu"]), positionOf(SOURCE, '"1"'));
  assert.equal(locator.locate(["services", "checkout-api", "dependsOn", 1]), positionOf(SOURCE, '"b"'));
  assert.equal(locator.locate(["services", "checkout-api"], "key"), positionOf(SOURCE, '"checkout-api"'));
  // A missing key points at the nearest ancestor that is written.
  assert.equal(locator.locate(["services", "checkout-api", "port"]), positionOf(SOURCE, '{ team: "payments"'));
});

locate("duplicate keys are found, with the second one's position", () => {
  const problems = createConfigLocator(
    `export default { services: { a: {}, b: {}, a: { x: 1, x: 2 } } };`,
  ).duplicateKeys();
  assert.equal(
    problems.map((p) => [p.path.join("."), p.at]),
    [
      ["services.a", { line: 1, column: 44 }],
      ["services.a.x", { line: 1, column: 55 }],
    ],
  );
});

locate(
  "a service that comes twice through spreads of two tables is a duplicate; a key after a spread overrides it",
  () => {
    const source = [
      'const payments = { api: { team: "payments" }, ledger: {} };',
      'const shop = { api: { team: "shop" } };',
      "const base = { replicas: 1 };",
      "export default { services: { ...payments, ...shop, web: { ...base, replicas: 3 } } };",
    ].join("\n");
    const problems = createConfigLocator(source).duplicateKeys();
    assert.equal(
      problems.map((p) => [p.path.join("."), p.at]),
      [["services.api", { line: 2, column: 16 }]],
    );
    assert.match(problems[0]!.message, /"api" comes twice: the spread at line 4 replaces the one at line 1/);
  },
);

locate("YAML keys and values", () => {
  const locator = createYamlLocator("a:\n  dev: 1.0.0\n  prod: 2.0.0\n");
  assert.equal(locator.locate(["a", "prod"]), { line: 3, column: 9 });
  assert.equal(locator.locate(["a", "prod"], "key"), { line: 3, column: 3 });
  assert.equal(locator.locate(["a", "qa"]), { line: 2, column: 3 }, "the nearest ancestor's value");
});

const compose = suite("compose");

compose("two generators claiming one path is an error", () => {
  const file = { type: "text" as const, path: "out/a.txt", origin: ["x"], sources: fileSources(["x"]), content: "a" };
  const { problems } = composeFiles([file, { ...file, sources: fileSources(["y"]) }]);
  assert.is(problems.length, 1);
  assert.match(problems[0]!.message, /two generators write out\/a\.txt/);
});

compose("paths outside the output roots are refused", () => {
  for (const path of ["../etc/passwd", "/abs.yaml", "src/x.ts", "out/../x"]) {
    const { problems } = composeFiles([{ type: "text", path, origin: [], sources: NO_SOURCES, content: "" }]);
    assert.is(problems.length, 1, path);
  }
});

compose("an invalid object is reported with the config path that produced it", () => {
  const bad = new Namespace({ metadata: { name: "x", labels: { a: 1 as unknown as string } } });
  const { problems } = composeFiles([
    { type: "objects", path: "out/x.yaml", origin: ["teams", "x"], sources: NO_SOURCES, objects: [bad] },
  ]);
  assert.is(problems.length, 1);
  assert.equal(problems[0]!.path, ["teams", "x"]);
  assert.match(problems[0]!.message, /Namespace x in out\/x\.yaml is invalid/);
});

compose("objects get the header and are separated as documents", () => {
  const ns = (name: string) => new Namespace({ metadata: { name } });
  const { tree } = composeFiles([
    { type: "objects", path: "out/x.yaml", origin: [], sources: NO_SOURCES, objects: [ns("a"), ns("b")] },
  ]);
  assert.is(tree.get("out/x.yaml")!.content.split("\n---\n").length, 2);
  assert.match(tree.get("out/x.yaml")!.content, /^# Generated by Fawkes/);
});

const sync = suite("sync plan");

const file = (path: string, content: string): RenderedFile => ({ path, content, sources: NO_SOURCES });

const owning = (...paths: string[]) => ({ paths: new Set(paths), legacy: false });

sync("added, changed, unchanged, stale, conflicts and unexpected", () => {
  const previous = owning("out/a.yaml", "out/b.yaml", "out/old.yaml");
  const tree = toFileTree([
    file("out/a.yaml", "a2"),
    file("out/b.yaml", "b2"),
    file("out/c.yaml", "c"),
    file("out/same.yaml", "s"),
    file("out/mine.yaml", "generated"),
  ]);
  const disk = new Map([
    ["out/a.yaml", "a1"], // as last generated: stale
    ["out/b.yaml", "b-edited"], // edited by hand
    ["out/old.yaml", "o"], // no longer generated
    ["out/same.yaml", "s"], // unowned but identical: nothing to do
    ["out/mine.yaml", "user"], // unowned and different: in the way
    ["out/extra.yaml", "x"], // unowned inside out/
  ]);
  const plan = planSync(tree, disk, previous);
  assert.equal(
    plan.added.map((f) => f.path),
    ["out/c.yaml"],
  );
  assert.equal(
    plan.changed.map((c) => c.file.path),
    ["out/a.yaml", "out/b.yaml"],
  );
  assert.is(plan.unchanged, 1);
  assert.equal(plan.stale, ["out/old.yaml"]);
  assert.equal(plan.conflicts, ["out/mine.yaml"]);
  assert.equal(plan.unexpected, ["out/extra.yaml"]);
});

sync("stale deletion never leaves the output roots, whatever the list says", () => {
  const plan = planSync(
    toFileTree([]),
    new Map([
      ["src/keep.ts", "mine"],
      ["../x", "x"],
    ]),
    owning("src/keep.ts", "../x"),
  );
  assert.equal(plan.stale, []);
});

sync("the list of owned files: paths only, sorted, one a line; comments, blanks and merge markers are no paths", () => {
  const listed = renderManifest(
    toFileTree([file("out/b.yaml", "b"), file("out/a.yaml", "a"), file(".fawkes/owned.txt", "")]),
  );
  assert.is(listed.path, ".fawkes/owned.txt");
  assert.match(listed.content, /^# Generated by Fawkes[^\n]*\n# [^\n]*\nout\/a\.yaml\nout\/b\.yaml\n$/);
  assert.not.match(listed.content, /sha256|sources/);
  assert.equal([...parseManifest(listed.content)!], ["out/a.yaml", "out/b.yaml"]);
  assert.equal(
    [...parseManifest("out/a.yaml\r\n<<<<<<< ours\nout/b.yaml\n=======\nout/c.yaml\n>>>>>>> theirs\n\n")!],
    ["out/a.yaml", "out/b.yaml", "out/c.yaml"],
  );
  assert.is(parseManifest(undefined), undefined);
});

sync("the old manifest (hashes and sources) is read once: it owns its files, and generate deletes it", () => {
  const legacy = JSON.stringify({
    version: 1,
    configSha256: "h",
    generator: "fawkes 0.1.0",
    files: { "out/a.yaml": { sha256: "x", sources: [] }, "out/old.yaml": { sha256: "y", sources: [] } },
  });
  assert.equal([...parseLegacyManifest(legacy)!], ["out/a.yaml", "out/old.yaml"]);
  assert.is(parseLegacyManifest("{not json"), undefined);
  const ownership = readOwnership(undefined, legacy)!;
  assert.ok(ownership.legacy);
  const tree = toFileTree([file("out/a.yaml", "a2"), file(".fawkes/owned.txt", "list")]);
  const plan = planSync(
    tree,
    new Map([
      ["out/a.yaml", "a1"],
      ["out/old.yaml", "o"],
      [".fawkes/manifest.json", legacy],
    ]),
    ownership,
  );
  assert.equal(
    plan.changed.map((c) => c.file.path),
    ["out/a.yaml"],
    "owned through the old manifest: no conflict",
  );
  assert.equal(plan.stale, [".fawkes/manifest.json", "out/old.yaml"]);
  assert.equal(
    plan.added.map((f) => f.path),
    [".fawkes/owned.txt"],
  );
  assert.is(readOwnership(undefined, undefined), undefined);
  assert.equal(
    [...readOwnership("out/b.yaml\n", legacy)!.paths].sort(),
    ["out/a.yaml", "out/b.yaml", "out/old.yaml"],
    "both, after a merge brought the old one back",
  );
});

yaml.run();
cidr.run();
names.run();
locate.run();
compose.run();
sync.run();
