// The order ArgoCD syncs in, checked on the emitted files (parsed YAML, never the bootstrap graph's code), for
// the example, the golden cases and configs that switch the components that move the order around. An object
// syncs after:
// - the Application that installs its CRD in its cluster (an earlier wave, or its own chart and a later wave
//   inside: Certificate, ClusterIssuer, ExternalSecret, ClusterSecretStore, ValidatingPolicy, PolicyException,
//   ServiceMonitor, PrometheusRule, Instrumentation, Gateway, HTTPRoute, PeerAuthentication, CheCluster, …);
// - and everything it needs: its Application's AppProject, the secret that registers its cluster with ArgoCD,
//   its namespace, the store its ExternalSecret or PushSecret reads, its route's Gateway, the ClusterIssuer it
//   names, the exceptions of a policy, the Secrets its pods (or, through the values, its chart) read from an
//   ExternalSecret, the StorageClass the values name.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateTree } from "../core/generate-tree.ts";
import type { FileTree } from "../core/file-tree.ts";
import { formatPath } from "../core/problems.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { COMPONENT_KEYS } from "../schema/component-catalog.ts";
import { resolveFrom, SMALL, withDns, ZONE_ID, AZURE_CLOUD } from "./helpers/model.ts";
import { generateExample, generateIn, MARKDOWN } from "./helpers/pipeline.ts";
import { REPO } from "./helpers/repo.ts";
import { crdViolations, dependencyViolations, syncModel } from "./helpers/sync-order.ts";

const test = suite("sync order");

const texts = (tree: FileTree) => new Map([...tree.values()].map((f) => [f.path, f.content]));

async function treeOf(config: FawkesConfigInput): Promise<Map<string, string>> {
  const generated = await generateTree(resolveFrom(config, config.services?.api ? RELEASES : {}), MARKDOWN);
  if (!generated.ok) throw new Error(generated.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("\n"));
  return texts(generated.tree);
}

const SERVICES: FawkesConfigInput["services"] = {
  api: {
    team: "web",
    description: "An exposed API with secrets and metrics.",
    expose: true,
    secrets: { DB: { path: "web/api/db", key: "url" } },
    metrics: { path: "/metrics", port: 9090 },
    slo: { availability: 99.9 },
    build: { type: "node", repo: "https://github.com/m/api" },
  },
  worker: {
    team: "web",
    type: "worker",
    description: "A worker with the Vault Agent.",
    secretDelivery: "vault-agent",
    secrets: { TOKEN: { path: "web/worker/token", key: "token" } },
    probes: { liveness: { command: ["/bin/ok"] } },
    build: { type: "python", repo: "https://github.com/m/worker" },
  },
};
const RELEASES = { api: { dev: "1.0.0", prod: "1.0.0" }, worker: { dev: "1.0.0", prod: "1.0.0" } };

/** Configs that move the order: no mesh, ingress-nginx, every component (Che), DNS-01, Azure only, one cluster. */
const VARIANTS: Record<string, FawkesConfigInput> = {
  "two AWS clusters with services": { ...SMALL, services: SERVICES },
  "no mesh": { ...SMALL, services: SERVICES, components: { ...SMALL.components, mesh: "none" } },
  "every component, ingress-nginx in dev": {
    ...withDns(SMALL, { aws: { hostedZoneId: ZONE_ID } }),
    services: SERVICES,
    components: {
      ...Object.fromEntries(COMPONENT_KEYS.map((k) => [k, { enabled: true }])),
      gateway: { enabled: true, environments: { dev: { enabled: false } } },
      ingressNginx: { enabled: false, environments: { dev: { enabled: true } } },
      certManager: { acmeEmail: "ops@m.example", challenge: "dns01" },
    },
  },
  "Azure, one cluster": {
    ...SMALL,
    clouds: {
      az: { ...AZURE_CLOUD },
    },
    environments: {
      prod: { cloud: "az", kubernetesVersion: "1.34", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
    },
  },
};

async function trees(): Promise<[string, Map<string, string>][]> {
  const out: [string, Map<string, string>][] = [["the example", texts((await generateExample()).tree)]];
  for (const name of ["minimal", "shapes"])
    out.push([`golden ${name}`, texts((await generateIn(`${REPO}/test/golden/${name}`)).tree)]);
  for (const [name, config] of Object.entries(VARIANTS)) out.push([name, await treeOf(config)]);
  return out;
}

let all: Promise<[string, Map<string, string>][]> | undefined;
const cases = () => (all ??= trees());

test("every object of a CRD syncs after the Application that installs the CRD in its cluster", async () => {
  for (const [name, tree] of await cases()) {
    const model = syncModel(tree);
    assert.ok(
      model.objects.some((o) => o.object.kind === "ClusterIssuer"),
      `${name}: reads what it checks`,
    );
    assert.equal(crdViolations(model), [], name);
  }
});

test("every object syncs after what it needs: project, cluster, namespace, store, Gateway, issuer, Secrets, storage", async () => {
  for (const [name, tree] of await cases()) assert.equal(dependencyViolations(syncModel(tree)), [], name);
});

test("the checks fail on a tree synced out of order", async () => {
  const tree = texts((await generateExample()).tree);
  const edit = (path: string, from: RegExp, to: string) => {
    const before = tree.get(path)!;
    assert.ok(from.test(before), `${path} has ${from}`);
    tree.set(path, before.replace(from, to));
  };
  // Team namespaces (SecretStores, AuthorizationPolicies) in the first wave, before External Secrets and Istio.
  edit("out/platform/apps/namespaces/prod.yaml", /sync-wave: "\d+"/, 'sync-wave: "0"');
  // The Instrumentation with the operator's chart, not after it.
  edit(
    "out/platform/clusters/prod/namespaces/opentelemetry-operator-system/observability.yaml",
    /\n {4}argocd\.argoproj\.io\/sync-wave: "1"/g,
    "",
  );
  // The StorageClass and the ClusterIssuer after Vault and the Gateways that need them.
  edit("out/platform/apps/cluster-config/prod.yaml", /sync-wave: "\d+"/, 'sync-wave: "9"');
  const model = syncModel(tree);
  const crds = crdViolations(model).join("\n");
  assert.match(crds, /SecretStore payments\/vault .*syncs before Application\/external-secrets-prod/);
  assert.match(
    crds,
    /Instrumentation opentelemetry-operator-system\/default .*Application\/opentelemetry-operator-prod/,
  );
  const deps = dependencyViolations(model).join("\n");
  assert.match(deps, /Gateway nginx-gateway\/platform .*syncs before ClusterIssuer letsencrypt/);
  assert.match(deps, /chart vault .*syncs before StorageClass gp3/);
  // An Application before its project; a spoke's before its cluster is registered.
  edit("out/platform/apps/components/dev/kyverno.yaml", /sync-wave: "\d+"/, 'sync-wave: "0"');
  const early = dependencyViolations(syncModel(tree)).join("\n");
  assert.match(early, /Application\/kyverno-dev: syncs before its AppProject platform/);
  assert.match(early, /Application\/kyverno-dev: syncs before the secret that registers cluster dev/);
  // A workload before the ExternalSecret that makes its Secret.
  edit("out/platform/services/prod/checkout-api/manifests.yaml", /\n {4}argocd\.argoproj\.io\/sync-wave: "-1"/, "");
  assert.match(
    dependencyViolations(syncModel(tree)).join("\n"),
    /Deployment payments\/checkout-api .*syncs before Secret checkout-api-secrets/,
  );
});

test.run();
