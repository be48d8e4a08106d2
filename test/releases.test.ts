// release and promote: allowed and refused moves, and the file keeps its comments and order.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { promoteImage, releaseImage } from "../core/releases-edit.ts";
import { cli, EXAMPLE_RELEASES, writeCase, EXAMPLE_CONFIG } from "./helpers/repo.ts";
import { generateExample } from "./helpers/pipeline.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const test = suite("releases");
const modelPromise = generateExample().then((g) => g.model);

const MOVES: {
  name: string;
  run: (m: Awaited<typeof modelPromise>) => ReturnType<typeof releaseImage>;
  ok: boolean;
  want: RegExp;
}[] = [
  {
    name: "release to dev",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "storefront", "dev", "a1b2c3d", false),
    ok: true,
    want: /storefront:\n {2}dev: a1b2c3d\n {2}staging: 9d1e7c3/,
  },
  {
    name: "release a digest",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "storefront", "dev", `sha256:${"b".repeat(64)}`, false),
    ok: true,
    want: /dev: sha256:b{64}/,
  },
  {
    name: "release latest",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "storefront", "dev", "latest", false),
    ok: false,
    want: /'latest' is not an immutable tag/,
  },
  {
    name: "release to a protected environment",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "storefront", "prod", "a1b2c3d", false),
    ok: false,
    want: /"prod" is protected: .* needs --force/,
  },
  {
    name: "release to a protected environment with --force",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "storefront", "prod", "a1b2c3d", true),
    ok: true,
    want: /prod: a1b2c3d/,
  },
  {
    name: "release to an environment the service skips",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "reporting-etl", "dev", "1", false),
    ok: false,
    want: /not deployed to "dev"/,
  },
  {
    name: "release of an unknown service",
    run: (m) => releaseImage(m, EXAMPLE_RELEASES, "nope", "dev", "1", false),
    ok: false,
    want: /unknown service "nope"/,
  },
  {
    name: "promote dev → staging",
    run: (m) => promoteImage(m, EXAMPLE_RELEASES, "payments-core", "dev", "staging", false),
    ok: false,
    want: /already runs 2\.14\.0 in "staging"/,
  },
  {
    name: "promote staging → prod needs --force",
    run: (m) => promoteImage(m, EXAMPLE_RELEASES, "payments-core", "staging", "prod", false),
    ok: false,
    want: /protected/,
  },
  {
    name: "promote staging → prod with --force",
    run: (m) => promoteImage(m, EXAMPLE_RELEASES, "payments-core", "staging", "prod", true),
    ok: true,
    want: /payments-core:\n {2}dev: 2\.14\.0\n {2}staging: 2\.14\.0\n {2}prod: 2\.14\.0/,
  },
  {
    name: "promote skipping an environment",
    run: (m) => promoteImage(m, EXAMPLE_RELEASES, "payments-core", "dev", "prod", true),
    ok: false,
    want: /after "dev" comes "staging", not "prod"/,
  },
  {
    name: "promote backwards",
    run: (m) => promoteImage(m, EXAMPLE_RELEASES, "payments-core", "prod", "staging", true),
    ok: false,
    want: /after "prod" comes nothing/,
  },
  {
    name: "promote along a service's own path",
    run: (m) =>
      promoteImage(
        m,
        EXAMPLE_RELEASES.replace(
          "reporting-etl:\n  staging: 2026.11.20\n  prod: 2026.11.20",
          "reporting-etl:\n  staging: 2026.11.21\n  prod: 2026.11.20",
        ),
        "reporting-etl",
        "staging",
        "prod",
        true,
      ),
    ok: true,
    want: /prod: 2026\.11\.21/,
  },
];

for (const move of MOVES) {
  test(move.name, async () => {
    const result = move.run(await modelPromise);
    assert.is(result.ok, move.ok, JSON.stringify(result));
    assert.match(result.ok ? result.source : result.message, move.want);
  });
}

test("edits keep the file's comments and order", async () => {
  const result = releaseImage(await modelPromise, EXAMPLE_RELEASES, "catalog-api", "dev", "5.3.0", false);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(result.source, EXAMPLE_RELEASES.replace("catalog-api:\n  dev: 5.2.0", "catalog-api:\n  dev: 5.3.0"));
});

test("a new environment goes in promotion order", async () => {
  const source = EXAMPLE_RELEASES.replace("shipping-api:\n  dev: 0.9.3\n", "shipping-api:\n");
  const result = releaseImage(await modelPromise, source, "shipping-api", "dev", "1.0.0", false);
  assert.ok(result.ok);
  if (result.ok)
    assert.match(result.source, /shipping-api:\n {2}dev: 1\.0\.0\n {2}staging: 0\.9\.3\n {2}prod: 0\.9\.2/);
});

test("the commands edit, regenerate, and refuse without changing anything", async () => {
  const dir = writeCase(EXAMPLE_CONFIG);
  assert.is((await cli(["generate", "-C", dir])).code, 0);
  const released = await cli(["release", "storefront", "--env", "dev", "--image-tag", "feedbee", "-C", dir]);
  assert.is(released.code, 0, released.stderr);
  assert.match(
    readFileSync(join(dir, "out/platform/services/dev/storefront/manifests.yaml"), "utf8"),
    /image: ghcr\.io\/acme\/storefront:feedbee/,
  );
  const before = readFileSync(join(dir, "releases.yaml"), "utf8");
  const refused = await cli(["promote", "shipping-api", "--from", "staging", "--to", "prod", "-C", dir]);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /"prod" is protected/);
  assert.is(readFileSync(join(dir, "releases.yaml"), "utf8"), before);
  assert.is((await cli(["check", "-C", dir])).code, 0);
});

test("a releases file with broken YAML is reported at its line, without false missing-release errors", async () => {
  const broken = EXAMPLE_RELEASES.replace("checkout-api:\n  dev: 4f9c2e1", "checkout-api:\n  dev: [4f9c2e1");
  const line = broken.split("\n").findIndex((l) => l.includes("[4f9c2e1")) + 1;
  const run = await cli(["validate", "-C", writeCase(EXAMPLE_CONFIG, broken)]);
  assert.is(run.code, 1);
  assert.match(run.stderr, new RegExp(`^releases\\.yaml:(${line}|${line + 1}):\\d+ releases: `, "m"));
  assert.not.match(run.stderr, /^releases\.yaml:1:1 /m);
  assert.not.match(run.stderr, /no release of/);
});

test("an alias bomb in the releases file is refused (exit 1), not expanded", async () => {
  const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++)
    levels.push(
      `${"abcdefghi"[i]}: &${"abcdefghi"[i]} [${Array(9)
        .fill(`*${"abcdefghi"[i - 1]}`)
        .join(", ")}]`,
    );
  const run = await cli(["validate", "-C", writeCase(EXAMPLE_CONFIG, levels.join("\n") + "\n")]);
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, /releases\.yaml:1:1 releases: cannot be read: Excessive alias count/);
});

test.run();
