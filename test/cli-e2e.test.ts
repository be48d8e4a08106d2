// The real `fawkes` binary (built into dist/) in a temporary copy of the repository: generated once by the
// binary (twice, side by side: here and in another time zone, locale and working directory), checked by it,
// and its usage errors; the drift and deletion behaviour on copies of it, with the CLI run in-process.
import { execFile, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { REPO, cli, editExample, EXAMPLE_CONFIG, EXAMPLE_FILES } from "./helpers/repo.ts";
import { snapshot } from "./helpers/scratch.ts";
import { PROBED_PATHS } from "../core/repo-facts.ts";

const BIN = join(REPO, "bin/fawkes.js");

/** A scratch copy of the repository's inputs, with node_modules and dist linked. */
function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "fawkes-e2e-"));
  for (const file of EXAMPLE_FILES) cpSync(join(REPO, file), join(dir, file), { recursive: true });
  // What the repository holds besides the config changes the output (guides in mkdocs.yml, .nvmrc in CI).
  for (const path of PROBED_PATHS)
    if (existsSync(join(REPO, path))) cpSync(join(REPO, path), join(dir, path), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  symlinkSync(join(REPO, "dist"), join(dir, "dist"));
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function fawkes(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The same commands in this process (no Node start-up per run): the tests of the CLI's logic use it. */
function inProcess(dir: string, args: readonly string[]): Promise<Run> {
  return cli(["-C", dir, ...args]);
}

/** `fawkes` without blocking, so that independent runs go side by side. */
function fawkesAsync(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const options = { cwd: dir, encoding: "utf8" as const, env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20 };
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const test = suite("cli end to end");
/** A scratch repository after one `fawkes generate`, made once; each test works on its own copy of it. */
let generated = "";
let dir = "";
/** Another one generated at the same time in another time zone and locale, from another working directory. */
let elsewhere = "";
let elsewhereRun: Run;

test.before(async () => {
  generated = scratchRepo();
  elsewhere = scratchRepo();
  const [run, other] = await Promise.all([
    fawkesAsync(generated, ["generate"]),
    fawkesAsync(elsewhere, ["--cwd", elsewhere, "generate"], {
      TZ: "Pacific/Chatham",
      LC_ALL: "tr_TR.UTF-8",
      LANG: "tr_TR.UTF-8",
    }),
  ]);
  assert.is(run.code, 0, run.stderr);
  elsewhereRun = other;
});
test.after(() => {
  rmSync(generated, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});
test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), "fawkes-e2e-"));
  cpSync(generated, dir, { recursive: true, verbatimSymlinks: true });
});
test.after.each(() => rmSync(dir, { recursive: true, force: true }));

test("generate, then check is in sync; a second generate changes nothing", () => {
  const check = fawkes(dir, ["check"]);
  assert.is(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /in sync/);
  const again = fawkes(dir, ["generate"]);
  assert.match(again.stdout, /0 written, \d+ unchanged, 0 deleted/);
});

test("the committed output of the repository matches its config", () => {
  const generated = snapshot(dir);
  for (const [path, content] of generated) {
    if (path === "package.json" || path === "fawkes.config.ts" || path === "releases.yaml") continue;
    assert.ok(existsSync(join(REPO, path)), `${path} is not committed`);
    assert.is(readFileSync(join(REPO, path), "utf8"), content, `${path} differs from the committed file`);
  }
});

test("a hand edit of an owned file fails check, which names it and the fix", async () => {
  const target = join(dir, "out/platform/namespaces/prod/payments.yaml");
  writeFileSync(target, readFileSync(target, "utf8").replace('pods: "80"', 'pods: "800"'));
  const check = await inProcess(dir, ["check"]);
  const github = await inProcess(dir, ["check", "--format", "github"]);
  assert.is(check.code, 1);
  // Outside a Git commit, Fawkes cannot tell a hand edit from a config change (test/plan.test.ts covers Git).
  assert.match(
    check.stdout,
    /changed\s+out\/platform\/namespaces\/prod\/payments\.yaml\s+\(differs from what the config generates: edited by hand, or the config changed and it was not regenerated \(outside a Git commit Fawkes cannot tell which\); from /,
  );
  assert.match(check.stdout, /- {4}pods: "800"\n\+ {4}pods: "80"/);
  assert.match(check.stdout, /npx fawkes generate/);
  assert.is(github.code, 1);
  assert.match(
    github.stdout,
    /^::error file=out\/platform\/namespaces\/prod\/payments\.yaml,line=\d+,title=Fawkes drift%3A changed::/m,
  );
});

test("a stale output after a config change is told apart from a hand edit (in a Git commit)", async () => {
  const git = (...args: string[]) =>
    spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" });
  writeFileSync(join(dir, ".gitignore"), "node_modules\ndist\n");
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "generated");
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    editExample('quota: { cpu: "16", memory: "32Gi", pods: 80 }', 'quota: { cpu: "16", memory: "32Gi", pods: 90 }'),
  );
  const check = await inProcess(dir, ["check"]);
  assert.is(check.code, 1);
  assert.match(check.stdout, /changed\s+out\/platform\/namespaces\/dev\/payments\.yaml\s+\(stale/);
});

test("a file added by hand to the output folder is unexpected", async () => {
  writeFileSync(join(dir, "out/platform/apps/extra.yaml"), "kind: ConfigMap\n");
  const check = await inProcess(dir, ["check"]);
  assert.is(check.code, 1);
  assert.match(check.stdout, /unexpected\s+out\/platform\/apps\/extra\.yaml/);
});

test("an unowned file where an output goes: generate refuses and changes nothing", async () => {
  const withTeam = editExample(
    "  teams: {\n",
    '  teams: {\n    ops: { displayName: "Ops", githubTeam: "acme/ops", contact: "ops@acme.dev" },\n',
  );
  writeFileSync(join(dir, "fawkes.config.ts"), withTeam);
  const mine = join(dir, "out/platform/namespaces/dev/ops.yaml");
  writeFileSync(mine, "# my own file\n");
  const before = snapshot(dir);
  const run = await inProcess(dir, ["generate"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /out\/platform\/namespaces\/dev\/ops\.yaml: exists and is not owned by Fawkes/);
  assert.equal(snapshot(dir), before);
});

test("removing a team deletes exactly its files", async () => {
  const before = snapshot(dir);
  const withoutData = EXAMPLE_CONFIG.replace(/ {4}data: \{\n(.*\n)*? {4}\},\n/, "")
    .replace(/ {4}"reporting-etl": \{\n(.*\n)*? {4}\},\n/, "")
    .replace(/ {4}metabase: \{\n(.*\n)*? {4}\},\n(?= {2}\},)/, "");
  assert.not.match(withoutData, /team: "data"/);
  writeFileSync(join(dir, "fawkes.config.ts"), withoutData);
  writeFileSync(
    join(dir, "releases.yaml"),
    readFileSync(join(dir, "releases.yaml"), "utf8").replace(/reporting-etl:\n( {2}.*\n)*/, ""),
  );
  const refused = await inProcess(dir, ["generate"]);
  assert.is(refused.code, 1, "removing live objects of prod needs --allow-prune");
  assert.match(refused.stderr, /prod: Namespace data: would be removed from a protected environment/);
  const run = await inProcess(dir, ["generate", "--allow-prune"]);
  assert.is(run.code, 0, run.stderr);
  const after = snapshot(dir);
  const deleted = [...before.keys()].filter((p) => !after.has(p)).sort();
  const ofDataTeam =
    /^out\/(platform\/(namespaces\/[a-z]+\/data\.yaml|services\/[a-z]+\/(reporting-etl|metabase)\/|apps\/(projects\/data\.yaml|services\/[a-z]+\/(data\.yaml|charts\/metabase\.yaml)))|dev\/reporting-etl\/)/;
  const expected = [...before.keys()].filter((p) => ofDataTeam.test(p)).sort();
  assert.equal(
    expected.length,
    3 + 2 + 2 + 1 + 2 + 1 + 3,
    "namespaces, rendered services, chart values, project, ApplicationSets, chart Application, dev files",
  );
  assert.equal(deleted, expected);
  const changed = [...after.keys()].filter((p) => before.get(p) !== after.get(p)).sort();
  // No other team's manifests, namespaces or apps change; only files that list every team or every role do
  // (ArgoCD's RBAC, the reference docs, the clusters' IAM roles and their outputs).
  assert.equal(
    changed.filter((p) => /^out\/platform\/(services|namespaces|apps)\//.test(p)),
    [],
  );
  assert.ok(changed.includes("out/infra/prod/identities.tf"), "reporting-etl's role is gone");
  for (const path of changed) assert.not.match(after.get(path)!, /reporting-etl|metabase/, path);
  assert.is((await inProcess(dir, ["check"])).code, 0);
});

test("a config error after a good generate leaves the tree byte-identical", async () => {
  const before = snapshot(dir);
  writeFileSync(join(dir, "fawkes.config.ts"), editExample('cloud: "azure-eu",', 'cloud: "azure-us",'));
  const run = await inProcess(dir, ["generate"]);
  assert.is(run.code, 1);
  assert.match(run.stderr, /^fawkes\.config\.ts:\d+:\d+ environments\.dev\.cloud: unknown cloud "azure-us"/m);
  before.set("fawkes.config.ts", readFileSync(join(dir, "fawkes.config.ts"), "utf8"));
  assert.equal(snapshot(dir), before);
});

test("output does not depend on time zone, locale or working directory", () => {
  assert.is(elsewhereRun.code, 0, elsewhereRun.stderr);
  assert.equal(snapshot(elsewhere), snapshot(dir));
});

test("usage errors exit 2", () => {
  assert.is(fawkes(dir, ["frobnicate"]).code, 2);
  assert.is(fawkes(dir, ["check", "--format", "xml"]).code, 2);
});

test.run();
