// `fawkes plan` on fixture repositories (a temporary git repository with the committed output), the prune
// guard, drift explanations and `fawkes explain`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { formatPlanMarkdown } from "../core/plan-format.ts";
import type { Plan, ResourceChange } from "../core/plan.ts";
import { blobsAt, blobTexts, filesAt, headCommit } from "../cli/git.ts";
import { blobId, isCommitted, keepCommitted } from "../cli/committed-file.ts";
import { NO_SOURCES } from "../core/provenance.ts";
import { fixtureRepo, planOf } from "./helpers/plan-fixture.ts";
import { EXAMPLE_CONFIG, EXAMPLE_RELEASES, REPO, cli, editExample, positionOf } from "./helpers/repo.ts";

const test = suite("plan");

test("a replica change is one changed object with its field summary", async () => {
  const { dir, out } = await planOf(
    editExample("replicas: { dev: 1, staging: 2, prod: 4 },", "replicas: { dev: 1, staging: 2, prod: 5 },"),
  );
  const plan = JSON.parse(out) as Plan;
  assert.equal(
    plan.changes.map((c) => [c.action, c.id, c.summary]),
    [["changed", "prod: Deployment storefront/storefront", ["replicas 4→5"]]],
  );
  assert.equal(plan.changes[0]!.risks, ["prod"]);
  assert.equal(
    [plan.changes[0]!.team, plan.changes[0]!.service, plan.changes[0]!.environment],
    ["storefront", "storefront", "prod"],
  );
  rmSync(dir, { recursive: true, force: true });
});

test("a service removed from prod is flagged prune and prod, and generate asks for --allow-prune", async () => {
  const config = editExample(
    '      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },',
    '      cloudAccess: { awsPolicyArns: ["arn:aws:iam::123456789012:policy/acme-shipping-labels-s3"] },\n      environments: ["dev", "staging"],',
  );
  const releases = EXAMPLE_RELEASES.replace("  prod: 0.9.2\n", "");
  const { dir, out } = await planOf(config, releases);
  const removed = (JSON.parse(out) as Plan).changes.filter(
    (c) => c.action === "removed" && c.id.startsWith("prod: Deployment"),
  );
  assert.equal(
    removed.map((c) => c.id),
    ["prod: Deployment logistics/shipping-api"],
  );
  assert.equal(removed[0]!.risks, ["prod", "prune"]);
  const refused = await cli(["generate", "-C", dir]);
  assert.is(refused.code, 1);
  assert.match(
    refused.stderr,
    /prod: Deployment logistics\/shipping-api: would be removed from a protected environment/,
  );
  assert.match(refused.stderr, /--allow-prune/);
  assert.is((await cli(["generate", "--allow-prune", "-C", dir])).code, 0);
  rmSync(dir, { recursive: true, force: true });
});

test("an allowed registry added is policy-relaxed", async () => {
  const { dir, out } = await planOf(
    editExample('allowedRegistries: ["ghcr.io/acme"]', 'allowedRegistries: ["ghcr.io/acme", "docker.io/library"]'),
  );
  const plan = JSON.parse(out) as Plan;
  assert.ok(plan.risks.includes("policy-relaxed"));
  assert.ok(
    plan.changes.some(
      (c) => c.id === "prod: ValidatingPolicy restrict-image-registries" && c.risks.includes("policy-relaxed"),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
});

test("an environment removed destroys its Terraform", async () => {
  let config = EXAMPLE_CONFIG.replace(/ {4}staging: \{\n(.*\n)*? {4}\},\n(?= {4}prod:)/, "");
  config = config.replace('environments: ["staging", "prod"]', 'environments: ["prod"]').replace(/staging: \d+, /g, "");
  const releases = EXAMPLE_RELEASES.replace(/ {2}staging: .*\n/g, "");
  const { dir, out } = await planOf(config, releases);
  const plan = JSON.parse(out) as Plan;
  const destroyed = plan.changes.filter((c) => c.risks.includes("destroy")).map((c) => c.id);
  assert.ok(destroyed.includes("staging: module.eks"), destroyed.join(", "));
  assert.ok(destroyed.includes("staging: module.vpc"));
  const text = await cli(["plan", "--base", "HEAD", "--timings", "-C", dir]);
  assert.match(text.stdout, /- staging: module\.eks \[destroy\]/);
  // --timings names plan's own reads of git, not a disk read it does not make.
  assert.match(text.stderr, /^ {2}list the committed output +\d+ ms$/m, text.stderr);
  assert.match(text.stderr, /^ {2}read the committed files it touches +\d+ ms$/m);
  rmSync(dir, { recursive: true, force: true });
});

test("the markdown plan stays under GitHub's comment limit for a large change and stays readable", () => {
  const changes: ResourceChange[] = Array.from({ length: 20000 }, (_, i) => ({
    action: "removed",
    id: `prod: Deployment team-${i % 50}/svc-${i}`,
    kind: "Deployment",
    environment: "prod",
    team: `team-${i % 50}`,
    service: `svc-${i}`,
    file: "x",
    summary: [],
    risks: ["prod", "prune"],
  }));
  const markdown = formatPlanMarkdown({ changes, risks: ["prod", "prune"] });
  assert.ok(markdown.length < 65000, `${markdown.length} characters`);
  assert.match(
    markdown,
    /^## Fawkes plan\n\n\*\*0 to add, 0 to change, 20000 to remove\.\*\*\n\nRisks: `prod` `prune`/,
  );
  assert.match(markdown, /<details><summary>team-0 \/ svc-0 \/ prod: 1 change ⚠ prod, prune<\/summary>/);
  assert.match(markdown, /…and \d+ more groups; run `npx fawkes plan` for the whole plan\./);
});

test("check explains each drifted file from Git: hand edit, stale config, earlier edit, out of sync at HEAD", async () => {
  const dir = await fixtureRepo();
  const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  const path = "out/platform/services/prod/storefront/manifests.yaml";
  const file = join(dir, path);
  const reason = (stdout: string) =>
    new RegExp(`changed\\s+${path.replace(/[./]/g, "\\$&")}\\s+\\((.*)\\)$`, "m").exec(stdout)?.[1];
  writeFileSync(file, readFileSync(file, "utf8").replace("replicas: 4", "replicas: 9"));
  let run = await cli(["check", "-C", dir]);
  const from = /^edited by hand; from (.*)$/.exec(reason(run.stdout) ?? "");
  assert.ok(from, run.stdout);
  // Its own entries, its team, its environment, and the services it calls (egress rules): recomputed, not stored.
  for (const entry of [
    "environments.prod",
    "services.catalog-api",
    "services.checkout-api",
    "services.storefront",
    "teams.storefront",
  ])
    assert.ok(from[1]!.split(", ").includes(entry), entry);
  git("checkout", "--", ".");
  // The config changed since HEAD and the file is as committed.
  writeFileSync(
    join(dir, "fawkes.config.ts"),
    editExample("replicas: { dev: 1, staging: 2, prod: 4 },", "replicas: { dev: 1, staging: 2, prod: 5 },"),
  );
  run = await cli(["check", "-C", dir]);
  assert.match(
    reason(run.stdout)!,
    /^stale: the config changed since HEAD and it was not regenerated \(unless it was already out of sync at HEAD\); from /,
  );
  git("checkout", "--", ".");
  // Only the releases file changed: HEAD's inputs are generated in memory, and the file is exactly that.
  writeFileSync(
    join(dir, "releases.yaml"),
    EXAMPLE_RELEASES.replace(
      "storefront:\n  dev: 9d1e7c3\n  staging: 9d1e7c3\n  prod: 9d1e7c3",
      "storefront:\n  dev: 9d1e7c3\n  staging: 9d1e7c3\n  prod: a1a1a1a",
    ),
  );
  run = await cli(["check", "-C", dir]);
  assert.match(reason(run.stdout)!, /^stale: the config changed and it was not regenerated; from /);
  // ...and when the file also differs from that, Fawkes does not pretend to know which edit it was.
  writeFileSync(file, readFileSync(file, "utf8").replace("replicas: 4", "replicas: 9"));
  run = await cli(["check", "-C", dir]);
  assert.match(reason(run.stdout)!, /^edited by hand, or generated from an earlier edit of the config; from /);
  git("checkout", "--", ".");
  // A file committed out of sync (a hand edit, another version of Fawkes) is not called stale.
  writeFileSync(file, readFileSync(file, "utf8").replace("revisionHistoryLimit: 5", "revisionHistoryLimit: 10"));
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "out of sync");
  run = await cli(["check", "-C", dir]);
  assert.match(
    reason(run.stdout)!,
    /^already out of sync at HEAD: committed with a hand edit, by another version of Fawkes, or without regenerating; from /,
  );
  rmSync(dir, { recursive: true, force: true });
});

test("explain names the config entries behind a file or an object", async () => {
  const byObject = await cli(["explain", "HTTPRoute/payments/checkout-api", "-C", REPO]);
  assert.is(byObject.code, 0);
  const object =
    /HTTPRoute payments\/checkout-api in out\/platform\/services\/prod\/checkout-api\/manifests\.yaml\n {2}produced by: services\.checkout-api\n {2}depends on: {2}(.*)/.exec(
      byObject.stdout,
    );
  assert.ok(object, byObject.stdout);
  const entries = object[1]!.split(", ");
  // Derived, not declared: its dependency, its caller (storefront calls it), its team, the gateway that routes it.
  for (const entry of [
    "environments.prod",
    "services.checkout-api",
    "services.payments-core",
    "services.storefront",
    "teams.payments",
    "components.gateway",
  ])
    assert.ok(entries.includes(entry), entry);
  assert.not.ok(entries.includes("environments.dev"), "another environment's entry");
  const byFile = await cli(["explain", "out/infra/dev/main.tf", "-C", REPO]);
  assert.match(
    byFile.stdout,
    /produced by: environments\.dev\n {2}depends on: {2}clouds\.azure-eu, environments\.dev, platform/,
  );
  // Where each entry is written in the config, as file:line:col.
  const dev = positionOf(EXAMPLE_CONFIG, "dev:", "  environments: {");
  assert.match(
    byFile.stdout,
    new RegExp(`\\n {4}fawkes\\.config\\.ts:${dev.line}:${dev.column} environments\\.dev\\n`),
  );
  const none = await cli(["explain", "Deployment/nope/nope", "-C", REPO]);
  assert.is(none.code, 1);
});

test("a file generated as committed is kept as its object id, read back from git only if asked", async () => {
  const dir = await fixtureRepo();
  const blobs = blobsAt(dir, headCommit(dir)!);
  assert.ok(blobs.size > 400, `${blobs.size} files`);
  const texts = blobTexts(dir, blobs);
  const keep = keepCommitted(dir, blobs);
  const [path, text] = [...texts].find(([p]) => p.endsWith(".yaml"))!;
  const same = keep({ path, content: text, sources: NO_SOURCES });
  assert.ok(isCommitted(same), path);
  assert.is(same.content, text, "git gives the text back");
  assert.not.ok(
    isCommitted(keep({ path, content: `${text}# edited\n`, sources: NO_SOURCES })),
    "an edit is kept whole",
  );
  assert.not.ok(isCommitted(keep({ path: "out/new.yaml", content: text, sources: NO_SOURCES })), "a new path too");
  // The ids are git's own, in both object formats.
  for (const format of ["sha1", "sha256"] as const) {
    const repo = mkdtempSync(join(tmpdir(), `fawkes-${format}-`));
    try {
      spawnSync("git", ["init", "-q", `--object-format=${format}`], { cwd: repo });
      for (const content of ["a: 1\n", "é ✓ 🚀\n", ""]) {
        const id = spawnSync("git", ["hash-object", "--stdin"], { cwd: repo, input: content }).stdout.toString().trim();
        assert.is(blobId(content, format), id, `${format}: ${JSON.stringify(content)}`);
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }
});

test("the base's files are read by object id, relative to a repository inside a larger one", async () => {
  const repo = mkdtempSync(join(tmpdir(), "fawkes-git-ids-"));
  try {
    const write = (path: string, text: string) => {
      mkdirSync(join(repo, path, ".."), { recursive: true });
      writeFileSync(join(repo, path), text);
    };
    write("out/outer.yaml", "outer: 1\n");
    write("platform/out/a/one.yaml", "one: 1\n");
    write("platform/out/a/two.yaml", "two: 2\n");
    write("platform/out/b/one.yaml", "same name, other folder\n");
    write("platform/docs/reference/x.md", "# x\n");
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example", ...args], { cwd: repo });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "base");
    const commit = headCommit(repo)!;
    const expected = new Map([
      ["out/a/one.yaml", "one: 1\n"],
      ["out/a/two.yaml", "two: 2\n"],
      ["out/b/one.yaml", "same name, other folder\n"],
    ]);
    const inner = join(repo, "platform");
    assert.equal(filesAt(inner, commit, ["out/"]), expected);
    assert.equal(blobTexts(inner, blobsAt(inner, commit, ["out/"])), expected);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test.run();
