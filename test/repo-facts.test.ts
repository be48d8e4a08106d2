// The generated set adapts to what the repository holds: a user's repository that installed Fawkes as a
// package has no tests of its own, no .nvmrc, no hand-written guides and no Jenkins library beside the code.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRepoFacts } from "../cli/repo-facts.ts";
import { createPathGuard } from "../cli/safe-path.ts";
import { checkRepoFacts, EMPTY_REPO, hasTestScript, type RepoFacts } from "../core/repo-facts.ts";
import { resolveConfig } from "../core/resolve.ts";
import { validateConfig } from "../core/validate.ts";
import { mkdocsConfig } from "../generators/docs/index.ts";
import { ciWorkflow } from "../generators/github/workflows.ts";
import { SMALL } from "./helpers/model.ts";

const test = suite("repository facts");

function model(repo: RepoFacts) {
  const result = validateConfig(SMALL, {});
  if (!result.ok) throw new Error("SMALL is valid");
  return resolveConfig(result.value, "fawkes.config.ts", repo);
}
type Step = { name: string; run?: string; with?: Record<string, unknown> };
const steps = (repo: RepoFacts): Step[] =>
  (ciWorkflow(model(repo)) as { jobs: { test: { steps: Step[] } } }).jobs.test.steps;

test("an empty repository: CI runs the installed fawkes check, no npm test, Node from a fixed version", () => {
  const s = steps(EMPTY_REPO);
  assert.not.ok(s.some((step) => step.run === "npm test"));
  assert.ok(s.some((step) => step.run === "npx fawkes check --format github"));
  const node = s.find((step) => step.name === "Set up Node")!;
  assert.is(node.with?.["node-version"], "24");
  assert.is(node.with?.["node-version-file"], undefined);
});

test("a repository with tests and .nvmrc: CI runs them and reads the version file", () => {
  const s = steps({ present: new Set([".nvmrc"]), testScript: true });
  assert.ok(s.some((step) => step.run === "npm test"));
  assert.is(s.find((step) => step.name === "Set up Node")!.with?.["node-version-file"], ".nvmrc");
});

test("mkdocs nav lists only the hand-written guides that exist", () => {
  const nav = (repo: RepoFacts) => JSON.stringify(mkdocsConfig(model(repo)).nav);
  assert.not.match(nav(EMPTY_REPO), "architecture.md");
  assert.match(nav(EMPTY_REPO), "reference/teams.md");
  const some = nav({ present: new Set(["docs/index.md"]), testScript: false });
  assert.match(some, '"Home":"index.md"');
  assert.not.match(some, "getting-started.md");
});

test("Jenkins without its library folder is a warning naming the fix", () => {
  const [warning] = checkRepoFacts(model(EMPTY_REPO));
  assert.is(warning?.code, "missing-jenkins-library");
  assert.is(warning?.severity, "warning");
  assert.equal(checkRepoFacts(model({ present: new Set(["jenkins-shared-library/"]), testScript: false })), []);
});

test("npm's placeholder test script is not a test suite", () => {
  assert.not.ok(hasTestScript(JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } })));
  assert.ok(hasTestScript(JSON.stringify({ scripts: { test: "vitest" } })));
  assert.not.ok(hasTestScript(undefined));
  assert.not.ok(hasTestScript("{not json"));
});

test("read from disk: files, folders and package.json", async () => {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-facts-"));
  try {
    assert.equal(await readRepoFacts(await createPathGuard(dir)), { present: new Set(), testScript: false });
    mkdirSync(join(dir, "docs"));
    mkdirSync(join(dir, "jenkins-shared-library"));
    writeFileSync(join(dir, "docs/index.md"), "# Home\n");
    writeFileSync(join(dir, ".nvmrc"), "24\n");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ scripts: { test: "node --test" } }));
    const facts = await readRepoFacts(await createPathGuard(dir));
    assert.equal([...facts.present].sort(), [".nvmrc", "docs/index.md", "jenkins-shared-library/"]);
    assert.ok(facts.testScript);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
