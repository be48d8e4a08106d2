// The preflight at generation time: a violating change is caught before anything is written.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { cli, editExample, positionOf, writeCase } from "./helpers/repo.ts";
import { generateIn } from "./helpers/pipeline.ts";

const ROOT = [
  'build: { type: "go", repo: "https://github.com/acme/payment-events" },',
  'build: { type: "go", repo: "https://github.com/acme/payment-events" },\n      security: { runAsRoot: true },',
] as const;

const test = suite("policy preflight");

test("a privileged request fails generate in Enforce mode, naming policy, workload and config path", async () => {
  const config = editExample(...ROOT);
  const dir = writeCase(config);
  const run = await cli(["generate", "-C", dir]);
  assert.is(run.code, 1);
  const { line, column } = positionOf(config, "{ runAsRoot: true }");
  assert.match(
    run.stderr,
    new RegExp(
      `^fawkes\\.config\\.ts:${line}:${column} services\\.payment-events\\.security: policy "pod-security" \\(Enforce\\) would deny Deployment payments/payment-events in dev: .*containers must run as non-root`,
      "m",
    ),
  );
  assert.match(run.stderr, /declare a reasoned exception in policies\.exceptions/);
});

test("a reasoned exception in the config admits it, narrowly, and is generated", async () => {
  const config = editExample(
    "    exceptions: [],",
    '    exceptions: [{ policy: "pod-security", team: "payments", service: "payment-events", reason: "legacy image needs root until the rewrite" }],',
    editExample(...ROOT),
  );
  const { tree } = await generateIn(writeCase(config));
  const exceptions = tree.get("out/platform/clusters/dev/namespaces/kyverno/policy-exceptions.yaml")!.content;
  assert.match(exceptions, /name: payments-payment-events-pod-security/);
  assert.match(exceptions, /request\.namespace == 'payments'/);
  assert.match(exceptions, /object\.metadata\.labels\['app\.kubernetes\.io\/name'\] == 'payment-events'/);
  assert.match(exceptions, /fawkes\.dev\/reason: legacy image needs root until the rewrite/);
});

test("in Audit mode a violation is a warning and generate succeeds", async () => {
  const config = editExample('    mode: "Enforce",', '    mode: "Audit",', editExample(...ROOT));
  const run = await cli(["generate", "-C", writeCase(config)]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stderr, /warning: services\.payment-events\.security: policy "pod-security" \(Audit\) would deny/);
});

test("a chart service's pod from docker.io fails generate at the chart's values, with a mirror to use", async () => {
  const config = editExample('          image: { repository: "ghcr.io/acme/mirror/metabase" },\n', "");
  const run = await cli(["generate", "-C", writeCase(config)]);
  assert.is(run.code, 1);
  const { line, column } = positionOf(config, "{\n          replicaCount: 1,");
  assert.match(
    run.stderr,
    new RegExp(
      `^fawkes\\.config\\.ts:${line}:${column} services\\.metabase\\.chart\\.values\\.image: policy "restrict-image-registries" \\(Enforce\\) would deny Deployment data/metabase \\(chart metabase 2\\.23\\.0\\) in prod: images must come from ghcr\\.io/acme`,
      "m",
    ),
  );
  assert.match(
    run.stderr,
    /set services\.metabase\.chart\.values\.image\.repository to a mirror of docker\.io\/metabase\/metabase in an allowed registry, such as ghcr\.io\/acme\/mirror\/metabase/,
  );
  assert.match(run.stderr, /^1 problem in the config; nothing was written/m);
});

test.run();
