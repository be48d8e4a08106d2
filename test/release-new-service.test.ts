// A new service is released to its first environment and promoted from there: no made-up tags for the
// others, and no message ever suggests the very command that just failed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { cli, editExample, REPO, writeCase } from "./helpers/repo.ts";

const test = suite("releasing a new service");

const LEDGER = `    ledger: {
      team: "logistics",
      description: "Books the day's shipments.",
      build: { type: "go", repo: "https://github.com/acme/ledger" },
    },
`;
const WITH_LEDGER = editExample('    "inventory-sync": {\n', `${LEDGER}    "inventory-sync": {\n`);

/** Every `npx fawkes …` a message suggests, with `<tag>` and quoting normalised away. */
function suggestions(text: string): string[] {
  return [...text.matchAll(/npx fawkes ([a-z]+(?: [^\s`(),]+)*)/g)].map((m) => m[1]!.replace(/ --image-tag \S+/, ""));
}

/** Runs a command; when it fails, none of the fixes it suggests is the command itself. */
async function run(dir: string, args: string[]): Promise<Awaited<ReturnType<typeof cli>>> {
  const result = await cli([...args, "-C", dir]);
  if (result.code !== 0) {
    const self = args
      .join(" ")
      .replace(/ --image-tag \S+/, "")
      .replace(/ --force/, "");
    for (const s of suggestions(result.stdout + result.stderr))
      assert.is.not(
        s.replace(/ --force/, ""),
        self,
        `\`${args.join(" ")}\` failed and suggested itself:\n${result.stderr}`,
      );
  }
  return result;
}

test("a service with no release yet: valid, not deployed, and the suggested release works", async () => {
  const dir = writeCase(WITH_LEDGER);
  const validate = await run(dir, ["validate"]);
  assert.is(validate.code, 0, validate.stderr);
  assert.match(
    validate.stderr,
    /^fawkes\.config\.ts:\d+:\d+ warning: services\.ledger: "ledger" has no release for "dev", "staging", "prod" yet, so it is not deployed there \(run: npx fawkes release ledger --env dev --image-tag <tag>\)/m,
  );
  assert.is((await run(dir, ["generate"])).code, 0);
  assert.not.ok(existsSync(join(dir, "out/platform/services/dev/ledger")));

  // Promoting what was never released names the release to make first, not itself.
  const early = await run(dir, ["promote", "ledger", "--from", "dev", "--to", "staging"]);
  assert.is(early.code, 1);
  assert.match(
    early.stderr,
    /has no release in "dev" to promote \(fawkes release ledger --env dev --image-tag <tag>\)/,
  );

  const released = await run(dir, ["release", "ledger", "--env", "dev", "--image-tag", "1.0.0"]);
  assert.is(released.code, 0, released.stderr);
  assert.match(
    readFileSync(join(dir, "out/platform/services/dev/ledger/manifests.yaml"), "utf8"),
    /image: ghcr\.io\/acme\/ledger:1\.0\.0/,
  );
  assert.not.ok(existsSync(join(dir, "out/platform/services/staging/ledger")), "no made-up tag for staging");
  assert.not.ok(existsSync(join(dir, "out/platform/services/prod/ledger")), "nor for prod");
  assert.match(readFileSync(join(dir, "releases.yaml"), "utf8"), /\nledger:\n {2}dev: 1\.0\.0\n$/);
  assert.match(
    released.stderr,
    /"ledger" has no release for "staging", "prod" yet, so it is not deployed there \(run: npx fawkes promote ledger --from dev --to staging\)/,
  );

  const skipped = await run(dir, ["promote", "ledger", "--from", "dev", "--to", "prod"]);
  assert.is(skipped.code, 1);
  const promoted = await run(dir, ["promote", "ledger", "--from", "dev", "--to", "staging"]);
  assert.is(promoted.code, 0, promoted.stderr);
  assert.ok(existsSync(join(dir, "out/platform/services/staging/ledger/manifests.yaml")));
  assert.is((await run(dir, ["check"])).code, 0);
});

test("a service that calls one not released where it runs: a warning naming the release to make; each step works", async () => {
  const calling = editExample(
    '      dependsOn: ["catalog-api"],\n      secrets: { WMS_TOKEN',
    '      dependsOn: ["catalog-api", "ledger"],\n      secrets: { WMS_TOKEN',
    WITH_LEDGER,
  );
  const dir = writeCase(calling);
  const generated = await run(dir, ["generate"]);
  assert.is(generated.code, 0, generated.stderr);
  assert.match(
    generated.stderr,
    /warning: services\.inventory-sync\.dependsOn: "inventory-sync" runs in "dev" and calls "ledger", which has no release there yet: those calls fail until it has \(run: npx fawkes release ledger --env dev --image-tag <tag>\)/,
  );
  assert.is((await run(dir, ["release", "ledger", "--env", "dev", "--image-tag", "1.0.0"])).code, 0);
  const staging = await run(dir, ["promote", "ledger", "--from", "dev", "--to", "staging"]);
  assert.is(staging.code, 0, staging.stderr);
  assert.match(
    staging.stderr,
    /runs in "prod" and calls "ledger", which has no release there yet: those calls fail until it has \(run: npx fawkes promote ledger --from staging --to prod\)/,
  );
  assert.not.match(staging.stderr, /runs in "(dev|staging)" and calls "ledger"/);
  assert.is((await run(dir, ["promote", "ledger", "--from", "staging", "--to", "prod"])).code, 0);
  assert.is((await run(dir, ["check"])).code, 0);
});

test("a missing release is no error but a warning: not deployed there, and the command that fixes it", async () => {
  const dir = writeCase(
    editExample("", ""),
    readFileSync(join(REPO, "releases.yaml"), "utf8").replace("shipping-api:\n  dev: 0.9.3\n", "shipping-api:\n"),
  );
  const run = await cli(["validate", "-C", dir]);
  assert.is(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /warning: services\.shipping-api: "shipping-api" has no release for "dev" yet, so it is not deployed there \(run: npx fawkes release shipping-api --env dev --image-tag <tag>\)/,
  );
});

test.run();
