// No secret values in the config: a secret-sounding key with a value is refused, a key that names a Kubernetes
// Secret (`existingSecret`, the Helm convention for keeping credentials out of values) is not, unless what it
// holds is not an object name or looks like a credential.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkSecrets } from "../core/checks/secrets.ts";
import { declaredNames } from "../core/checks/check-input.ts";
import { formatPath } from "../core/problems.ts";
import { cli, editExample, writeCase } from "./helpers/repo.ts";

const test = suite("secret values");

function found(raw: unknown): string[] {
  return checkSecrets({ config: {}, releases: {}, raw, declared: declaredNames(raw), allocations: {} }).map(
    (p) => `${formatPath(p.path)}: ${p.message}`,
  );
}

const chartValues = (values: object) => ({ services: { bi: { chart: { values } } } });

const CASES: readonly { name: string; raw: unknown; want: readonly string[] }[] = [
  { name: "existingSecret names a Secret", raw: chartValues({ existingSecret: "metabase-db" }), want: [] },
  {
    name: "nested, as Bitnami charts have it",
    raw: chartValues({
      postgresql: { auth: { existingSecret: "pg-credentials", secretKeys: { userPasswordKey: "password" } } },
    }),
    want: [],
  },
  { name: "another existing…Secret key", raw: chartValues({ existingPasswordSecret: "db.credentials" }), want: [] },
  {
    name: "a component's values too",
    raw: { components: { backstage: { values: { postgresql: { auth: { existingSecret: "backstage-db" } } } } } },
    want: [],
  },
  {
    name: "existingSecret holding what is not an object name is a value",
    raw: chartValues({ existingSecret: "Hunter2!pass" }),
    want: ['services.bi.chart.values.existingSecret: "existingSecret" holds what looks like a secret value'],
  },
  {
    name: "existingSecret holding a token is still a token",
    raw: chartValues({ existingSecret: "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" }),
    want: ["services.bi.chart.values.existingSecret: looks like a GitHub token"],
  },
  {
    name: "a password key with a name-like value is still a password",
    raw: chartValues({ auth: { password: "metabase-db" } }),
    want: ['services.bi.chart.values.auth.password: "password" holds what looks like a secret value'],
  },
  {
    name: "an environment variable with a secret-sounding name",
    raw: { services: { api: { env: { DB_PASSWORD: "hunter2", EXISTING_SECRET: "db" } } } },
    want: [
      'services.api.env.DB_PASSWORD: "DB_PASSWORD" holds what looks like a secret value',
      'services.api.env.EXISTING_SECRET: "EXISTING_SECRET" holds what looks like a secret value',
    ],
  },
];

for (const c of CASES) {
  test(c.name, () => {
    assert.equal(found(c.raw), c.want);
  });
}

test("the whole pipeline (both scans) accepts a chart's existingSecret and still refuses a value", async () => {
  const withName = editExample(
    "replicaCount: 1,",
    'replicaCount: 1,\n          database: { existingSecret: "metabase-db" },',
  );
  const ok = await cli(["validate", "-C", writeCase(withName)]);
  assert.is(ok.code, 0, ok.stderr);
  const withValue = editExample("replicaCount: 1,", 'replicaCount: 1,\n          database: { password: "s3cr3t-pw" },');
  const refused = await cli(["validate", "-C", writeCase(withValue)]);
  assert.is(refused.code, 1);
  assert.match(
    refused.stderr,
    /services\.metabase\.chart\.values\.database\.password: "password" holds what looks like a secret value/,
  );
});

test.run();
