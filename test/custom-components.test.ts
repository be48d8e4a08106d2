// Components the catalog does not know (`components.custom.<name>`): resolved, synced by an Application per
// cluster with a values file, their declared pods admitted by the preflight, ordered by the bootstrap graph
// after what they depend on, and every mistake located at the config line that makes it.
import { suite } from "uvu";
import { validateConfig } from "../core/validate.ts";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { runPreflight } from "../core/preflight.ts";
import { buildSecretsPage } from "../core/secrets-page.ts";
import { formatPath } from "../core/problems.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { bootstrapGraph, bootstrapGraphOf, syncWaveOf } from "../core/runtime/bootstrap-graph.ts";
import { ids } from "../core/runtime/bootstrap-model.ts";
import { customComponentPods } from "../core/runtime/custom-component-pods.ts";
import { GENERATORS } from "../generators/index.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { SMALL, resolveFrom } from "./helpers/model.ts";
import { generateExample } from "./helpers/pipeline.ts";
import { assertLocatedError, cli, editExample, positionOf, writeCase } from "./helpers/repo.ts";

const test = suite("custom components");

type Obj = Record<string, any>;

const preflight = (model: ResolvedConfig) =>
  runPreflight(
    model,
    GENERATORS.flatMap((generate) => generate(model)),
  );

/** A declared pod: restricted by its chart's defaults unless `extra` changes that. */
function pod(extra: Obj = {}): Obj {
  return {
    name: "backup",
    labels: { "app.kubernetes.io/name": "backup" },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: "RuntimeDefault" },
    containers: [
      {
        name: "backup",
        image: "ghcr.io/m/backup:1.0.0",
        securityContext: {
          allowPrivilegeEscalation: false,
          runAsUser: 1000,
          seccompProfile: "RuntimeDefault",
          capabilities: { drop: ["ALL"] },
        },
        probes: ["liveness", "readiness"],
      },
    ],
    ...extra,
  };
}

function withCustom(custom: Obj): FawkesConfigInput {
  return { ...SMALL, components: { ...SMALL.components, custom } as never };
}

const backup = (extra: Obj = {}) => ({
  description: "Backups",
  chart: { repoURL: "https://charts.example/backup", chart: "backup", version: "1.2.3" },
  namespace: "backup",
  pods: [pod()],
  ...extra,
});

test("the example's CloudNativePG resolves in every cluster, with its dependencies", async () => {
  const { model } = await generateExample();
  const [cnpg, ...rest] = model.customComponents;
  assert.is(rest.length, 0);
  assert.is(cnpg!.name, "cloudnative-pg");
  assert.equal(
    cnpg!.environments.map((e) => e.name),
    model.environments.map((e) => e.name),
  );
  assert.equal(cnpg!.dependsOn, [
    { kind: "component", key: "certManager" },
    { kind: "component", key: "kubePrometheusStack" },
  ]);
  assert.is(cnpg!.pods[0]!.provenance.startsWith("cloudnative-pg/charts@cloudnative-pg-v0.29.0"), true);
});

test("an Application per cluster: the pinned chart, its values file, its namespace, a computed wave", async () => {
  const { model, tree } = await generateExample();
  for (const env of model.environments) {
    const app = parse(tree.get(`out/platform/apps/components/${env.name}/cloudnative-pg.yaml`)!.content) as Obj;
    assert.is(app.metadata.name, `cloudnative-pg-${env.name}`);
    const [chart, values] = app.spec.sources;
    assert.equal(
      [chart.repoURL, chart.chart, chart.targetRevision],
      ["https://cloudnative-pg.github.io/charts", "cloudnative-pg", "0.29.0"],
    );
    assert.equal(chart.helm.valueFiles, [`$values/out/platform/values/${env.name}/cloudnative-pg.yaml`]);
    assert.is(values.ref, "values");
    assert.equal(app.spec.destination, { name: env.argocdDestination.name, namespace: "cnpg-system" });
    assert.is(
      app.metadata.annotations["argocd.argoproj.io/sync-wave"],
      String(syncWaveOf(model, "Application", app.metadata.name)),
    );
    const valuesFile = parse(tree.get(`out/platform/values/${env.name}/cloudnative-pg.yaml`)!.content) as Obj;
    assert.equal(valuesFile.image, { repository: "ghcr.io/acme/mirror/cloudnative-pg", tag: "1.30.0" });
  }
  const project = parse(tree.get("out/platform/apps/projects/platform.yaml")!.content) as Obj;
  assert.ok(
    project.spec.sourceRepos.includes("https://cloudnative-pg.github.io/charts"),
    "the project allows its repo",
  );
});

test("its wave follows what it depends on, each need a declared dependency", async () => {
  const { model } = await generateExample();
  const graph = bootstrapGraph(model);
  for (const env of model.environments) {
    const id = ids.custom(env.name, "cloudnative-pg");
    const declared = graph.needs.filter((n) => n.from === id && n.reason === "declared dependency").map((n) => n.to);
    assert.equal(declared, [ids.installer(env.name, "certManager"), ids.installer(env.name, "kubePrometheusStack")]);
    const wave = syncWaveOf(model, "Application", `cloudnative-pg-${env.name}`);
    for (const dep of ["cert-manager", "kube-prometheus-stack"])
      assert.ok(wave > syncWaveOf(model, "Application", `${dep}-${env.name}`), `${dep} before it in ${env.name}`);
  }
});

test("one custom component depending on another syncs after it", () => {
  const model = resolveFrom(
    withCustom({
      backup: backup({ dependsOn: ["operator"] }),
      operator: backup({ namespace: "operator", pods: [pod({ name: "operator" })] }),
    }),
  );
  for (const env of model.environments)
    assert.ok(
      syncWaveOf(model, "Application", `backup-${env.name}`) > syncWaveOf(model, "Application", `operator-${env.name}`),
    );
});

test("the example's declared pods are admitted in every cluster, the mirror's image", async () => {
  const { model } = await generateExample();
  const { verdicts } = preflight(model);
  const mine = verdicts.filter((v) => formatPath(v.origin) === "components.custom.cloudnative-pg");
  assert.equal(
    mine.map((v) => [v.environment, v.pod, v.denied]),
    model.environments.map((e) => [e.name, "Deployment cnpg-system/cloudnative-pg of cloudnative-pg 0.29.0", []]),
  );
  const [admitted] = customComponentPods(model.customComponents[0]!);
  assert.is((admitted!.pod.spec as Obj).containers[0].image, "ghcr.io/acme/mirror/cloudnative-pg:1.30.0");
});

test("a pod hardened through its keys gets restricted values; the config's values win", () => {
  const hardenable = pod({
    podSecurityContext: null,
    valuesKeys: { podSecurityContext: "podSecurityContext" },
    containers: [
      {
        name: "backup",
        image: "ghcr.io/m/backup:1.0.0",
        securityContextKey: "securityContext",
        probes: ["liveness", "readiness"],
      },
    ],
  });
  const model = resolveFrom(withCustom({ backup: backup({ pods: [hardenable], values: { replicas: 2 } }) }));
  const [admitted] = customComponentPods(model.customComponents[0]!);
  const spec = admitted!.pod.spec as Obj;
  assert.is(spec.securityContext.runAsNonRoot, true);
  assert.equal(spec.containers[0].securityContext.capabilities, { drop: ["ALL"] });
  const { problems } = preflight(model);
  assert.equal(
    problems.filter((p) => p.path[2] === "backup" && p.severity !== "warning"),
    [],
  );
});

test("a pod on the host network is denied at its hostNetwork field", () => {
  const model = resolveFrom(withCustom({ backup: backup({ pods: [pod({ hostNetwork: true })] }) }));
  const { problems } = preflight(model);
  const denial = problems.find((p) => p.path[2] === "backup" && p.severity !== "warning");
  assert.ok(denial, "denied");
  assert.is(formatPath(denial!.path), "components.custom.backup.pods[0].hostNetwork");
  assert.match(denial!.message, /would deny Deployment backup\/backup of backup 1\.2\.3 in dev/);
});

test("a placement on the hub runs it in the management cluster only", () => {
  const model = resolveFrom(withCustom({ backup: backup({ placement: "hub" }) }));
  assert.equal(
    model.customComponents[0]!.environments.map((e) => e.name),
    ["prod"],
  );
});

test("its namespace gets default-deny, its own pods, Prometheus and its webhook ports, synced with it", async () => {
  const { model, tree } = await generateExample();
  const path = "out/platform/clusters/dev/namespaces/cnpg-system/network.yaml";
  const policies = tree
    .get(path)!
    .content.split("\n---\n")
    .map((doc) => parse(doc) as Obj);
  assert.equal(
    policies.map((p) => p.metadata.name),
    [
      "default-deny-ingress",
      "allow-the-component-s-own-pods-controllers-caches-databases-ci",
      "allow-prometheus-scrapes-the-component-s-metrics",
      "allow-the-api-server-calls-cloudnative-pg-s-admission-webhooks",
    ],
  );
  assert.equal(policies[3]!.spec.ingress, [{ ports: [{ protocol: "TCP", port: 9443 }] }]);
  const app = parse(tree.get("out/platform/apps/components/dev/cloudnative-pg.yaml")!.content) as Obj;
  assert.is(app.spec.sources[2].path, "out/platform/clusters/dev/namespaces/cnpg-system");
  const node = bootstrapGraph(model).nodes.get(ids.group("dev", "network/cnpg-system"))!;
  assert.is(node.argo!.name, "cloudnative-pg-dev", "the NetworkPolicies travel with its Application");
});

test("a hub component's secrets: an ExternalSecret each through the platform store, read before it syncs", () => {
  const secrets = [{ name: "backup-s3", vaultPath: "backup/s3", keys: ["accessKey", "secretKey"] }];
  const model = resolveFrom(withCustom({ backup: backup({ placement: "hub", secrets }) }));
  const files = GENERATORS.flatMap((generate) => generate(model));
  const file = files.find((f) => f.path === "out/platform/clusters/prod/namespaces/backup/custom-secrets.yaml");
  assert.ok(file && file.type === "objects", "the ExternalSecrets' file, in its namespace's folder");
  const [external] = (file as unknown as { objects: { toJSON(): unknown }[] }).objects.map((o) => o.toJSON() as Obj);
  assert.equal(external!.metadata.namespace, "backup");
  assert.equal(external!.spec.secretStoreRef, { kind: "ClusterSecretStore", name: "vault-platform" });
  assert.equal(
    external!.spec.data.map((d: Obj) => [d.secretKey, d.remoteRef.key, d.remoteRef.property]),
    [
      ["accessKey", "prod/platform/backup/s3", "accessKey"],
      ["secretKey", "prod/platform/backup/s3", "secretKey"],
    ],
  );
  const store = files.find((f) => f.path.endsWith("prod/secret-store.yaml"))!;
  assert.match(
    JSON.stringify((store as unknown as { objects: { toJSON(): unknown }[] }).objects.map((o) => o.toJSON())),
    /"backup"/,
  );
  const graph = bootstrapGraph(model);
  assert.ok(
    graph.needs.some(
      (n) => n.from === ids.custom("prod", "backup") && n.to === ids.group("prod", "custom-secrets/backup"),
    ),
    "it syncs after its secrets",
  );
});

test("a per-cluster component's secrets on a spoke: its own SecretStore and role, after Vault's configuration and seeding", () => {
  const secrets = [{ name: "backup-s3", vaultPath: "backup/s3", keys: ["accessKey"] }];
  const model = resolveFrom(withCustom({ backup: backup({ secrets }) }));
  const files = GENERATORS.flatMap((generate) => generate(model));
  const file = files.find((f) => f.path === "out/platform/clusters/dev/namespaces/backup/custom-secrets.yaml");
  assert.ok(file && file.type === "objects", "the spoke's file, in its namespace's folder");
  const objects = (file as unknown as { objects: { toJSON(): unknown }[] }).objects.map((o) => o.toJSON() as Obj);
  assert.equal(
    objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`),
    ["ServiceAccount backup/vault-secrets", "SecretStore backup/vault", "ExternalSecret backup/backup-s3"],
  );
  assert.equal(objects[1]!.spec.provider.vault.auth.kubernetes, {
    mountPath: "kubernetes-dev",
    role: "component-backup-dev",
    serviceAccountRef: { name: "vault-secrets" },
  });
  assert.equal(objects[2]!.spec.secretStoreRef, { kind: "SecretStore", name: "vault" });
  assert.is(objects[2]!.spec.data[0].remoteRef.key, "dev/platform/backup/s3");
  const main = files.find((f) => f.path === "out/infra/vault/main.tf");
  assert.match(main && "content" in main ? String(main.content) : JSON.stringify(main), /component-backup-dev/);
  // The management cluster's platform store still serves it there, and only there.
  const store = files.find((f) => f.path.endsWith("prod/secret-store.yaml"))!;
  assert.match(
    JSON.stringify((store as unknown as { objects: { toJSON(): unknown }[] }).objects.map((o) => o.toJSON())),
    /"backup"/,
  );
  const needs = bootstrapGraph(model).needs.filter((n) => n.from === ids.group("dev", "custom-secrets/backup"));
  for (const to of [ids.vaultTerraform, ids.seed("dev"), ids.group("dev", "vault-auth")])
    assert.ok(
      needs.some((n) => n.to === to),
      `dev's custom-secrets/backup needs ${to}`,
    );
});

test("a dependency on a built-in component that is off there is a problem at the dependency", () => {
  const model = resolveFrom(withCustom({ backup: backup({ dependsOn: ["certManager", "jenkins"] }) }));
  const result = bootstrapGraphOf(model);
  assert.is(result.ok, false);
  const problems = result.ok ? [] : result.problems;
  assert.equal(
    problems.map((p) => formatPath(p.path)),
    ["components.custom.backup.dependsOn[1]"],
  );
  assert.match(problems[0]!.message, /depends on Jenkins.*, which does not run in dev/);
});

test("a hub component's secrets are on the secrets page, with their Vault path", () => {
  const secrets = [{ name: "backup-s3", vaultPath: "backup/s3", keys: ["accessKey"] }];
  const model = resolveFrom(withCustom({ backup: backup({ placement: "hub", secrets }) }));
  const page = buildSecretsPage(
    model,
    GENERATORS.flatMap((generate) => generate(model)),
  );
  assert.match(page.type === "text" ? page.content : "", /prod\/platform\/backup\/s3/);
});

test("two custom components in one namespace: an error at the second's namespace, not a crash", () => {
  const secrets = [{ name: "s3", vaultPath: "backup/s3", keys: ["key"] }];
  const config = withCustom({ backup: backup({ secrets }), restore: backup({ secrets }) });
  const problems = validateConfig(config, {}).problems.filter((p) => p.severity !== "warning");
  assert.equal(
    problems.map((p) => [formatPath(p.path), p.message]),
    [["components.custom.restore.namespace", 'namespace "backup" is custom component backup\'s namespace']],
  );
});

// Mistakes in the example, each at its line.
const CNPG = 'dependsOn: ["certManager", "kubePrometheusStack"],';
const BAD = [
  {
    name: "an unknown dependency",
    edit: [CNPG, 'dependsOn: ["certManager", "postgres"],'],
    path: "components.custom.cloudnative-pg.dependsOn[1]",
    message: /"postgres" is neither a built-in component nor another custom component/,
    needle: '"postgres"',
  },
  {
    name: "a name that is a built-in component's",
    edit: ['"cloudnative-pg": {', '"cert-manager": {'],
    path: "components.custom.cert-manager",
    message: /"cert-manager" is the built-in component certManager/,
    needle: '"cert-manager"',
  },
  {
    name: "a namespace a built-in component has",
    edit: ['namespace: "cnpg-system",', 'namespace: "monitoring",'],
    path: "components.custom.cloudnative-pg.namespace",
    message: /namespace "monitoring" is the namespace of the [a-z-]+ component/,
    needle: '"monitoring"',
  },
  {
    name: "no declared pods",
    edit: [
      '        pods: [\n          {\n            name: "cloudnative-pg",',
      '        podz: [\n          {\n            name: "cloudnative-pg",',
    ],
    path: "components.custom.cloudnative-pg",
    message: /pods|podz/,
    needle: "{",
    after: '"cloudnative-pg": ',
  },
  {
    name: "a name a service's Applications have",
    edit: ['"cloudnative-pg": {', '"metabase": {'],
    path: "components.custom.metabase",
    message: /"metabase" would name service metabase's Applications metabase-<environment>/,
    needle: '"metabase": {',
  },
  {
    name: "secrets on a component in a cluster without External Secrets",
    edit: [
      `devlake: { enabled: true },\n`,
      `devlake: { enabled: true },\n    externalSecrets: { environments: { dev: { enabled: false } } },\n`,
    ],
    then: [CNPG, `${CNPG}\n        secrets: [{ name: "backup", vaultPath: "cnpg/backup", keys: ["key"] }],`],
    path: "components.custom.cloudnative-pg.secrets",
    message: /its secrets come from Vault through External Secrets, which dev cannot reach/,
    needle: '[{ name: "backup"',
  },
] as const;

for (const c of BAD)
  test(`${c.name} is a located error`, () => {
    const edited = editExample(c.edit[0], c.edit[1]);
    const config = "then" in c ? editExample(c.then[0], c.then[1], edited) : edited;
    return assertLocatedError(config, { ...c, after: "after" in c ? c.after : "" }, c.message);
  });

test("a hostNetwork pod in the example fails generate at its config line", async () => {
  const config = editExample(
    '            name: "cloudnative-pg",\n',
    '            name: "cloudnative-pg",\n            hostNetwork: true,\n',
  );
  const run = await cli(["generate", "-C", writeCase(config)]);
  assert.is(run.code, 1, run.stderr);
  const { line, column } = positionOf(config, "true", "hostNetwork: ");
  assert.match(
    run.stderr,
    new RegExp(
      `fawkes\\.config\\.ts:${line}:${column} components\\.custom\\.cloudnative-pg\\.pods\\[0\\]\\.hostNetwork: .*would deny Deployment cnpg-system/cloudnative-pg`,
    ),
  );
});

test.run();
