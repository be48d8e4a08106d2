// What `plan` tells a reviewer: the base it compared against, list items by name, old and new values, and
// `--fail-on` for CI.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { changedFields, describeField } from "../core/plan-fields.ts";
import type { Plan } from "../core/plan.ts";
import { planOf } from "./helpers/plan-fixture.ts";
import { cli, editExample } from "./helpers/repo.ts";

const test = suite("plan-output");

test("plan names its base, list items by name, old and new values; --fail-on exits 1 only on its tags", async () => {
  // Everywhere: the service's own value (dev, staging) and prod's override.
  let config = editExample('LOG_LEVEL: "info"', 'LOG_LEVEL: "debug"');
  config = editExample('env: { LOG_LEVEL: "warn" }', 'env: { LOG_LEVEL: "debug" }', config);
  config = editExample(
    "replicas: { dev: 1, staging: 2, prod: 4 },",
    "replicas: { dev: 1, staging: 2, prod: 5 },",
    config,
  );
  const { dir, out } = await planOf(config);
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).stdout.trim();
  const plan = JSON.parse(out) as Plan;
  assert.equal(plan.base, { ref: "HEAD", commit: head });
  const checkout = plan.changes.find((c) => c.id === "prod: Deployment payments/checkout-api");
  assert.equal(checkout?.summary, ["spec.template.spec.containers[checkout-api].env[LOG_LEVEL].value warn→debug"]);

  const text = await cli(["plan", "--base", "HEAD", "-C", dir]);
  assert.match(
    text.stdout,
    new RegExp(`^fawkes plan against HEAD \\(${head.slice(0, 7)}\\): 0 to add, 4 to change, 0 to remove\\.`),
  );
  const markdown = await cli(["plan", "--base", "HEAD", "--format", "markdown", "-C", dir]);
  assert.match(markdown.stdout, new RegExp(`^## Fawkes plan\\n\\nBase: \`HEAD\` \\(\`${head.slice(0, 7)}\`\\)\\n`));

  const risky = await cli(["plan", "--base", "HEAD", "--fail-on", "prod,destroy", "-C", dir]);
  assert.is(risky.code, 1);
  assert.match(risky.stderr, /fawkes plan: 2 changes carry prod \(--fail-on prod,destroy\)/);
  assert.match(
    risky.stdout,
    /~ prod: Deployment storefront\/storefront \(replicas 4→5\) \[prod\]/,
    "the plan is still printed",
  );
  const calm = await cli(["plan", "--base", "HEAD", "--fail-on", "destroy,prune", "-C", dir]);
  assert.is(calm.code, 0, calm.stderr);
  const wrong = await cli(["plan", "--base", "HEAD", "--fail-on", "prod,dangerous", "-C", dir]);
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /unknown: dangerous/);
  rmSync(dir, { recursive: true, force: true });
});

const fields = (a: unknown, b: unknown): string[] => changedFields(a, b).map(describeField);

test("fields: named items survive an insertion; unnamed items fall back to their index", () => {
  const before = {
    containers: [
      { name: "app", image: "a:1" },
      { name: "proxy", image: "p:1" },
    ],
  };
  const after = {
    containers: [
      { name: "init", image: "i:1" },
      { name: "app", image: "a:2" },
      { name: "proxy", image: "p:1" },
    ],
  };
  assert.equal(fields(before, after), ["containers[app].image a:1→a:2", "containers[init] added"]);
  assert.equal(fields({ rules: [{ verbs: ["get"] }] }, { rules: [{ verbs: ["get", "list"] }] }), [
    'rules[0].verbs ["get"]→["get","list"]',
  ]);
  assert.equal(fields({ taints: [{ key: "a", effect: "x" }] }, { taints: [{ key: "a", effect: "y" }] }), [
    "taints[a].effect x→y",
  ]);
});

test("fields: values capped, structures named not printed, credentials never printed", () => {
  assert.equal(fields({ note: "x".repeat(100) }, { note: "y" }), [`note ${"x".repeat(39)}…→y`]);
  assert.equal(fields({ a: 1 }, { a: { b: 2 } }), ["a changed"]);
  assert.equal(fields({ a: 1 }, {}), ["a removed"]);
  assert.equal(fields({ env: [{ name: "API_TOKEN", value: "one" }] }, { env: [{ name: "API_TOKEN", value: "two" }] }), [
    "env[API_TOKEN].value changed (value hidden)",
  ]);
  assert.equal(fields({ auth: { password: "one" } }, { auth: { password: "two" } }), [
    "auth.password changed (value hidden)",
  ]);
  assert.equal(fields({ secretKeyRef: { name: "a" } }, { secretKeyRef: { name: "b" } }), ["secretKeyRef.name a→b"]);
});

test.run();
