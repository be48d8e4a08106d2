// The bootstrap graph: a cycle is found and reported with its path; the graph of every config here is acyclic,
// its waves are the ones emitted, its cluster configuration groups are exactly the files emitted, and
// docs/bootstrap.md lists every step in an order the graph allows.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseAllDocuments } from "yaml";
import { generateTree } from "../core/generate-tree.ts";
import { OUTPUT_PATHS, clusterConfigDir, namespaceConfigDir } from "../core/names.ts";
import { formatPath } from "../core/problems.ts";
import type { ResolvedConfig } from "../core/resolved.ts";
import { buildBootstrapGraph, orderGraph, type BootstrapGraph } from "../core/runtime/bootstrap-graph.ts";
import type { BootstrapNeed, BootstrapNode } from "../core/runtime/bootstrap-model.ts";
import { findCycle, topologicalOrder } from "../core/runtime/dag.ts";
import { COMPONENT_KEYS } from "../schema/component-catalog.ts";
import type { FawkesConfigInput } from "../schema/config.ts";
import { resolveFrom, SMALL, withDns, ZONE_ID, AZURE_CLOUD } from "./helpers/model.ts";
import { generateExample, MARKDOWN } from "./helpers/pipeline.ts";

const test = suite("bootstrap graph");
type Obj = Record<string, any>;

test("findCycle returns the cycle's path, and nothing for a graph without one", () => {
  const edges = [
    { from: "a", to: "b" },
    { from: "b", to: "c" },
    { from: "c", to: "d" },
    { from: "d", to: "b" },
  ];
  assert.equal(findCycle(["a", "b", "c", "d"], edges), [
    { from: "b", to: "c" },
    { from: "c", to: "d" },
    { from: "d", to: "b" },
  ]);
  assert.is(findCycle(["a", "b", "c", "d"], edges.slice(0, 3)), undefined);
  assert.equal(findCycle(["a"], [{ from: "a", to: "a" }]), [{ from: "a", to: "a" }]);
});

test("topologicalOrder puts every node after what it needs, the smallest key first among the ready ones", () => {
  const edges = [
    { from: "b", to: "a" },
    { from: "c", to: "a" },
    { from: "d", to: "c" },
  ];
  assert.equal(
    topologicalOrder(["d", "c", "b", "a"], edges, (n) => [n === "c" ? 0 : 1]),
    ["a", "c", "b", "d"],
  );
});

test("topologicalOrder on random graphs: at each step, the smallest key among the nodes whose needs are met", () => {
  let seed = 5;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 200; round++) {
    const nodes = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) => `n${i}`);
    // Edges only from a later node to an earlier one: acyclic.
    const edges = nodes.flatMap((from, i) =>
      nodes.slice(0, i).flatMap((to) => (random() < 0.15 ? [{ from, to }] : [])),
    );
    const keys = new Map(nodes.map((n) => [n, [Math.floor(random() * 3), random() < 0.5 ? "x" : "y"]]));
    const key = (n: string) => keys.get(n)!;
    const order = topologicalOrder([...nodes].reverse(), edges, key);
    // The definition, step by step.
    const done = new Set<string>();
    for (const next of order) {
      const ready = nodes.filter((n) => !done.has(n) && edges.every((e) => e.from !== n || done.has(e.to)));
      const smallest = ready.sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        return ka[0] !== kb[0]
          ? Number(ka[0]) - Number(kb[0])
          : ka[1] !== kb[1]
            ? ka[1]! < kb[1]!
              ? -1
              : 1
            : a < b
              ? -1
              : 1;
      })[0];
      assert.is(next, smallest, `round ${round}`);
      done.add(next);
    }
    assert.is(order.length, nodes.length);
  }
});

const node = (id: string, app?: string): BootstrapNode => ({
  id,
  kind: app ? "sync" : "manual",
  title: id.toUpperCase(),
  ...(app ? { argo: { kind: "Application" as const, name: app } } : {}),
});
const order = (nodes: BootstrapNode[], needs: BootstrapNeed[]) =>
  orderGraph("prod", new Map(nodes.map((n) => [n.id, n])), needs, () => 0);

test("a cycle is a problem that names every step on it with its reason", () => {
  const result = order(
    [node("a", "app-a"), node("b", "app-b"), node("c")],
    [
      { from: "a", to: "b", reason: "a reads b's CRDs" },
      { from: "b", to: "c", reason: "b waits for c" },
      { from: "c", to: "a", reason: "c needs a's pods", applied: true },
    ],
  );
  assert.not.ok(result.ok);
  if (result.ok) return;
  assert.is(result.problems[0]!.code, "bootstrap-cycle");
  assert.is(
    result.problems[0]!.message,
    "the bootstrap order has a cycle: A needs B (a reads b's CRDs) → B needs C (b waits for c) → C needs A (c needs a's pods)",
  );
});

test("so is a cycle between Applications that none of their objects has on its own", () => {
  // x1 and x2 travel in one Application: y needs x2, x1 needs y.
  const result = order(
    [node("x1", "x"), node("x2", "x"), node("y", "y")],
    [
      { from: "x1", to: "y", reason: "x1 reads y" },
      { from: "y", to: "x2", reason: "y reads x2" },
    ],
  );
  assert.not.ok(result.ok);
  if (!result.ok) assert.match(result.problems[0]!.message, /x needs y \(x1 reads y\) → y needs x \(y reads x2\)/);
});

test("waves: one after what an object needs; a step by hand between waves, or inside the wave it holds", () => {
  const result = order(
    [node("crds", "crds"), node("vault", "vault"), node("init"), node("store", "store"), node("ns", "ns")],
    [
      { from: "vault", to: "crds", reason: "r" },
      { from: "init", to: "vault", reason: "r", applied: true, holds: true },
      { from: "store", to: "init", reason: "r" },
      { from: "ns", to: "crds", reason: "r" },
    ],
  );
  assert.ok(result.ok);
  if (!result.ok) return;
  const wave = (name: string) => result.graph.waves.get(`Application/${name}`);
  assert.equal([wave("crds"), wave("vault"), wave("ns"), wave("store")], [0, 1, 1, 2]);
  assert.is(result.graph.positions.get("init"), 3, "while wave 1 waits for it");
  assert.equal(result.graph.order, [
    "Application/crds",
    "Application/ns",
    "Application/vault",
    "init",
    "Application/store",
  ]);
});

/** Configs whose graphs must hold: the SMALL platform and variants that move the order. */
const CONFIGS: Record<string, FawkesConfigInput> = {
  small: SMALL,
  "no mesh": { ...SMALL, components: { ...SMALL.components, mesh: "none" } },
  "every component, ingress-nginx in dev, DNS-01": {
    ...withDns(SMALL, { aws: { hostedZoneId: ZONE_ID } }),
    components: {
      ...Object.fromEntries(COMPONENT_KEYS.map((k) => [k, { enabled: true }])),
      gateway: { enabled: true, environments: { dev: { enabled: false } } },
      ingressNginx: { enabled: false, environments: { dev: { enabled: true } } },
      certManager: { acmeEmail: "ops@m.example", challenge: "dns01" },
    },
  },
  "no Kyverno, no External Secrets": {
    ...SMALL,
    components: { ...SMALL.components, kyverno: { enabled: false }, externalSecrets: { enabled: false } },
  },
};

function graphOf(model: ResolvedConfig): BootstrapGraph {
  const built = buildBootstrapGraph(model);
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join("\n"));
  return built.graph;
}

/** Every need holds in the waves: a synced object after what it needs, a step by hand in its place. */
function assertOrdered(name: string, graph: BootstrapGraph): void {
  const unitOf = (id: string) => [...graph.units].find(([, members]) => members.includes(id))![0];
  for (const need of graph.needs) {
    const [from, to] = [unitOf(need.from), unitOf(need.to)];
    if (from === to) {
      assert.ok(
        graph.innerWaves.get(need.from)! > graph.innerWaves.get(need.to)!,
        `${name}: ${need.from} before ${need.to} inside ${from}`,
      );
      continue;
    }
    const [a, b] = [graph.positions.get(from)!, graph.positions.get(to)!];
    assert.ok(
      need.applied ? a > b : a >= b + (graph.waves.has(to) ? 2 : 0),
      `${name}: ${from} (${a}) needs ${to} (${b})`,
    );
    assert.ok(graph.order.indexOf(from) > graph.order.indexOf(to), `${name}: ${from} after ${to} on the page`);
  }
}

test("the graph of every config is acyclic and its waves keep every need", async () => {
  const example = await generateExample();
  assertOrdered("the example", graphOf(example.model));
  for (const [name, config] of Object.entries(CONFIGS)) assertOrdered(name, graphOf(resolveFrom(config)));
});

test("Backstage on the platform image waits for the step that publishes it; on the upstream image there is none", () => {
  const components = (image: "platform" | "upstream") => ({ ...SMALL.components, backstage: { enabled: true, image } });
  const platform = graphOf(resolveFrom({ ...SMALL, components: components("platform") }));
  const step = platform.nodes.get("backstage/image")!;
  assert.is(step.kind, "manual");
  assert.match((step.commands ?? []).join("\n"), /gh workflow run backstage-image\.yml --ref main/);
  const backstage = [...platform.nodes.values()].find((n) => n.installer === "backstage")!;
  const reaches = (from: string) => unitNeedsOf(platform, from).includes("backstage/image");
  assert.ok(reaches(backstage.id), "Backstage's Application needs the image");
  assert.ok(platform.positions.get("backstage/image")! < platform.positions.get(unitOfId(platform, backstage.id))!);
  const upstream = graphOf(resolveFrom({ ...SMALL, components: components("upstream") }));
  assert.not.ok(upstream.nodes.has("backstage/image"));
});

/** What a node needs directly. */
function unitNeedsOf(graph: BootstrapGraph, from: string): string[] {
  return graph.needs.filter((n) => n.from === from).map((n) => n.to);
}

function unitOfId(graph: BootstrapGraph, id: string): string {
  return [...graph.units].find(([, members]) => members.includes(id))![0];
}

test("the waves on out/platform/apps/ are the graph's, and each installed component has its Application", async () => {
  const { model, tree } = await generateExample();
  const graph = graphOf(model);
  const emitted = new Map<string, number>();
  for (const file of tree.values()) {
    if (!file.path.startsWith(`${OUTPUT_PATHS.apps}/`)) continue;
    for (const doc of parseAllDocuments(file.content)) {
      const o = doc.toJS() as Obj;
      const wave = o.metadata.annotations?.["argocd.argoproj.io/sync-wave"];
      if (!o.metadata.name.endsWith("-root")) emitted.set(`${o.kind}/${o.metadata.name}`, Number(wave));
    }
  }
  assert.equal(new Map([...emitted].sort()), new Map([...graph.waves].sort()));
  for (const component of model.components)
    for (const env of component.environments)
      assert.ok(emitted.has(`Application/${component.definition.slug}-${env.name}`), `${component.key} in ${env.name}`);
});

test("the graph's cluster configuration groups are exactly the files emitted under clusters/", async () => {
  const cases: [string, ResolvedConfig][] = [["the example", (await generateExample()).model]];
  for (const [name, config] of Object.entries(CONFIGS)) cases.push([name, resolveFrom(config)]);
  for (const [name, model] of cases) {
    const generated = await generateTree(model, MARKDOWN);
    assert.ok(generated.ok, name);
    if (!generated.ok) continue;
    const files = [...generated.tree.keys()].filter((p) => p.startsWith("out/platform/clusters/")).sort();
    const groups = [...graphOf(model).nodes.values()].flatMap((n) =>
      n.group
        ? [
            `${n.group.carrier ? namespaceConfigDir(n.environment!, n.group.carrier) : clusterConfigDir(n.environment!)}/${n.group.file}`,
          ]
        : [],
    );
    assert.equal([...new Set(groups)].sort(), files, name);
  }
});

test("a kind whose CRDs nothing installs in its cluster fails generation, at the component to enable", async () => {
  const model = resolveFrom({ ...SMALL, components: { ...SMALL.components, istioBase: { enabled: false } } });
  const generated = await generateTree(model, MARKDOWN);
  assert.not.ok(generated.ok);
  if (generated.ok) return;
  const messages = generated.problems.map((p) => `${formatPath(p.path)}: ${p.message} (${p.hint})`).join("\n");
  assert.ok(
    generated.problems.every((p) => p.code === "missing-dependency"),
    messages,
  );
  assert.match(
    messages,
    /components\.istioBase: Team namespaces .*: AuthorizationPolicy needs the security\.istio\.io CRDs, which nothing installs in dev \(enable Istio base \(CRDs\) in dev/,
  );
  assert.match(
    messages,
    /components\.istioBase: Istio control plane .*: needs the networking\.istio\.io, security\.istio\.io/,
  );
});

/** docs/bootstrap.md as the steps and the ArgoCD objects it lists, in page order. */
function pageUnits(page: string, graph: BootstrapGraph): string[] {
  const byTitle = new Map(
    [...graph.nodes.values()].filter((n) => n.kind === "manual").map((n) => [n.title, n.id] as const),
  );
  const units: string[] = [];
  let synced = false;
  for (const line of page.split("\n")) {
    const heading = /^## \d+\. (.+)$/.exec(line)?.[1];
    if (heading !== undefined) synced = heading.startsWith("ArgoCD syncs");
    if (heading !== undefined && !synced) {
      assert.ok(byTitle.has(heading), `a step of the graph: ${heading}`);
      units.push(byTitle.get(heading)!);
    }
    const item = /^- `([^`]+)`(?: \((ApplicationSet|AppProject)\))?/.exec(line);
    if (synced && item) units.push(`${item[2] ?? "Application"}/${item[1]}`);
  }
  return units;
}

test("docs/bootstrap.md: every step once, every enabled component in every cluster once, in the graph's order", async () => {
  const { model, tree } = await generateExample();
  const graph = graphOf(model);
  const page = tree.get(OUTPUT_PATHS.bootstrapPage)!.content;
  const units = pageUnits(page, graph);
  assert.equal([...units].sort(), [...graph.units.keys()].sort(), "each unit of the graph, once");
  for (const component of model.components)
    for (const env of component.environments)
      assert.is(
        units.filter((u) => u === `Application/${component.definition.slug}-${env.name}`).length,
        1,
        `${component.key} in ${env.name}`,
      );
  const at = new Map(units.map((u, i) => [u, i]));
  const unitOf = (id: string) => [...graph.units].find(([, members]) => members.includes(id))![0];
  for (const need of graph.needs) {
    const [from, to] = [unitOf(need.from), unitOf(need.to)];
    if (from !== to) assert.ok(at.get(to)! < at.get(from)!, `${from} is listed after ${to}, which it needs`);
  }
  // The commands of this config's clouds, and of the manual steps the graph has.
  assert.match(page, /aws eks update-kubeconfig --region us-east-1 --name acme-prod/);
  assert.match(page, /az aks get-credentials .* --resource-group rg-acme-dev --name acme-dev/);
  assert.match(page, /kubectl -n vault exec vault-0 -- vault operator init/);
  assert.match(page, /vault kv put kv\/prod\/platform\/clusters\/dev server=/);
  // prod, the management environment, is on AWS: Vault unseals with KMS, init stays by hand.
  assert.match(page, /\*\*ArgoCD waits here for step \d+ \(Initialise Vault\)\.\*\*/);
});

test("docs/bootstrap.md of one Azure cluster: no registration, Azure's commands, its own waves", async () => {
  const config: FawkesConfigInput = {
    ...SMALL,
    clouds: {
      az: { ...AZURE_CLOUD },
    },
    environments: {
      prod: { cloud: "az", kubernetesVersion: "1.34", nodePools: { default: { instanceType: "Standard_D4s_v5" } } },
    },
  };
  const model = resolveFrom(config);
  const generated = await generateTree(model, MARKDOWN);
  assert.ok(generated.ok);
  if (!generated.ok) return;
  const page = generated.tree.get(OUTPUT_PATHS.bootstrapPage)!.content;
  assert.not.match(page, /Register the/);
  assert.not.match(page, /aws /);
  assert.match(page, /az storage account create .* --name mstate/);
  assert.not.match(page, /StorageClass/, "AKS has its own");
  assert.equal([...pageUnits(page, graphOf(model))].sort(), [...graphOf(model).units.keys()].sort());
});

test.run();
