// Golden cases: each folder under test/golden/ holds a config and its expected tree, compared in memory.
// UPDATE_GOLDEN=1 rewrites the expected trees; review that diff like code.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { REPO } from "./helpers/repo.ts";
import { generateIn } from "./helpers/pipeline.ts";
import { parseObjects, revalidateObjects } from "./helpers/output-checks.ts";
import { MANIFEST_PATH } from "../core/output-roots.ts";
import { OUTPUT_PATHS } from "../core/names.ts";

const GOLDEN = join(REPO, "test/golden");
const update = process.env.UPDATE_GOLDEN === "1";
/** Files every case shares, checked elsewhere (the config's JSON Schema; the list of owned files). */
const SHARED = new Set([OUTPUT_PATHS.configSchema, MANIFEST_PATH]);
/** The golden-path skeletons depend only on the GitHub organisation; test/generators/scaffolder.test.ts renders them. */
const isSkeleton = (path: string) => path.startsWith(`${OUTPUT_PATHS.templates}/`) && path.includes("/skeleton/");

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), "utf8"));
    }
  } catch {
    // no expected tree yet
  }
  return files;
}

const test = suite("golden");

for (const name of readdirSync(GOLDEN)) {
  test(name, async () => {
    const dir = join(GOLDEN, name);
    const tree = new Map([...(await generateIn(dir)).tree].filter(([path]) => !SHARED.has(path) && !isSkeleton(path)));
    const expectedDir = join(dir, "expected");
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const file of tree.values()) {
        mkdirSync(dirname(join(expectedDir, file.path)), { recursive: true });
        writeFileSync(join(expectedDir, file.path), file.content);
      }
    }
    const expected = readTree(expectedDir);
    assert.equal([...tree.keys()], [...expected.keys()].sort(), "the same files");
    for (const file of tree.values()) assert.fixture(file.content, expected.get(file.path)!, file.path);
    assert.equal(await revalidateObjects(parseObjects(tree)), []);
  });
}

test.run();
