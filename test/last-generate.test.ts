// A generate from the same inputs as the last one, whose files are on disk as it wrote them, builds nothing
// (cli/last-generate.ts): what decides that, and the real binary doing it, or not, on a scratch repository.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { contentHash } from "../cli/content-hash.ts";
import type { DiskRead } from "../cli/disk.ts";
import { BUILD_ID_FILE, diskMatches, generateKey, toolIdentity, type LastGenerate } from "../cli/last-generate.ts";
import type { PipelineInput } from "../core/pipeline.ts";
import { REPO } from "./helpers/repo.ts";
import { fawkes, generatedRepo } from "./helpers/scratch.ts";

const test = suite("last generate");

const SOURCES: PipelineInput = {
  configFile: "fawkes.config.ts",
  configSource: "export default {}",
  config: { platform: { name: "a" }, services: { api: { team: "t" } } },
  releasesFile: "releases.yaml",
  releasesSource: "api:\n  dev: v1\n",
  allocationsSource: undefined,
  scoreSources: { "score.yaml": "x" },
  repo: { present: new Set(["docs/"]), testScript: false },
};

test("the key: the same for the same sources, different when any field the pipeline reads differs", () => {
  const key = generateKey(SOURCES, "tool");
  assert.is(generateKey(structuredClone(SOURCES), "tool"), key, "a copy of the same sources");
  assert.is(
    generateKey({ ...SOURCES, markdownCache: { get: async () => undefined, set: async () => {} } }, "tool"),
    key,
  );
  const changed: Partial<PipelineInput>[] = [
    { configFile: "fawkes.config.yaml" },
    { configSource: "export default { }" },
    { config: { platform: { name: "b" }, services: { api: { team: "t" } } } },
    { releasesFile: "other.yaml" },
    { releasesSource: "api:\n  dev: v2\n" },
    { allocationsSource: "{}" },
    { scoreSources: { "score.yaml": "y" } },
    { repo: { present: new Set(["docs/", ".nvmrc"]), testScript: false } },
    { repo: { present: new Set(["docs/"]), testScript: true } },
  ];
  for (const change of changed)
    assert.is.not(generateKey({ ...SOURCES, ...change }, "tool"), key, Object.keys(change)[0]);
  assert.is.not(generateKey(SOURCES, "another build"), key, "the tool");
  assert.is(generateKey({ ...SOURCES, config: { hook: () => 1 } }, "tool"), undefined, "a value that cannot be cloned");
});

test("the tool: its bundle's build id and npm's record of the installed packages, or nothing without either", () => {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-tool-"));
  try {
    const bundle = join(dir, "node_modules/fawkes/dist/bundle");
    mkdirSync(bundle, { recursive: true });
    assert.is(toolIdentity(bundle), undefined, "no build id");
    writeFileSync(join(bundle, BUILD_ID_FILE), "build 1\n");
    assert.is(toolIdentity(bundle), undefined, "no record of the installed packages");
    writeFileSync(join(dir, "node_modules/.package-lock.json"), '{"packages":{"node_modules/yaml":"2.8.0"}}');
    const first = toolIdentity(bundle);
    assert.type(first, "string");
    assert.is(toolIdentity(bundle), first);
    writeFileSync(join(dir, "node_modules/.package-lock.json"), '{"packages":{"node_modules/yaml":"2.8.1"}}');
    const upgraded = toolIdentity(bundle);
    assert.is.not(upgraded, first, "a package upgraded");
    writeFileSync(join(bundle, BUILD_ID_FILE), "build 2\n");
    assert.is.not(toolIdentity(bundle), upgraded, "another build");
    assert.is(toolIdentity(join(REPO, "cli")), undefined, "run from source");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the disk matches only with every file, each with its bytes, and nothing else", () => {
  const last: LastGenerate = {
    key: "k",
    files: [
      ["out/a.yaml", contentHash("a: 1\n")],
      [".fawkes/owned.txt", contentHash("out/a.yaml\n")],
    ],
    warnings: [],
  };
  const read = (files: Record<string, string>, hashed: boolean): DiskRead => {
    const entries = Object.entries(files);
    return hashed
      ? {
          files: new Map(),
          tried: new Set(),
          planned: [],
          hashes: new Map(entries.map(([p, c]) => [p, contentHash(c)])),
          listed: new Set(),
          staged: [],
        }
      : { files: new Map(entries), tried: new Set(), planned: [], listed: new Set(), staged: [] };
  };
  for (const hashed of [false, true]) {
    const same = { "out/a.yaml": "a: 1\n", ".fawkes/owned.txt": "out/a.yaml\n" };
    assert.ok(diskMatches(last, read(same, hashed)), "the same files");
    assert.not.ok(diskMatches(last, read({ ...same, "out/a.yaml": "a: 2\n" }, hashed)), "an edited file");
    assert.not.ok(diskMatches(last, read({ ...same, "out/a.yaml": "a: 1\r\n" }, hashed)), "other line endings");
    assert.not.ok(diskMatches(last, read({ ".fawkes/owned.txt": "out/a.yaml\n" }, hashed)), "a missing file");
    assert.not.ok(diskMatches(last, read({ ...same, "out/b.yaml": "b: 1\n" }, hashed)), "an extra file");
  }
});

/** The example generated (once per test process), with a node_modules of its own: its last generate is its own. */
async function scratch(): Promise<string> {
  const dir = await generatedRepo();
  rmSync(join(dir, "node_modules"));
  mkdirSync(join(dir, "node_modules/.cache/fawkes"), { recursive: true });
  symlinkSync(join(REPO, "node_modules/.cache/fawkes/markdown"), join(dir, "node_modules/.cache/fawkes/markdown"));
  return dir;
}

const built = (stderr: string) => stderr.includes("compose (validate and render)");
const withoutTimings = (stderr: string) => stderr.replace(/^timings:\n(?: .*\n)*/m, "");

test("the real binary: a second generate builds nothing and says what the first said; an edited, deleted or extra file builds again; check always builds", async () => {
  const dir = await scratch();
  try {
    const first = fawkes(dir, ["generate", "--timings"]);
    assert.is(first.code, 0, first.stderr);
    assert.ok(built(first.stderr), "without an entry, generate builds");
    const files = Number(/0 written, (\d+) unchanged, 0 deleted/.exec(first.stdout)?.[1]);
    assert.ok(files > 400, first.stdout);

    const again = fawkes(dir, ["generate", "--timings"]);
    assert.is(again.code, 0, again.stderr);
    assert.not.ok(built(again.stderr), "nothing built");
    assert.is(again.stdout, `fawkes generate: 0 written, ${files} unchanged, 0 deleted.\n`);
    assert.is(withoutTimings(again.stderr), withoutTimings(first.stderr), "the same warnings");

    // A file edited by hand, one deleted and one added where only generated output may be: built again,
    // mended and reported as before; then nothing to build again.
    const page = join(dir, "docs/reference/teams.md");
    const original = readFileSync(page, "utf8");
    writeFileSync(page, `${original}edited\n`);
    rmSync(join(dir, "docs/reference/services.md"));
    writeFileSync(join(dir, "out/stray.yaml"), "a: 1\n");
    const mended = fawkes(dir, ["generate", "--timings"]);
    assert.ok(built(mended.stderr));
    assert.match(mended.stdout, "2 written");
    assert.match(mended.stderr, "out/stray.yaml is not generated by Fawkes");
    assert.is(readFileSync(page, "utf8"), original);
    rmSync(join(dir, "out/stray.yaml"));
    assert.not.ok(built(fawkes(dir, ["generate", "--timings"]).stderr), "in sync again");

    // `check` never reads it: an entry that vouches for an edited file does not hide the drift.
    writeFileSync(page, "edited\n");
    const entryFile = join(dir, "node_modules/.cache/fawkes/last-generate.json");
    const entry = JSON.parse(readFileSync(entryFile, "utf8")) as { files: [string, string][] };
    const vouched = entry.files.map(([path, hash]) => [
      path,
      path === "docs/reference/teams.md" ? contentHash("edited\n") : hash,
    ]);
    writeFileSync(entryFile, JSON.stringify({ ...entry, files: vouched }));
    const check = fawkes(dir, ["check"]);
    assert.is(check.code, 1, check.stdout);
    assert.match(check.stdout, "docs/reference/teams.md");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the config's time only decides what loads early: touched, it builds nothing; edited, older than the record, it builds", async () => {
  const dir = await scratch();
  try {
    assert.is(fawkes(dir, ["generate"]).code, 0);
    const config = join(dir, "fawkes.config.ts");
    const record = join(dir, "node_modules/.cache/fawkes/last-generate.json");
    // Newer than the record, the same text: the generators load beside the config, nothing is built, and the
    // record is dated now, after the config.
    const later = new Date(statSync(record).mtimeMs + 1);
    utimesSync(config, later, later);
    const touched = fawkes(dir, ["generate", "--timings"]);
    assert.is(touched.code, 0, touched.stderr);
    assert.not.ok(built(touched.stderr), "the same inputs");
    assert.ok(statSync(record).mtimeMs > statSync(config).mtimeMs, "the record dated after the config");
    // Edited, and dated before the record: the generators load late, and the tree is built.
    writeFileSync(config, readFileSync(config, "utf8").replace("prod: 3 }", "prod: 2 }"));
    const earlier = new Date(statSync(record).mtimeMs - 60_000);
    utimesSync(config, earlier, earlier);
    const edited = fawkes(dir, ["generate", "--timings"]);
    assert.is(edited.code, 0, edited.stderr);
    assert.ok(built(edited.stderr), "other inputs");
    assert.match(edited.stdout, /[1-9]\d* written/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
