import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ciWorkflow } from "../../generators/github/workflows.ts";
import { renderCodeowners } from "../../generators/github/codeowners.ts";
import { SMALL, resolveFrom } from "../helpers/model.ts";

const test = suite("github generator");
type Step = { uses?: string; with?: Record<string, unknown> };

test("every checkout drops its token: pull request code never runs with credentials in .git/config", () => {
  const workflow = ciWorkflow(resolveFrom(SMALL)) as { jobs: Record<string, { steps: Step[] }> };
  const checkouts = Object.values(workflow.jobs).flatMap((job) =>
    job.steps.filter((s) => s.uses?.startsWith("actions/checkout@")),
  );
  assert.ok(checkouts.length >= 2);
  for (const step of checkouts) assert.is(step.with?.["persist-credentials"], false);
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
