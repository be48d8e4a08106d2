// The prune guard reads what is committed: removing, renaming or unprotecting a protected environment, and
// destroying or replacing its Terraform resources, need `generate --allow-prune` and show as such in `plan`.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Plan } from "../core/plan.ts";
import { fixtureRepo, planOf } from "./helpers/plan-fixture.ts";
import { EXAMPLE_CONFIG, EXAMPLE_RELEASES, cli, editExample } from "./helpers/repo.ts";

const test = suite("plan-guard");

const gitStatus = (dir: string): string =>
  spawnSync("git", ["status", "--porcelain", "--", "out"], { cwd: dir, encoding: "utf8" }).stdout;

/** The example with its protected `prod` environment renamed `production` (the management environment too). */
function renamedProd(): { config: string; releases: string } {
  const config = EXAMPLE_CONFIG.replace(/\bprod(:| )/g, "production$1").replace(/"prod"/g, '"production"');
  return { config, releases: EXAMPLE_RELEASES.replace(/^ {2}prod:/gm, "  production:") };
}

test("renaming the protected environment: plan tags prod's removals prod, and generate refuses without --allow-prune", async () => {
  const { config, releases } = renamedProd();
  const { dir, out } = await planOf(config, releases);
  const plan = JSON.parse(out) as Plan;
  const removed = plan.changes.filter((c) => c.action === "removed" && c.environment === "prod");
  assert.ok(removed.length > 100, `${removed.length} prod removals`);
  assert.equal(
    removed.filter((c) => !c.risks.includes("prod")).map((c) => c.id),
    [],
  );
  for (const id of [
    "prod: Deployment storefront/storefront",
    "prod: Namespace payments",
    "prod: ApplicationSet argocd/payments-prod",
  ]) {
    assert.equal(removed.find((c) => c.id === id)?.risks, ["prod", "prune"], id);
  }
  assert.equal(removed.find((c) => c.id === "prod: module.eks")?.risks, ["prod", "destroy"]);
  const refused = await cli(["generate", "-C", dir]);
  assert.is(refused.code, 1, refused.stdout);
  assert.match(
    refused.stderr,
    /prod: Deployment storefront\/storefront: would be removed from a protected environment/,
  );
  assert.match(refused.stderr, /prod: module\.eks: would be destroyed by Terraform in a protected environment/);
  assert.match(refused.stderr, /nothing was written.*--allow-prune/);
  assert.is(gitStatus(dir), "", "nothing on disk changed");
  const allowed = await cli(["generate", "--allow-prune", "-C", dir]);
  assert.is(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /deleted out\/infra\/prod\/main\.tf/);
  rmSync(dir, { recursive: true, force: true });
});

test("unprotecting prod in the same change as a removal does not bypass the guard", async () => {
  let config = editExample("      protected: true,\n", "");
  config = editExample(
    '      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },',
    '      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },\n      environments: ["dev", "staging"],',
    config,
  );
  const { dir, out } = await planOf(config, EXAMPLE_RELEASES.replace("  prod: 0.9.2\n", ""));
  const deployment = (JSON.parse(out) as Plan).changes.find((c) => c.id === "prod: Deployment logistics/shipping-api");
  assert.equal(deployment?.risks, ["prod", "prune"]);
  const refused = await cli(["generate", "-C", dir]);
  assert.is(refused.code, 1);
  assert.match(
    refused.stderr,
    /prod: Deployment logistics\/shipping-api: would be removed from a protected environment/,
  );
  rmSync(dir, { recursive: true, force: true });
});

test("dropping a prod service's cloudAccess destroys its IAM role: tagged prod and destroy, and guarded", async () => {
  const config = editExample(
    '      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },\n',
    "",
  );
  const { dir, out } = await planOf(config);
  const plan = JSON.parse(out) as Plan;
  const role = (env: string) => plan.changes.find((c) => c.id === `${env}: aws_iam_role.svc_shipping_api`);
  assert.equal([role("prod")?.action, role("prod")?.risks], ["removed", ["prod", "destroy"]]);
  assert.equal(role("staging")?.risks, ["destroy"]);
  const refused = await cli(["generate", "-C", dir]);
  assert.is(refused.code, 1);
  assert.match(
    refused.stderr,
    /prod: aws_iam_role\.svc_shipping_api: would be destroyed by Terraform in a protected environment/,
  );
  assert.not.match(refused.stderr, /staging: aws_iam_role/);
  assert.is(gitStatus(dir), "");
  assert.is((await cli(["generate", "--allow-prune", "-C", dir])).code, 0);
  rmSync(dir, { recursive: true, force: true });
});

test("an environment unprotected on disk but not in the committed output is still guarded", async () => {
  // Unprotecting prod prunes its view-only RoleBindings (acknowledged here); a later removal is still refused.
  const { dir } = await planOf(EXAMPLE_CONFIG);
  writeFileSync(join(dir, "fawkes.config.ts"), editExample("      protected: true,\n", ""));
  const unprotect = await cli(["generate", "-C", dir]);
  assert.match(
    unprotect.stderr,
    /prod: RoleBinding payments\/team-view: would be removed from a protected environment/,
  );
  assert.is((await cli(["generate", "--allow-prune", "-C", dir])).code, 0);
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    editExample(
      '      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },\n',
      "",
      editExample("      protected: true,\n", ""),
    ),
  );
  const refused = await cli(["generate", "-C", dir]);
  assert.is(refused.code, 1, refused.stdout);
  assert.match(refused.stderr, /prod: aws_iam_role\.svc_shipping_api: would be destroyed/);
  rmSync(dir, { recursive: true, force: true });
});

test("an object that moves to another file of its environment is not a removal", async () => {
  // The committed tree has prod's PolicyExceptions where an earlier Fawkes put them; generate moves them.
  const dir = await fixtureRepo();
  const [from, to] = [
    "out/platform/clusters/prod/namespaces/kyverno/policy-exceptions.yaml",
    "out/platform/clusters/prod/policy-exceptions.yaml",
  ];
  const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  git("mv", from, to);
  const owned = join(dir, ".fawkes/owned.txt");
  const lines = readFileSync(owned, "utf8").trimEnd().split("\n");
  const paths = [...lines.filter((l) => !l.startsWith("#") && l !== from), to].sort();
  writeFileSync(owned, `${[...lines.filter((l) => l.startsWith("#")), ...paths].join("\n")}\n`);
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "old layout");
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /deleted out\/platform\/clusters\/prod\/policy-exceptions\.yaml/);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
