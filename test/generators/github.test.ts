import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { OUTPUT_PATHS, REQUESTS_DIR, RELEASE_APP_SECRETS, RELEASE_ENVIRONMENT } from "../../core/names.ts";
import { renderYamlDocument } from "../../core/render-yaml.ts";
import {
  backstageImageWorkflow,
  ciWorkflow,
  promoteWorkflow,
  releaseWorkflow,
  serviceRequestsPushWorkflow,
  serviceRequestsWorkflow,
} from "../../generators/github/workflows.ts";
import { renderCodeowners } from "../../generators/github/codeowners.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

const test = suite("github generator");
type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
};
type Job = { steps: Step[]; permissions?: Record<string, string> } & Record<string, unknown>;
type Workflow = { name: string; permissions: Record<string, string>; jobs: Record<string, Job> } & Record<
  string,
  unknown
>;

/** The workflows as GitHub reads them: rendered to YAML the way the tree writes them, and parsed back. */
function workflows(): Workflow[] {
  const model = resolveFrom(SMALL);
  return [
    ciWorkflow(model),
    releaseWorkflow(model),
    promoteWorkflow(model),
    serviceRequestsWorkflow(model),
    serviceRequestsPushWorkflow(model),
    backstageImageWorkflow(model),
  ].map((w) => parse(renderYamlDocument(w, true)) as Workflow);
}

/**
 * Inputs of actions/create-github-app-token at v3.1.1 (action.yml at commit 1b10c78c7865c340bc4f6099eb2f838309f1e8c3),
 * the ones a workflow may pass here.
 */
const APP_TOKEN_INPUTS = new Set(["client-id", "private-key", "owner", "repositories", "skip-token-revoke"]);
const APP_TOKEN_PERMISSION = /^permission-[a-z-]+$/;

test("every checkout drops its token: no token stays behind in .git/config for later steps", () => {
  const checkouts = workflows().flatMap((w) =>
    Object.values(w.jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"))),
  );
  assert.ok(checkouts.length >= 7);
  for (const step of checkouts) assert.is(step.with?.["persist-credentials"], false);
});

test("workflows are well formed: known keys, one of uses/run per step, actions pinned to a commit, step outputs defined earlier", () => {
  const top = new Set(["name", "on", "permissions", "concurrency", "jobs", "env", "defaults", "run-name"]);
  const jobKeys = new Set([
    "runs-on",
    "steps",
    "permissions",
    "if",
    "env",
    "needs",
    "concurrency",
    "timeout-minutes",
    "environment",
  ]);
  const stepKeys = new Set(["id", "name", "uses", "run", "with", "env", "if", "shell"]);
  for (const w of workflows()) {
    for (const key of Object.keys(w)) assert.ok(top.has(key), `${w.name}: ${key}`);
    for (const [name, job] of Object.entries(w.jobs)) {
      for (const key of Object.keys(job)) assert.ok(jobKeys.has(key), `${w.name}.${name}: ${key}`);
      const ids = new Set<string>();
      for (const step of job.steps) {
        const where = `${w.name}.${name}: ${step.name}`;
        for (const key of Object.keys(step)) assert.ok(stepKeys.has(key), `${where}: ${key}`);
        assert.ok((step.uses === undefined) !== (step.run === undefined), `${where}: exactly one of uses and run`);
        if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, `${where}: pinned to a full commit`);
        const text = JSON.stringify(step);
        for (const [, id] of text.matchAll(/\$\{\{\s*steps\.([\w-]+)\./g))
          assert.ok(ids.has(id!), `${where}: step ${id}`);
        if (step.id) {
          assert.not.ok(ids.has(step.id), `${where}: duplicate id`);
          ids.add(step.id);
        }
      }
    }
  }
});

test("release, promote and service-requests-push push with the release App's token, so CI runs on what they push", () => {
  const secrets = new Set<string>(Object.values(RELEASE_APP_SECRETS));
  for (const w of workflows().filter((x) => ["release", "promote", "service-requests-push"].includes(x.name))) {
    assert.not.match(JSON.stringify(w.permissions), /write/, `${w.name}: GITHUB_TOKEN stays read-only`);
    for (const job of Object.values(w.jobs)) {
      // GITHUB_TOKEN only reads: another run's artifact at most (actions: read), never a write.
      const reads = job.steps.filter((s) => JSON.stringify(s).includes("github.token"));
      for (const step of reads)
        assert.match(step.uses ?? "", /^actions\/download-artifact@/, `${w.name}: ${step.name}`);
      assert.not.match(JSON.stringify(job), /secrets\.GITHUB_TOKEN/, `${w.name}: GITHUB_TOKEN never writes`);
      // The App's key is read only in the environment open to the default branch.
      assert.is(job.environment, RELEASE_ENVIRONMENT, `${w.name}: the App's secrets from ${RELEASE_ENVIRONMENT}`);
      const writers = job.steps.filter((s) => /\bgh pr create\b|^git\b.* push\b/m.test(s.run ?? ""));
      assert.ok(writers.length >= 1, w.name);
      for (const writer of writers) {
        const id = /^\$\{\{ steps\.([\w-]+)\.outputs\.token \}\}$/.exec(writer.env?.GH_TOKEN ?? "")?.[1];
        assert.ok(id, `${w.name}: ${writer.name} takes a minted token`);
        const index = job.steps.findIndex((s) => s.id === id);
        const mint = job.steps[index]!;
        assert.match(mint.uses!, /^actions\/create-github-app-token@[0-9a-f]{40}$/);
        for (const key of Object.keys(mint.with ?? {}))
          assert.ok(APP_TOKEN_INPUTS.has(key) || APP_TOKEN_PERMISSION.test(key), `input ${key} exists`);
        const secretOf = (v: string | undefined) => /^\$\{\{ secrets\.(\w+) \}\}$/.exec(v ?? "")?.[1] ?? "";
        assert.ok(secrets.has(secretOf(mint.with?.["client-id"])), "client id from the documented secret");
        assert.ok(secrets.has(secretOf(mint.with?.["private-key"])), "private key from the documented secret");
        const granted = Object.entries(mint.with ?? {}).filter(([k]) => k.startsWith("permission-"));
        // Opening a pull request needs pull-requests; pushing to one (service-requests) needs contents only.
        assert.equal(
          Object.fromEntries(granted),
          /\bgh pr create\b/.test(writer.run!)
            ? { "permission-contents": "write", "permission-pull-requests": "write" }
            : { "permission-contents": "write" },
          w.name,
        );
        if (/\bgit\b.*\bcommit\b/.test(writer.run!))
          assert.match(writer.run!, /core\.hooksPath=\/dev\/null commit --no-verify/, `${w.name}: no hook runs`);
        // Minted after every step that runs the repository's code (npm ci, fawkes): none of them sees it.
        const runs = job.steps.map((s, i) => (s.run && s !== writer ? i : -1)).filter((i) => i >= 0);
        assert.ok(Math.max(...runs) < index, `${w.name}: token minted after the build steps`);
        assert.not.match(writer.run!, /x-access-token:\$|https:\/\/[^ ]*@github\.com/, "no token in a URL");
      }
    }
  }
});

test("the Backstage image workflow: read-only but for the push job's packages, which pull requests never run", () => {
  const w = workflows().find((x) => x.name === "backstage-image")!;
  assert.equal(w.permissions, { contents: "read" });
  const on = w.on as { push: { branches: string[]; paths: string[] }; pull_request: { paths: string[] } };
  assert.equal(on.push.branches, ["main"]);
  assert.equal(on.push.paths, [`${OUTPUT_PATHS.backstageImage}/**`, OUTPUT_PATHS.backstageImageWorkflow]);
  assert.equal(on.pull_request.paths, on.push.paths);
  const writers = Object.entries(w.jobs).filter(([, job]) => JSON.stringify(job.permissions ?? {}).includes("write"));
  assert.equal(
    writers.map(([name, job]) => [name, job.permissions]),
    [["push", { contents: "read", packages: "write" }]],
  );
  assert.is(w.jobs.push!.if, "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'");
  assert.is(w.jobs.build!.if, "github.event_name == 'pull_request'");
  // Only the push job sees a token, only in the login step, through the environment.
  assert.not.match(JSON.stringify(w.jobs.build), /token/i);
  const withToken = w.jobs.push!.steps.filter((s) => JSON.stringify(s).includes("github.token"));
  assert.equal(
    withToken.map((s) => s.name),
    ["Log in to the registry"],
  );
  assert.match(withToken[0]!.run!, /--password-stdin/);
  assert.not.match(withToken[0]!.run!, /\$\{\{/, "no expression pasted into the script");
  // An image already pushed for this recipe is not rebuilt; the build reads the recipe folder.
  const push = w.jobs.push!.steps.at(-1)!.run!;
  assert.ok(push.indexOf("docker manifest inspect") < push.indexOf("docker build"));
  assert.match(push, /docker build --tag "\$IMAGE" "\$CONTEXT"/);
});

test("service-requests applies a request on the pull request's branch with no secret, and leaves a patch", () => {
  const w = workflows().find((x) => x.name === "service-requests")!;
  const on = w.on as { pull_request: { paths: string[] } };
  assert.equal(on.pull_request.paths, [`${REQUESTS_DIR}/**`], "only pull requests that add or change a request");
  assert.not.match(JSON.stringify(w), /secrets\.|github\.token/, "no secret, no token: it runs the branch's code");
  const job = w.jobs.apply!;
  assert.is(job.if, "github.event.pull_request.head.repo.full_name == github.repository", "never a fork's branch");
  const at = (pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ""));
  assert.ok(at(/^npx fawkes apply-requests$/) > at(/^npm ci$/));
  assert.ok(at(/diff --cached --binary/) > at(/^npx fawkes apply-requests$/));
  assert.match(job.steps.at(-1)!.uses!, /^actions\/upload-artifact@[0-9a-f]{40}$/);
});

test("service-requests-push runs as the default branch defines it and pushes only what applying a request writes", () => {
  const w = workflows().find((x) => x.name === "service-requests-push")!;
  assert.equal(w.on, { workflow_run: { workflows: ["service-requests"], types: ["completed"] } });
  const job = w.jobs.push!;
  assert.match(
    String(job.if),
    /conclusion == 'success'.*event == 'pull_request'.*head_repository\.full_name == github\.repository/,
  );
  // Nothing of the branch runs: no install, no fawkes, no hook.
  const scripts = job.steps.map((s) => s.run ?? "").join("\n");
  assert.not.match(scripts, /\bnpm\b|\bnpx\b|\bnode\b/);
  const check = job.steps.find((s) => s.id === "apply")!;
  assert.is((check as { shell?: string }).shell, "bash", "pipefail: a refused path fails the step");
  assert.match(check.run!, /git apply --numstat/);
  assert.match(check.run!, /\*\) echo "::error::the change touches \$path/);
  for (const allowed of ["fawkes.config.ts", "releases.yaml", "out/*", ".fawkes/requests/*", ".fawkes/owned.txt"])
    assert.ok(check.run!.includes(allowed), allowed);
  assert.not.match(check.run!, /\.github\/workflows/, "never a workflow");
  const push = job.steps.at(-1)!;
  assert.is(push.env?.BRANCH, "${{ github.event.workflow_run.head_branch }}");
  assert.not.match(push.run!, /\$\{\{/, "the branch name reaches the script through the environment only");
  assert.match(push.run!, /push origin "HEAD:refs\/heads\/\$BRANCH"$/m);
});

test("service-requests-push's check, run by bash and git: applies a request's change, refuses a workflow edit", () => {
  const check = workflows()
    .find((x) => x.name === "service-requests-push")!
    .jobs.push!.steps.find((s) => s.id === "apply")!.run!;
  const dir = mkdtempSync(join(tmpdir(), "fawkes-push-"));
  try {
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example", ...args], { cwd: dir, encoding: "utf8" });
    git("init", "-q");
    mkdirSync(join(dir, ".fawkes/requests"), { recursive: true });
    mkdirSync(join(dir, ".github/workflows"), { recursive: true });
    writeFileSync(join(dir, "fawkes.config.ts"), "export default {};\n");
    writeFileSync(join(dir, ".fawkes/requests/svc.yaml"), "service: svc\n");
    writeFileSync(join(dir, ".github/workflows/ci.yml"), "name: ci\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    // What service-requests records: the config changed, the request removed, the tree regenerated.
    const change = (extra: () => void) => {
      writeFileSync(join(dir, "fawkes.config.ts"), "export default { services: {} };\n");
      rmSync(join(dir, ".fawkes/requests/svc.yaml"));
      mkdirSync(join(dir, "out/platform"), { recursive: true });
      writeFileSync(join(dir, "out/platform/svc.yaml"), "kind: X\n");
      extra();
      git("add", "-A");
      const patch = git("-c", "diff.renames=false", "diff", "--cached", "--binary").stdout;
      git("reset", "-q", "--hard");
      git("clean", "-qfd");
      mkdirSync(join(dir, "tmp/requests"), { recursive: true });
      writeFileSync(join(dir, "tmp/requests/requests.patch"), patch);
      writeFileSync(join(dir, "tmp/output"), "");
      return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", check], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, RUNNER_TEMP: join(dir, "tmp"), GITHUB_OUTPUT: join(dir, "tmp/output") },
      });
    };
    const applied = change(() => undefined);
    assert.is(applied.status, 0, applied.stdout + applied.stderr);
    assert.match(readFileSync(join(dir, "tmp/output"), "utf8"), /changed=yes/);
    assert.equal(git("diff", "--cached", "--name-only").stdout.trim().split("\n").sort(), [
      ".fawkes/requests/svc.yaml",
      "fawkes.config.ts",
      "out/platform/svc.yaml",
    ]);
    git("reset", "-q", "--hard");
    git("clean", "-qfd", "-e", "tmp");
    const refused = change(() => writeFileSync(join(dir, ".github/workflows/ci.yml"), "name: pwned\n"));
    assert.is.not(refused.status, 0, "a workflow edit is refused");
    assert.match(refused.stdout, /::error::the change touches \.github\/workflows\/ci\.yml/);
    assert.equal(git("diff", "--cached", "--name-only").stdout.trim(), "", "nothing applied");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CODEOWNERS: each team owns its services' folders and ApplicationSets, the platform keeps infra and RBAC", () => {
  const config = { ...SMALL, services: { shop: { team: "web", description: "s" } } };
  const text = renderCodeowners(resolveFrom(config, { shop: { dev: "1", prod: "1" } }));
  assert.match(text, /^\/out\/platform\/apps\/services\/\*\/web\.yaml @m\/web$/m);
  assert.match(text, /^\/out\/platform\/services\/\*\/shop\/ @m\/web$/m);
  for (const path of [
    "/out/infra/",
    "/out/platform/clusters/",
    "/out/platform/namespaces/",
    "/out/platform/apps/projects/",
  ]) {
    assert.match(text, new RegExp(`^${path.replace(/[/*.]/g, "\\$&")} @m/platform$`, "m"));
  }
});

test.run();
