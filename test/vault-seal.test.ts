// Vault's auto-unseal through the management cloud's key service (AWS KMS, Azure Key Vault): the key only Vault's
// identity may use, the identity only Vault's service account may assume, the seal stanza naming that key in
// Vault's values, and the bootstrap step that keeps init by hand but no longer unseals.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@cdktn/hcl2json";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { bootstrapGraph } from "../core/runtime/bootstrap-graph.ts";
import { ids } from "../core/runtime/bootstrap-model.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { componentValues } from "../generators/helm-values/index.ts";
import { generateTerraform } from "../generators/terraform/index.ts";
import { checkVaultSealIdentity } from "../core/checks/model-checks.ts";
import { formatPath } from "../core/problems.ts";
import { AZURE_SEAL_ROLE, unsealKeyVaultName } from "../core/runtime/vault-seal.ts";
import { validateConfig } from "../core/validate.ts";
import { AZURE_KEY_ADMIN_ROLE, VAULT_KMS_ACTIONS } from "../generators/terraform/vault-seal.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom, AZURE_CLOUD } from "./helpers/model.ts";
import { testUnless } from "./helpers/skip.ts";
import { which } from "./helpers/tools.ts";

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
const VAULT_ID = "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const AZURE_HUB_WITH_ID: FawkesConfigInput = {
  ...AZURE_HUB,
  components: { ...AZURE_HUB.components, vault: { azureClientId: { prod: VAULT_ID } } },
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

  const azure = bootstrapGraph(resolveFrom(AZURE_HUB_WITH_ID));
  const init2 = azure.nodes.get(ids.vaultInit)!;
  assert.is(init2.title, "Initialise Vault");
  assert.not.match((init2.commands ?? []).join("\n"), /operator unseal/);
  assert.match(init2.notes?.join("\n") ?? "", /Key Vault/);
  assert.ok(azure.needs.some((n) => n.from === ids.vaultInit && n.to === ids.terraform("prod")));
});

test("Azure: a Key Vault of its own holds the key; only Vault's managed identity may use it, scoped to the key", async () => {
  const model = resolveFrom(AZURE_HUB_WITH_ID);
  const seal = (await hcl(model, "out/infra/prod/vault-seal.tf"))!;
  assert.ok(seal, "the management environment's root has the key");
  assert.is(await hcl(model, "out/infra/dev/vault-seal.tf"), undefined, "no key in the other clusters");
  const vault = seal.resource.azurerm_key_vault.vault_unseal[0];
  assert.is(vault.enable_rbac_authorization, true, "access by Azure RBAC, so a role can be scoped to one key");
  assert.is(vault.purge_protection_enabled, true, "the key that decrypts Vault's storage cannot be purged");
  assert.is(vault.tenant_id, AZURE_CLOUD.tenantId);
  const key = seal.resource.azurerm_key_vault_key.vault_unseal[0];
  assert.equal([key.key_type, [...key.key_opts].sort()], ["RSA", ["unwrapKey", "wrapKey"]]);
  assert.equal(key.depends_on, ["${time_sleep.vault_unseal_rbac}"], "created once the caller's role has spread");
  assert.equal(seal.resource.time_sleep.vault_unseal_rbac[0].depends_on, [
    "${azurerm_role_assignment.vault_unseal_admin}",
  ]);
  // Every role on the vault or its key, by principal.
  const assignments: Obj[] = Object.values(seal.resource.azurerm_role_assignment).flat() as Obj[];
  const byRole = Object.fromEntries(assignments.map((a) => [a.role_definition_name, a]));
  assert.equal(Object.keys(byRole).sort(), [AZURE_KEY_ADMIN_ROLE, AZURE_SEAL_ROLE].sort());
  assert.equal(byRole[AZURE_SEAL_ROLE], {
    scope: "${azurerm_key_vault_key.vault_unseal.resource_versionless_id}",
    role_definition_name: AZURE_SEAL_ROLE,
    principal_id: "${azurerm_user_assigned_identity.vault.principal_id}",
  });
  assert.is(byRole[AZURE_KEY_ADMIN_ROLE]!.principal_id, "${data.azurerm_client_config.current.object_id}");

  const identities = (await hcl(model, "out/infra/prod/identities.tf"))!;
  assert.is(identities.resource.azurerm_user_assigned_identity.vault[0].name, "id-m-prod-vault");
  assert.is(
    identities.resource.azurerm_federated_identity_credential.vault[0].subject,
    "system:serviceaccount:vault:vault",
  );
  assert.not.ok((await hcl(model, "out/infra/dev/identities.tf"))?.resource?.azurerm_user_assigned_identity?.vault);
  const versions = (await hcl(model, "out/infra/prod/versions.tf"))!;
  assert.ok(versions.terraform[0].required_providers[0].time, "time_sleep's provider is required");
  const outputs = (await hcl(model, "out/infra/prod/outputs.tf"))!;
  assert.is(outputs.output.vault_unseal_key_id[0].value, "${azurerm_key_vault_key.vault_unseal.versionless_id}");
  assert.ok(outputs.output.workload_client_ids[0].value["vault/vault"], "the client id to put in the config");
});

test("Azure: Vault's values name the Key Vault and key Terraform creates; the pod uses workload identity", async () => {
  for (const config of [AZURE_HUB_WITH_ID, AZURE_HUB]) {
    const model = resolveFrom(config);
    const server = vaultValues(model, "prod").server;
    const parsed = await parse("vault.hcl", server.ha?.raft?.config ?? server.standalone.config);
    const tf = (await hcl(model, "out/infra/prod/vault-seal.tf"))!;
    assert.equal(parsed.seal.azurekeyvault[0], {
      tenant_id: AZURE_CLOUD.tenantId,
      vault_name: tf.resource.azurerm_key_vault.vault_unseal[0].name,
      key_name: tf.resource.azurerm_key_vault_key.vault_unseal[0].name,
    });
    assert.equal(server.extraLabels, { "azure.workload.identity/use": "true" }, "the webhook injects the token");
    const annotation = server.serviceAccount.annotations?.["azure.workload.identity/client-id"];
    assert.is(annotation, config === AZURE_HUB ? undefined : VAULT_ID);
    assert.not.ok(vaultValues(model, "dev").server?.serviceAccount, "the injector alone in the other clusters");
  }
});

test("Azure: without the identity's client id, a warning naming the Terraform output; a misplaced one is an error", () => {
  assert.equal(checkVaultSealIdentity(resolveFrom(AZURE_HUB_WITH_ID)), []);
  assert.equal(checkVaultSealIdentity(resolveFrom(SMALL)), [], "AWS: IRSA, no client id");
  const [missing] = checkVaultSealIdentity(resolveFrom(AZURE_HUB));
  assert.equal([formatPath(missing!.path), missing!.severity], ["components.vault.azureClientId", "warning"]);
  assert.match(missing!.message, /Vault has no managed identity client id for prod/);
  assert.match(
    missing!.hint!,
    /"vault\/vault" entry of `terraform -chdir=out\/infra\/prod output workload_client_ids`/,
  );
  const errors = (config: FawkesConfigInput) =>
    validateConfig(config, {})
      .problems.filter((p) => p.severity !== "warning")
      .map((p) => [formatPath(p.path), p.code]);
  const onSpoke = {
    ...AZURE_HUB,
    components: { ...AZURE_HUB.components, vault: { azureClientId: { dev: VAULT_ID } } },
  };
  assert.equal(errors(onSpoke), [["components.vault.azureClientId.dev", "not-management"]]);
  const onAws = { ...SMALL, components: { ...SMALL.components, vault: { azureClientId: { prod: VAULT_ID } } } };
  assert.equal(errors(onAws), [["components.vault.azureClientId.prod", "not-azure"]]);
});

testUnless(
  test,
  which("terraform") ? undefined : "terraform is not installed",
  "the seal's Terraform (both clouds) is in terraform fmt's canonical style",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "fawkes-seal-"));
    try {
      for (const [cloud, config] of [
        ["aws", SMALL],
        ["azure", AZURE_HUB_WITH_ID],
      ] as const)
        for (const file of generateTerraform(resolveFrom(config)))
          if (file.type === "text" && file.path.startsWith("out/infra/prod/"))
            writeFileSync(join(dir, `${cloud}-${file.path.split("/").pop()}`), file.content);
      const result = spawnSync("terraform", ["fmt", "-check", "-list=true", dir], { encoding: "utf8" });
      assert.is(result.status, 0, `${result.stdout}${result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("the Key Vault's name: valid for Azure, stable, apart per subscription, platform and environment", () => {
  const valid = (name: string) => /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/.test(name) && !name.includes("--");
  const names = new Set<string>();
  for (const platform of ["m", "acme", "a-very-long-platform-name", "9lives", "x--y", "platform-"])
    for (const env of ["prod", "management"]) {
      const name = unsealKeyVaultName(platform, env, AZURE_CLOUD.subscriptionId);
      assert.ok(valid(name), `${platform}/${env}: ${name}`);
      assert.is(unsealKeyVaultName(platform, env, AZURE_CLOUD.subscriptionId), name, "stable");
      names.add(name);
    }
  assert.is(names.size, 12, "every platform and environment apart");
  assert.is.not(
    unsealKeyVaultName("m", "prod", AZURE_CLOUD.subscriptionId),
    unsealKeyVaultName("m", "prod", "00000000-0000-4000-8000-000000000000"),
  );
});

test.run();
