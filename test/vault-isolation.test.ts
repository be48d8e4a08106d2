// Environment isolation of secrets, from the emitted files: the Vault root's roles and policies on one side,
// the stores, ExternalSecrets, PushSecrets and Vault Agent annotations of every cluster on the other. Every
// path read is granted to exactly the identities that read it, every grant is read (the dangling-secret
// test), and no identity of one environment is granted a path of another: a dev token cannot read prod.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { FileTree } from "../core/file-tree.ts";
import { formatPath } from "../core/problems.ts";
import { validateConfig } from "../core/validate.ts";
import { SMALL } from "./helpers/model.ts";
import { generateExample, generateIn } from "./helpers/pipeline.ts";
import { EXAMPLE_CONFIG, editExample, writeCase } from "./helpers/repo.ts";
import { covers, environmentOf, vaultAccess, vaultProblems, type VaultAccess } from "./helpers/vault-access.ts";

const test = suite("vault isolation");

const contents = (tree: FileTree): Map<string, string> => new Map([...tree].map(([path, f]) => [path, f.content]));
const ENVIRONMENTS = ["dev", "staging", "prod"];

/** The example with a Vault Agent service and a secret declared shared. */
const AGENT_AND_SHARED = editExample(
  'secrets: { PSP_TOKEN: { path: "payments/payments-core/psp", key: "token" } },',
  'secrets: { PSP_TOKEN: { path: "payments/payments-core/psp", key: "token" } },\n      secretDelivery: "vault-agent",',
  editExample(
    'STRIPE_API_KEY: { path: "payments/checkout-api/stripe", key: "api-key" },',
    'STRIPE_API_KEY: { path: "payments/checkout-api/stripe", key: "api-key", shared: true },',
    EXAMPLE_CONFIG,
  ),
);
let variant: Promise<Map<string, string>> | undefined;
const variantFiles = () => (variant ??= generateIn(writeCase(AGENT_AND_SHARED)).then((r) => contents(r.tree)));

test("Vault's policy globs: exact paths, a trailing * for any suffix, + for one segment", () => {
  const CASES: [rule: string, path: string, want: boolean][] = [
    ["kv/data/dev/teams/web/db", "kv/data/dev/teams/web/db", true],
    ["kv/data/dev/teams/web/db", "kv/data/dev/teams/web/db2", false],
    ["kv/data/prod/platform/*", "kv/data/prod/platform/clusters/dev", true],
    ["kv/data/prod/platform/*", "kv/data/prod/platform-x/a", false],
    ["kv/data/+/teams/web/db", "kv/data/prod/teams/web/db", true],
    ["kv/data/*", "kv/data/prod/teams/web/db", true],
  ];
  for (const [rule, path, want] of CASES) assert.is(covers(rule, path), want, `${rule} ~ ${path}`);
  assert.is(environmentOf("kv/data/prod/teams/web/db"), "prod");
  assert.is(environmentOf("kv/data/*"), undefined, "a rule over every environment has none");
  assert.is(environmentOf("kv/data/+/teams/web/db"), undefined);
});

async function exampleAccess(): Promise<{ files: Map<string, string>; access: VaultAccess }> {
  const files = contents((await generateExample()).tree);
  return { files, access: await vaultAccess(files) };
}

test("the example: every path read is granted to exactly its readers, every grant is read, no cross-environment grant", async () => {
  const { access } = await exampleAccess();
  assert.equal(vaultProblems(access, ENVIRONMENTS), []);
  const envs = new Set([...access.identities.values()].map((i) => i.environment));
  assert.equal([...envs].sort(), ["dev", "prod", "staging"], "every cluster has identities, tied to its own state");
  assert.ok(access.accesses.length >= 35, `${access.accesses.length} accesses`);
  assert.ok(
    access.accesses.some((a) => a.write),
    "the PushSecret's write is counted",
  );
  assert.not.ok(
    access.accesses.some((a) => a.path.startsWith("kv/data/shared/")),
    "nothing is shared unless declared",
  );
});

test("for every pair of environments a ≠ b, no identity of a is granted any path b reads", async () => {
  for (const files of [(await exampleAccess()).files, await variantFiles()]) {
    const { identities, accesses } = await vaultAccess(files);
    let pairs = 0;
    for (const a of ENVIRONMENTS) {
      for (const b of ENVIRONMENTS.filter((e) => e !== a)) {
        pairs++;
        const pathsOfB = accesses.filter((x) => x.environment === b).map((x) => x.path);
        const ownOfB = pathsOfB.filter((p) => !p.startsWith("kv/data/shared/"));
        assert.ok(ownOfB.length > 0 || b !== "prod", `${b} reads something`);
        for (const identity of [...identities.values()].filter((i) => i.environment === a))
          for (const rule of identity.rules)
            for (const path of ownOfB)
              assert.not.ok(covers(rule.path, path), `${identity.key} (${a}) → ${path} (${b})`);
      }
    }
    assert.is(pairs, 6);
  }
});

test("a dev service account's role cannot read kv/prod/...: not through its own mount, and prod's mount is prod's cluster", async () => {
  const files = await variantFiles();
  const { identities, accesses } = await vaultAccess(files);
  const devReaders = accesses.filter((a) => a.environment === "dev" && a.namespace === "payments");
  assert.equal(
    [...new Set(devReaders.map((a) => `${a.serviceAccount}@${a.mount}:${a.role}`))].sort(),
    [
      "fraud-scoring@kubernetes-dev:payments-dev",
      "payments-core@kubernetes-dev:payments-dev",
      "vault-secrets@kubernetes-dev:payments-dev",
    ],
    "the SecretStore's account and the Vault Agent pods' accounts",
  );
  // What prod reads, but for the path its service declared shared (every environment's team role reads that one).
  const prodPaths = accesses
    .filter((a) => a.environment === "prod" && !a.path.startsWith("kv/data/shared/"))
    .map((a) => a.path);
  assert.ok(prodPaths.some((p) => p.startsWith("kv/data/prod/teams/payments/")));
  for (const identity of [...identities.values()].filter((i) => i.mount === "kubernetes-dev")) {
    assert.is(identity.environment, "dev");
    for (const rule of identity.rules) {
      assert.not.ok(rule.path.startsWith("kv/data/prod/") || rule.path.startsWith("kv/metadata/prod/"), rule.path);
      for (const path of [...prodPaths, "kv/data/prod/teams/payments/anything", "kv/data/prod/platform/clusters/dev"])
        assert.not.ok(covers(rule.path, path), `${identity.key}: ${rule.path} covers ${path}`);
    }
  }
  // Every identity granted a prod path logs in through a mount that checks tokens against the prod cluster.
  for (const identity of identities.values())
    if (identity.rules.some((r) => r.path.startsWith("kv/data/prod/"))) assert.is(identity.environment, "prod");
});

/** The example's CloudNativePG with a secret: it runs in every cluster, so in dev and staging through its own store. */
const CUSTOM_SECRETS = editExample(
  "        webhookPorts: [9443],\n",
  '        webhookPorts: [9443],\n        secrets: [{ name: "backup-s3", vaultPath: "cloudnative-pg/backup", keys: ["ACCESS_KEY_ID"] }],\n',
);

test("a per-cluster custom component's secrets: on a spoke through its own role, exactly its paths of that environment", async () => {
  const { tree } = await generateIn(writeCase(CUSTOM_SECRETS));
  const files = contents(tree);
  const access = await vaultAccess(files);
  assert.equal(vaultProblems(access, ENVIRONMENTS), []);
  for (const env of ["dev", "staging"]) {
    const identity = access.identities.get(`kubernetes-${env}:component-cloudnative-pg-${env}`);
    assert.ok(identity, `${env}: the component's role on ${env}'s own mount`);
    assert.is(identity!.environment, env);
    assert.equal(identity!.namespaces, ["cnpg-system"]);
    assert.equal(
      identity!.rules.map((r) => r.path),
      [`kv/data/${env}/platform/cloudnative-pg/backup`],
    );
    const reads = access.accesses.filter(
      (a) => a.reader === "ExternalSecret cnpg-system/backup-s3" && a.environment === env,
    );
    assert.equal(
      reads.map((a) => [a.role, a.path]),
      [[`component-cloudnative-pg-${env}`, `kv/data/${env}/platform/cloudnative-pg/backup`]],
    );
  }
  // In the management cluster it reads through the platform's store, as before.
  const prod = access.accesses.filter(
    (a) => a.reader === "ExternalSecret cnpg-system/backup-s3" && a.environment === "prod",
  );
  assert.equal(
    prod.map((a) => [a.role, a.path]),
    [["external-secrets", "kv/data/prod/platform/cloudnative-pg/backup"]],
  );
  // A spoke's store pointed at prod's path is caught: its role is not granted it, and it would cross environments.
  const path = "out/platform/clusters/dev/namespaces/cnpg-system/custom-secrets.yaml";
  const crossed = vaultProblems(
    await vaultAccess(
      new Map(files).set(path, files.get(path)!.replace("dev/platform/cloudnative-pg", "prod/platform/cloudnative-pg")),
    ),
    ENVIRONMENTS,
  );
  assert.ok(
    crossed.some((p) =>
      p.includes(
        "kv/data/prod/platform/cloudnative-pg/backup, which kubernetes-dev:component-cloudnative-pg-dev is not granted",
      ),
    ),
    crossed.join("\n"),
  );
});

test("a secret declared shared: one path, granted to exactly the team's roles that read it; the others stay per environment", async () => {
  const access = await vaultAccess(await variantFiles());
  assert.equal(vaultProblems(access, ENVIRONMENTS), []);
  const shared = access.accesses.filter((a) => a.path.startsWith("kv/data/shared/"));
  assert.equal([...new Set(shared.map((a) => a.path))], ["kv/data/shared/teams/payments/checkout-api/stripe"]);
  assert.equal([...new Set(shared.map((a) => a.role))].sort(), ["payments-dev", "payments-prod", "payments-staging"]);
  for (const identity of access.identities.values()) {
    const sharedRules = identity.rules.filter((r) => r.path.startsWith("kv/data/shared/"));
    assert.equal(
      sharedRules.map((r) => r.path),
      identity.role.startsWith("payments-") ? ["kv/data/shared/teams/payments/checkout-api/stripe"] : [],
      identity.key,
    );
  }
  for (const env of ENVIRONMENTS)
    assert.ok(
      access.accesses.some(
        (a) => a.role === `payments-${env}` && a.path === `kv/data/${env}/teams/payments/checkout-api/db`,
      ),
      `${env} still reads its own database URL`,
    );
});

/** The example's files with one textual edit in one file, the edit asserted to apply. */
async function tampered(path: string, from: string | RegExp, to: string): Promise<string[]> {
  const { files } = await exampleAccess();
  const before = files.get(path)!;
  const after = before.replace(from, to);
  assert.is.not(after, before, `the edit applies to ${path}`);
  return vaultProblems(await vaultAccess(new Map(files).set(path, after)), ENVIRONMENTS);
}

test("the check fails on a dev role granted a prod path, on a grant nobody reads, on a read nobody grants", async () => {
  const rule = (path: string) =>
    `data "vault_policy_document" "payments_dev" {\n  rule {\n    path         = "${path}"\n    capabilities = ["read"]\n  }\n\n`;
  const crossEnv = await tampered(
    "out/infra/vault/main.tf",
    'data "vault_policy_document" "payments_dev" {\n',
    rule("kv/data/prod/teams/payments/checkout-api/db"),
  );
  assert.ok(
    crossEnv.some((p) => /payments-dev \(dev\) is granted kv\/data\/prod\/.*a path of prod/.test(p)),
    crossEnv.join("\n"),
  );
  assert.ok(crossEnv.some((p) => /granted to kubernetes-dev:payments-dev, which does not read it/.test(p)));
  const wide = await tampered(
    "out/infra/vault/main.tf",
    'data "vault_policy_document" "payments_dev" {\n',
    rule("kv/data/*"),
  );
  assert.ok(
    wide.some((p) => /kv\/data\/\*, which spans environments/.test(p)),
    wide.join("\n"),
  );
  const unread = await tampered(
    "out/infra/vault/main.tf",
    'data "vault_policy_document" "payments_dev" {\n',
    rule("kv/data/dev/teams/payments/forgotten"),
  );
  assert.ok(
    unread.some((p) =>
      /payments-dev is granted kv\/data\/dev\/teams\/payments\/forgotten, which nothing it runs reads/.test(p),
    ),
  );
  const ungranted = await tampered(
    "out/platform/services/dev/checkout-api/manifests.yaml",
    "key: dev/teams/payments/checkout-api/db",
    "key: prod/teams/payments/checkout-api/db",
  );
  assert.ok(
    ungranted.some((p) =>
      /reads kv\/data\/prod\/teams\/payments\/checkout-api\/db, which .*payments-dev is not granted/.test(p),
    ),
    ungranted.join("\n"),
  );
});

test("the check fails when a dev store logs in through prod's mount, or as an account its role does not bind", async () => {
  // An attacker's store in dev asking for prod's role through prod's mount: prod's mount checks prod's tokens.
  const mount = await tampered(
    "out/platform/namespaces/dev/payments.yaml",
    /mountPath: kubernetes-dev(\n\s+)role: payments-dev/,
    "mountPath: kubernetes-prod$1role: payments-prod",
  );
  assert.ok(
    mount.some((p) => /through kubernetes-prod, the auth mount of prod's cluster/.test(p)),
    mount.join("\n"),
  );
  const account = await tampered(
    "out/platform/namespaces/dev/payments.yaml",
    /(serviceAccountRef:\n\s+)name: vault-secrets/,
    "$1name: default",
  );
  assert.ok(
    account.some((p) => /as payments\/default, which role kubernetes-dev:payments-dev does not bind/.test(p)),
    account.join("\n"),
  );
});

test("two team-environment pairs that would share one Vault policy name are a config error", () => {
  const env = SMALL.environments!.dev!;
  const team = SMALL.teams!.web!;
  const result = validateConfig(
    { ...SMALL, environments: { ...SMALL.environments, "dev-prod": env }, teams: { web: team, "web-dev": team } },
    {},
  );
  assert.ok(!result.ok);
  const messages = result.problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
  assert.ok(
    messages.includes(
      'teams.web-dev: the Vault policy of team "web-dev" in "prod" would be "web-dev-prod", the same as team "web" in "dev-prod"\'s',
    ),
    messages.join("\n"),
  );
  assert.ok(validateConfig({ ...SMALL, teams: { web: team, "web-dev": team } }, {}).ok, "no collision, no problem");
});

test.run();
