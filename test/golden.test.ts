// Golden cases: each folder under test/golden/ holds a config, the list of files the case is about
// (golden.txt) and their expected contents, compared in memory. UPDATE_GOLDEN=1 rewrites the expected trees;
// review that diff like code. Every kept file is also read by a check other than its own regeneration.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { FileTree } from "../core/file-tree.ts";
import { GOLDEN_CHECKS } from "./helpers/golden-checks.ts";
import { generateIn } from "./helpers/pipeline.ts";
import { REPO } from "./helpers/repo.ts";
import { testUnless } from "./helpers/skip.ts";

const GOLDEN = join(REPO, "test/golden");
const update = process.env.UPDATE_GOLDEN === "1";

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) {
        const path = join(entry.parentPath, entry.name);
        files.set(relative(dir, path), readFileSync(path, "utf8"));
      }
    }
  } catch {
    // no expected tree yet
  }
  return files;
}

/** The paths and folders (ending in /) listed in a case's golden.txt. */
function readSelection(dir: string): string[] {
  return readFileSync(join(dir, "golden.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

const selects = (selection: readonly string[], path: string): boolean =>
  selection.some((entry) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry));

interface Case {
  readonly name: string;
  readonly selection: readonly string[];
  /** The case's whole generated tree, for checks that need context (CODEOWNERS patterns, mkdocs nav). */
  readonly tree: FileTree;
  /** The files the case keeps, sorted. */
  readonly kept: readonly string[];
}

const names = readdirSync(GOLDEN).sort();
const cases = new Map<string, Promise<Case>>();
function caseOf(name: string): Promise<Case> {
  let found = cases.get(name);
  if (!found) {
    const dir = join(GOLDEN, name);
    const selection = readSelection(dir);
    found = generateIn(dir).then(({ tree }) => ({
      name,
      selection,
      tree,
      kept: [...tree.keys()].filter((path) => selects(selection, path)).sort(),
    }));
    cases.set(name, found);
  }
  return found;
}

const test = suite("golden");

for (const name of names) {
  test(`${name}: the kept files match the expected tree`, async () => {
    const { selection, tree, kept } = await caseOf(name);
    for (const entry of selection)
      assert.ok(
        kept.some((path) => selects([entry], path)),
        `golden.txt: ${entry} selects nothing`,
      );
    const expectedDir = join(GOLDEN, name, "expected");
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const path of kept) {
        mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
        writeFileSync(join(expectedDir, path), tree.get(path)!.content);
      }
    }
    const expected = readTree(expectedDir);
    assert.equal(kept, [...expected.keys()].sort(), "the same files");
    for (const path of kept) assert.fixture(tree.get(path)!.content, expected.get(path)!, path);
  });

  test(`${name}: every kept file is read by a check other than its regeneration`, async () => {
    const { kept } = await caseOf(name);
    const unchecked = kept.filter((path) => !GOLDEN_CHECKS.some((check) => check.covers(path)));
    assert.equal(unchecked, []);
  });

  for (const check of GOLDEN_CHECKS) {
    testUnless(test, check.unavailable, `${name}: ${check.name}`, async () => {
      const { tree, kept } = await caseOf(name);
      assert.equal(await check.run(tree, kept), []);
    });
  }
}

test("no kept file is byte-identical in two cases (keep it in the case it is about)", async () => {
  const seen = new Map<string, string>();
  const shared: string[] = [];
  for (const name of names) {
    const { tree, kept } = await caseOf(name);
    for (const path of kept) {
      const key = `${path}\0${tree.get(path)!.content}`;
      const other = seen.get(key);
      if (other) shared.push(`${path} (${other} and ${name})`);
      else seen.set(key, name);
    }
  }
  assert.equal(shared, []);
});

test.run();
