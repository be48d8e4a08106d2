import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { OUTPUT_PATHS, REQUESTS_DIR, RELEASE_APP_SECRETS } from "../../core/names.ts";
import { renderYamlDocument } from "../../core/render-yaml.ts";
import {
  backstageImageWorkflow,
  ciWorkflow,
  promoteWorkflow,
  releaseWorkflow,
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
  const jobKeys = new Set(["runs-on", "steps", "permissions", "if", "env", "needs", "concurrency", "timeout-minutes"]);
  const stepKeys = new Set(["id", "name", "uses", "run", "with", "env", "if"]);
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

test("release, promote and service-requests push with the release App's token, so CI runs on what they push", () => {
  const secrets = new Set<string>(Object.values(RELEASE_APP_SECRETS));
  for (const w of workflows().filter((x) => ["release", "promote", "service-requests"].includes(x.name))) {
    assert.not.match(JSON.stringify(w.permissions), /write/, `${w.name}: GITHUB_TOKEN stays read-only`);
    for (const job of Object.values(w.jobs)) {
      assert.not.match(
        JSON.stringify(job),
        /github\.token|secrets\.GITHUB_TOKEN/,
        `${w.name}: GITHUB_TOKEN never writes`,
      );
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

test("service-requests: on a pull request of this repository adding a request, applies it on that branch and pushes", () => {
  const w = workflows().find((x) => x.name === "service-requests")!;
  const on = w.on as { pull_request: { paths: string[] } };
  assert.equal(on.pull_request.paths, [`${REQUESTS_DIR}/**`], "only pull requests that add or change a request");
  const job = w.jobs.apply!;
  assert.is(job.if, "github.event.pull_request.head.repo.full_name == github.repository", "never a fork's branch");
  const names = job.steps.map((s) => s.name);
  const at = (pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? s.uses ?? ""));
  assert.ok(at(/^npx fawkes apply-requests$/) > at(/^npm ci$/), `${names.join(", ")}`);
  assert.is(job.steps[0]!.with?.ref, "${{ github.event.pull_request.head.ref }}", "the pull request's own branch");
  const push = job.steps.at(-1)!;
  assert.is(push.env?.BRANCH, "${{ github.event.pull_request.head.ref }}");
  assert.not.match(push.run!, /\$\{\{/, "the branch name reaches the script through the environment only");
  assert.match(push.run!, /push origin "HEAD:refs\/heads\/\$BRANCH"$/m);
  assert.match(push.run!, /git diff --cached --quiet.*exit 0/, "an applied request leaves nothing to commit");
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
