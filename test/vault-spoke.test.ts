// Vault Agent delivery outside the management cluster (issue #16): the Vault chart runs there in injector-only
// mode, so a service's pods get their agent in every cluster. Checked on the example's emitted files and on the
// runtime model the preflight admits: what runs in each cluster, the Application and values of the spoke's
// install, its NetworkPolicies, the agent's egress, and how the spoke's logins reach the central Vault.
import { parse as parseHcl } from "@cdktn/hcl2json";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parse, parseAllDocuments } from "yaml";
import { runPreflight } from "../core/preflight.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../core/resolved.ts";
import { renderedFacts } from "../core/runtime/component-modes.ts";
import { componentPods } from "../core/runtime/component-pods.ts";
import { GENERATORS } from "../generators/index.ts";
import { VAULT_FACTS } from "../schema/chart-facts/vault.ts";
import { COMPONENT_CATALOG } from "../schema/component-catalog.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";
import { generateExample } from "./helpers/pipeline.ts";
import { vaultIdentities } from "./helpers/vault-access.ts";

const test = suite("vault spoke");

type Obj = Record<string, any>;

async function example() {
  const { model, tree } = await generateExample();
  const file = (path: string): string => {
    const found = tree.get(path);
    assert.ok(found, `${path} is generated`);
    return found!.content;
  };
  const objects = (path: string): Obj[] => parseAllDocuments(file(path)).map((d) => d.toJS() as Obj);
  const env = (name: string): ResolvedEnvironment => model.environments.find((e) => e.name === name)!;
  const spokes = model.environments.filter((e) => !e.isManagement);
  return { model, tree, file, objects, env, spokes, management: model.environments.find((e) => e.isManagement)! };
}

const vaultPods = (model: ResolvedConfig, env: ResolvedEnvironment) =>
  componentPods(model, env)
    .filter((p) => p.component.key === "vault")
    .map((p) => p.fact.name)
    .sort();

test("the example deploys a Vault Agent service to a cluster outside the management one", async () => {
  const { model } = await example();
  const agents = model.services.filter(
    (s) =>
      s.secretDelivery === "vault-agent" &&
      s.secretsAnywhere.length > 0 &&
      s.deployments.some((d) => !d.environment.isManagement && d.environment.name === "dev"),
  );
  assert.ok(agents.length > 0, "a dev service reads its secrets through the Vault Agent");
});

test("dev's cluster runs Vault's injector and not its server; the management cluster runs both", async () => {
  const { model, env, management, spokes } = await example();
  assert.ok(spokes.length >= 2);
  for (const spoke of spokes) {
    assert.equal(vaultPods(model, spoke), ["vault-agent-injector"], spoke.name);
    assert.ok(spoke.features.vaultAgentInjector, `${spoke.name}: the injector runs`);
    const vault = model.installed("vault")!;
    assert.is(vault.modes[spoke.name], "spoke");
    const rendered = renderedFacts(vault, spoke);
    assert.equal(
      rendered.services.map((s) => s.name),
      ["vault-agent-injector-svc"],
      "no server Service",
    );
    assert.equal(
      rendered.webhooks.map((w) => w.configuration),
      ["vault-agent-injector-cfg"],
    );
  }
  assert.equal(vaultPods(model, management), ["vault", "vault-agent-injector"]);
  assert.equal(vaultPods(model, env("dev")), ["vault-agent-injector"]);
});

test("the preflight admits exactly the injector in dev's vault namespace, and mutates the Vault Agent service's pod", async () => {
  const { model } = await example();
  const { verdicts, problems } = runPreflight(
    model,
    GENERATORS.flatMap((generate) => generate(model)),
  );
  assert.equal(
    problems.filter((p) => p.severity !== "warning"),
    [],
  );
  const inVault = (env: string) =>
    verdicts.filter((v) => v.environment === env && v.admitted.metadata.namespace === "vault").map((v) => v.pod);
  assert.equal(inVault("dev"), [`Deployment vault/vault-agent-injector of vault ${VAULT_FACTS.version}`]);
  assert.is(inVault("prod").length, 2);
  const agentServices = model.services.filter(
    (s) => s.secretDelivery === "vault-agent" && s.secretsAnywhere.length > 0,
  );
  let checked = 0;
  for (const service of agentServices) {
    for (const { environment } of service.deployments) {
      const verdict = verdicts.find(
        (v) => v.environment === environment.name && v.origin.join(".") === `services.${service.name}`,
      );
      assert.ok(verdict, `${service.name} in ${environment.name} is admitted`);
      const spec = verdict!.admitted.spec as { initContainers?: { name: string }[]; containers: { name: string }[] };
      assert.ok(
        spec.initContainers?.some((c) => c.name === "vault-agent-init"),
        `${service.name} in ${environment.name}: the agent's init container`,
      );
      assert.ok(
        spec.containers.some((c) => c.name === "vault-agent"),
        `${service.name} in ${environment.name}: the agent sidecar`,
      );
      assert.equal(verdict!.denied, [], `${service.name} in ${environment.name}: admitted after the mutation`);
      if (!environment.isManagement) checked++;
    }
  }
  assert.ok(checked > 0, "a pod mutated outside the management cluster");
});

test("each spoke's Vault Application: the pinned chart, injector-only values, the vault namespace, before the services", async () => {
  const { file, spokes, management, model, tree } = await example();
  const wave = (env: string) =>
    parse(file(`out/platform/apps/components/${env}/vault.yaml`)).metadata.annotations["argocd.argoproj.io/sync-wave"];
  for (const spoke of spokes) {
    const app = parse(file(`out/platform/apps/components/${spoke.name}/vault.yaml`));
    assert.is(app.spec.destination.namespace, COMPONENT_CATALOG.vault.namespace);
    assert.is(app.spec.destination.name, spoke.name);
    assert.is(app.spec.sources[0].chart, "vault");
    assert.is(app.spec.sources[0].targetRevision, VAULT_FACTS.version);
    // The injector runs before any pod it must mutate: every services ApplicationSet of the cluster syncs later.
    const sets = [...tree.keys()].filter((p) => p.startsWith(`out/platform/apps/services/${spoke.name}/`));
    assert.ok(sets.length > 0);
    for (const set of sets) {
      const later = parseAllDocuments(file(set))[0]!.toJS().metadata.annotations["argocd.argoproj.io/sync-wave"];
      assert.ok(Number(wave(spoke.name)) < Number(later), `${spoke.name}: vault ${wave(spoke.name)} < ${set} ${later}`);
    }
    const values = parse(file(`out/platform/values/${spoke.name}/vault.yaml`));
    assert.is(values.server.enabled, false);
    assert.is(values.injector.enabled, true);
    assert.is(values.global.externalVaultAddr, `https://vault.${model.platform.domain}`);
    assert.is(values.server.dataStorage, undefined, "no storage for a server that does not run");
  }
  const central = parse(file(`out/platform/values/${management.name}/vault.yaml`));
  assert.is(central.global?.externalVaultAddr, undefined);
  assert.not.equal(central.server.enabled, false);
});

test("spokes' vault namespace admits the API server on the injector's webhook port, and nobody on the server's", async () => {
  const { objects, spokes, management } = await example();
  const injectorService = VAULT_FACTS.services.find((s) => s.name === "vault-agent-injector-svc")!;
  const webhookPort = injectorService.ports[0]!.targetPort;
  const ingress = (env: string) =>
    objects(`out/platform/clusters/${env}/namespaces/vault/network.yaml`).flatMap((p) =>
      (p.spec.ingress ?? []).map((rule: Obj) => ({
        from: rule.from,
        ports: (rule.ports ?? []).map((x: Obj) => x.port),
      })),
    );
  for (const spoke of spokes) {
    const rules = ingress(spoke.name);
    assert.ok(
      rules.some((r) => r.from === undefined && r.ports.includes(webhookPort)),
      `${spoke.name}: the API server reaches the injector on ${webhookPort}`,
    );
    assert.not.ok(
      rules.some((r) => r.ports.includes(8200)),
      `${spoke.name}: no server, no ingress to 8200`,
    );
  }
  assert.ok(
    ingress(management.name).some((r) => r.ports.includes(8200)),
    "the server is reached in management",
  );
});

test("a Vault Agent service's egress on a spoke reaches the management network on 443, and not the internet", async () => {
  const { model, objects, management } = await example();
  let checked = 0;
  for (const service of model.services.filter(
    (s) => s.secretDelivery === "vault-agent" && s.secretsAnywhere.length > 0,
  )) {
    for (const { environment } of service.deployments.filter((d) => !d.environment.isManagement)) {
      const policy = objects(`out/platform/services/${environment.name}/${service.name}/manifests.yaml`).find(
        (o) => o.kind === "NetworkPolicy" && o.metadata.name === service.name,
      )!;
      const egress = policy.spec.egress as Obj[];
      assert.ok(
        egress.some(
          (r) =>
            r.to?.some((t: Obj) => t.ipBlock?.cidr === management.network) && r.ports?.some((p: Obj) => p.port === 443),
        ),
        `${service.name} in ${environment.name}: 443 to ${management.network}`,
      );
      assert.not.ok(
        egress.some((r) => r.to?.some((t: Obj) => t.ipBlock?.cidr === "0.0.0.0/0")),
        `${service.name} in ${environment.name}: no internet for the agent's sake`,
      );
      checked++;
    }
  }
  assert.ok(checked > 0);
});

test("a spoke's auth mount reviews logins with the client's token, and exactly the accounts that log in may review", async () => {
  const { tree, file, objects, spokes, management } = await example();
  const files = new Map([...tree].map(([path, f]) => [path, f.content]));
  const main = (await parseHcl("main.tf", file("out/infra/vault/main.tf"))) as Obj;
  const configs = main.resource.vault_kubernetes_auth_backend_config as Record<string, Obj[]>;
  for (const spoke of spokes) assert.is(configs[spoke.name]![0]!.disable_local_ca_jwt, true, spoke.name);
  assert.is(configs[management.name]![0]!.disable_local_ca_jwt, undefined, "Vault's own token in its cluster");
  const identities = [...(await vaultIdentities(files)).values()];
  for (const spoke of spokes) {
    const binding = objects(`out/platform/clusters/${spoke.name}/vault-auth.yaml`)[0]!;
    assert.equal(binding.roleRef, {
      kind: "ClusterRole",
      name: "system:auth-delegator",
      apiGroup: "rbac.authorization.k8s.io",
    });
    const subjects = (binding.subjects as Obj[]).map((s) => `${s.namespace}/${s.name}`).sort();
    const bound = identities
      .filter((i) => i.environment === spoke.name)
      .flatMap((i) => i.namespaces.flatMap((ns) => i.serviceAccounts.map((sa) => `${ns}/${sa}`)))
      .sort();
    assert.ok(bound.length > 0);
    assert.equal(subjects, [...new Set(bound)].sort(), spoke.name);
  }
  assert.not.ok(tree.has(`out/platform/clusters/${management.name}/vault-auth.yaml`));
});

test("a Vault Agent service in a cluster where Vault is switched off is an error at its secretDelivery", async () => {
  const { checkVaultAgentDelivery } = await import("../core/checks/model-checks.ts");
  const config: FawkesConfigInput = {
    ...SMALL,
    services: {
      api: {
        team: "web",
        description: "api",
        build: { type: "node", repo: "https://github.com/m/api" },
        secretDelivery: "vault-agent",
        secrets: { DB: { path: "web/api/db", key: "url" } },
      },
    },
  };
  const releases = { api: { dev: "1", prod: "1" } };
  assert.equal(checkVaultAgentDelivery(resolveFrom(config, releases)), []);
  const off = resolveFrom(
    { ...config, components: { ...config.components, vault: { environments: { dev: { enabled: false } } } } },
    releases,
  );
  const problems = checkVaultAgentDelivery(off);
  assert.equal(
    problems.map((p) => p.path),
    [["services", "api", "secretDelivery"]],
  );
  assert.match(problems[0]!.message, /injector does not run in "dev"/);
  // Vault off everywhere: no injector anywhere.
  const none = resolveFrom({ ...config, components: { ...config.components, vault: { enabled: false } } }, releases);
  assert.match(checkVaultAgentDelivery(none)[0]!.message, /"dev", "prod"/);
});

test.run();
