// Vault's auto-unseal through the management cloud's KMS: the key only Vault's role may use, the role only
// Vault's service account may assume, the seal stanza naming that key in Vault's values, and the bootstrap step
// that keeps init by hand but no longer unseals.
import { parse } from "@cdktn/hcl2json";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { bootstrapGraph } from "../core/runtime/bootstrap-graph.ts";
import { ids } from "../core/runtime/bootstrap-model.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { componentValues } from "../generators/helm-values/index.ts";
import { generateTerraform } from "../generators/terraform/index.ts";
import { VAULT_KMS_ACTIONS } from "../generators/terraform/vault-seal.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom, AZURE_CLOUD } from "./helpers/model.ts";

const test = suite("vault-seal");
type Obj = Record<string, any>;

const AZURE_HUB: FawkesConfigInput = {
  ...SMALL,
  clouds: {
    az: { ...AZURE_CLOUD, cidr: "10.30.0.0/16", state: { resourceGroup: "m-tfstate", storageAccount: "mtfstate" } },
  },
  environments: {
    dev: { ...SMALL.environments.dev!, cloud: "az", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
    prod: { ...SMALL.environments.prod!, cloud: "az", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
  },
};
const SMALL_HUB: FawkesConfigInput = {
  ...SMALL,
  environments: { ...SMALL.environments, prod: { ...SMALL.environments.prod!, size: "small" } },
};

async function hcl(model: ResolvedConfig, path: string): Promise<Obj | undefined> {
  const file = generateTerraform(model).find((f) => f.path === path);
  return file?.type === "text" ? await parse(path, file.content) : undefined;
}

function vaultValues(model: ResolvedConfig, environment: string): Obj {
  const component = model.components.find((c) => c.key === "vault")!;
  const env = model.environments.find((e) => e.name === environment)!;
  return componentValues({ model, component, env }) as Obj;
}

/** Whether an IAM action pattern (`kms:Get*`) matches an action. */
const matches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action);

test("AWS: the KMS key's policy lets only Vault's role use it; the role is assumable by Vault's service account only", async () => {
  const model = resolveFrom(SMALL);
  const seal = (await hcl(model, "out/infra/prod/vault-seal.tf"))!;
  assert.ok(seal, "the management environment's root has the key");
  assert.is(await hcl(model, "out/infra/dev/vault-seal.tf"), undefined, "no key in the other clusters");
  const statements: Obj[] = seal.data.aws_iam_policy_document.vault_unseal[0].statement;
  const crypto = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:CreateGrant"];
  for (const action of crypto) {
    const granted = statements.filter((s) => (s.actions as string[]).some((p) => matches(p, action)));
    const principals = granted.flatMap((s) => s.principals.flatMap((p: Obj) => p.identifiers));
    if (action === "kms:Encrypt" || action === "kms:Decrypt")
      assert.equal(principals, ["${aws_iam_role.vault.arn}"], `${action}: Vault's role only`);
    else assert.equal(principals, [], `${action}: nobody`);
  }
  const use = statements.find((s) => s.principals[0].identifiers[0] === "${aws_iam_role.vault.arn}")!;
  assert.equal([...use.actions].sort(), [...VAULT_KMS_ACTIONS].sort());
  assert.is(seal.resource.aws_kms_key.vault_unseal[0].enable_key_rotation, true);
  const alias = seal.resource.aws_kms_alias.vault_unseal[0];
  assert.is(alias.name, "alias/m-vault-unseal");
  assert.is(alias.target_key_id, "${aws_kms_key.vault_unseal.key_id}");

  const identities = (await hcl(model, "out/infra/prod/identities.tf"))!;
  assert.is(identities.resource.aws_iam_role.vault[0].name, "m-prod-vault");
  const assume = identities.data.aws_iam_policy_document.vault_assume[0].statement[0];
  assert.equal(assume.condition[0].values, ["system:serviceaccount:vault:vault"]);
  assert.not.ok((await hcl(model, "out/infra/dev/identities.tf"))!.resource.aws_iam_role.vault, "Vault's role: hub");
  const outputs = (await hcl(model, "out/infra/prod/outputs.tf"))!;
  assert.is(outputs.output.vault_unseal_key_arn[0].value, "${aws_kms_key.vault_unseal.arn}");
});

test("AWS: Vault's values carry the seal stanza naming the key's alias, and the role on its service account", async () => {
  for (const [config, key] of [
    [SMALL, "ha.raft.config"],
    [SMALL_HUB, "standalone.config"],
  ] as const) {
    const model = resolveFrom(config);
    const server = vaultValues(model, "prod").server;
    const text: string = key === "standalone.config" ? server.standalone.config : server.ha.raft.config;
    const alias = (await hcl(model, "out/infra/prod/vault-seal.tf"))!.resource.aws_kms_alias.vault_unseal[0].name;
    // The stanza parses as HCL and names what Terraform creates.
    const parsed = await parse("vault.hcl", text);
    assert.equal(parsed.seal.awskms[0], { region: "us-east-1", kms_key_id: alias }, key);
    assert.ok(parsed.storage[key === "standalone.config" ? "file" : "raft"], `${key}: the chart's storage kept`);
    assert.ok(parsed.listener.tcp, `${key}: the chart's listener kept`);
    const role = (await hcl(model, "out/infra/prod/identities.tf"))!.resource.aws_iam_role.vault[0].name;
    assert.is(
      server.serviceAccount.annotations["eks.amazonaws.com/role-arn"],
      `arn:aws:iam::111122223333:role/${role}`,
    );
    // The injector alone in the other clusters: no seal, no server config.
    assert.not.ok(vaultValues(model, "dev").server?.serviceAccount);
  }
});

test("bootstrap: with a KMS seal, init by hand after the key exists and no unseal; without one, unseal by hand", () => {
  const aws = bootstrapGraph(resolveFrom(SMALL));
  const init = aws.nodes.get(ids.vaultInit)!;
  assert.is(init.title, "Initialise Vault");
  const commands = (init.commands ?? []).join("\n");
  assert.match(commands, /operator init -recovery-shares=5 -recovery-threshold=3/);
  assert.not.match(commands, /operator unseal/);
  assert.ok(
    aws.needs.some((n) => n.from === ids.vaultInit && n.to === ids.terraform("prod")),
    "init waits for the key and the role",
  );

  const azure = bootstrapGraph(resolveFrom(AZURE_HUB));
  const manual = azure.nodes.get(ids.vaultInit)!;
  assert.is(manual.title, "Initialise and unseal Vault");
  assert.match((manual.commands ?? []).join("\n"), /operator unseal/);
});

test("Azure management environment: no KMS key, no Vault role, Vault's config left to the chart", async () => {
  const model = resolveFrom(AZURE_HUB);
  assert.is(await hcl(model, "out/infra/prod/vault-seal.tf"), undefined);
  const identities = await hcl(model, "out/infra/prod/identities.tf");
  assert.not.ok(identities?.resource?.azurerm_user_assigned_identity?.vault);
  const server = vaultValues(model, "prod").server;
  assert.not.ok(server.ha?.raft?.config ?? server.standalone?.config);
  assert.not.ok(server.serviceAccount);
});

test.run();
