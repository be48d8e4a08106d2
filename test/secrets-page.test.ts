// docs/reference/secrets.md lists every Vault path an ExternalSecret of a cluster reads, per environment,
// with the command that seeds it; paths the platform writes itself are not for the operator to seed.
import { parseAllDocuments } from "yaml";
import { suite } from "uvu";
import { RELEASE_ENVIRONMENT } from "../core/names.ts";
import * as assert from "uvu/assert";
import { generateExample, generateIn } from "./helpers/pipeline.ts";
import { EXAMPLE_CONFIG, editExample, writeCase } from "./helpers/repo.ts";
import { vaultAccesses } from "./helpers/vault-access.ts";

const test = suite("secrets page");

test("every Vault path an ExternalSecret reads is on the page, under its environment, with a seeding command", async () => {
  const { tree } = await generateExample();
  const page = tree.get("docs/reference/secrets.md")!.content;
  const section = (env: string) => page.split(/^## /m).find((s) => s.startsWith(`${env}\n`)) ?? "";
  let checked = 0;
  for (const [path, file] of tree) {
    const env = /^out\/platform\/(?:services|clusters)\/([^/]+)\//.exec(path)?.[1];
    if (!env || !path.endsWith(".yaml")) continue;
    for (const doc of parseAllDocuments(file.content)) {
      const o = doc.toJS() as { kind?: string; spec?: { data?: { remoteRef: { key: string } }[] } } | null;
      if (o?.kind !== "ExternalSecret") continue;
      for (const { remoteRef } of o.spec?.data ?? []) {
        if (remoteRef.key.startsWith(`${env}/platform/generated/`)) {
          assert.not.match(section(env), `vault kv put kv/${remoteRef.key} `, "written by the platform, not seeded");
          continue;
        }
        assert.ok(section(env).includes(`vault kv put kv/${remoteRef.key} `), `${env}: kv/${remoteRef.key} (${path})`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `${checked} paths checked`);
});

test("Vault Agent reads and shared secrets are seeded too, each once, and nothing is seeded that no cluster reads", async () => {
  const config = editExample(
    'secrets: { PSP_TOKEN: { path: "payments/payments-core/psp", key: "token" } },',
    'secrets: { PSP_TOKEN: { path: "payments/payments-core/psp", key: "token" } },\n      secretDelivery: "vault-agent",',
    editExample(
      'STRIPE_API_KEY: { path: "payments/checkout-api/stripe", key: "api-key" },',
      'STRIPE_API_KEY: { path: "payments/checkout-api/stripe", key: "api-key", shared: true },',
      EXAMPLE_CONFIG,
    ),
  );
  const { tree } = await generateIn(writeCase(config));
  const page = tree.get("docs/reference/secrets.md")!.content;
  const sections = new Map(page.split(/^## /m).map((s) => [s.slice(0, s.indexOf("\n")), s]));
  const seeded = (section: string) =>
    [...(sections.get(section) ?? "").matchAll(/^vault kv put kv\/(\S+)/gm)].map((m) => m[1]!).sort();
  const accesses = vaultAccesses(new Map([...tree].map(([path, f]) => [path, f.content])));
  const want = (env: string) =>
    [
      ...new Set(
        accesses
          .filter((a) => a.environment === env && !a.write && !a.path.includes("/platform/generated/"))
          .map((a) => a.path.replace(/^kv\/data\//, ""))
          .filter((p) => !p.startsWith("shared/")),
      ),
    ].sort();
  for (const env of ["dev", "staging", "prod"]) {
    assert.equal(seeded(env), want(env), `${env}: exactly what its clusters read`);
    assert.ok(seeded(env).includes(`${env}/teams/payments/payments-core/psp`), `${env}: the Vault Agent's path`);
  }
  assert.equal(seeded("Shared by every environment"), ["shared/teams/payments/checkout-api/stripe"]);
  assert.match(sections.get("Shared by every environment")!, /payments-dev, payments-prod, payments-staging/);
  assert.match(sections.get("dev")!, /payments\/payments-core \(Vault Agent\)/);
  assert.match(
    page,
    /vault kv get -format=json -field=data kv\/logistics\/inventory-sync\/wms \| vault kv put kv\/dev\/teams\/logistics\/inventory-sync\/wms -/,
    "the migration copies the old shared path to the new one",
  );
});

test("every Actions secret a generated workflow reads is on the page with the command that sets it", async () => {
  const { tree } = await generateExample();
  const page = tree.get("docs/reference/secrets.md")!.content;
  const section = page.split(/^## /m).find((s) => s.startsWith("GitHub repository secrets\n")) ?? "";
  const read = new Set<string>();
  for (const [path, file] of tree) {
    if (!path.startsWith(".github/workflows/")) continue;
    for (const [, name] of file.content.matchAll(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g)) read.add(name!);
  }
  read.delete("GITHUB_TOKEN");
  assert.ok(read.size >= 2, "the release App's client id and key");
  // Set in the environment that admits the default branch only, which every job reading them names.
  const set = [...section.matchAll(/^gh secret set (\S+) --env (\S+) --repo acme\/platform /gm)].map((m) => {
    assert.is(m[2], RELEASE_ENVIRONMENT);
    return m[1]!;
  });
  assert.equal(set.sort(), [...read].sort());
});

test.run();
