// The bootstrap graph: every step of day 0, from an empty cloud account to synced clusters, and what each
// needs, with the reason. Steps done by hand (Terraform, installing ArgoCD, Vault's init, seeding, registering
// clusters, DNS) and what ArgoCD syncs (projects, components, cluster configuration, namespaces, services) are
// nodes of one graph; ArgoCD's sync waves, the order of objects inside an Application and the bootstrap page
// (docs/bootstrap.md) are all computed from it, nowhere else.
//
// Waves: ArgoCD's root Application syncs wave after wave, each once the previous one is healthy. An ArgoCD object
// is one wave after the latest it needs; a step by hand sits between waves: after what it needs is healthy, or,
// when it needs objects only to exist (Vault's pods, sealed), in their wave, which waits for it.
import { clusterConfigAppName } from "../names.ts";
import { oncePerModel } from "../provenance.ts";
import type { Problem } from "../problems.ts";
import type { ResolvedConfig } from "../resolved.ts";
import { GraphBuilder, ids, unitOf, type ArgoKind, type BootstrapNeed, type BootstrapNode } from "./bootstrap-model.ts";
import { addEnvironmentSteps, addManualNeeds, addManualNodes } from "./bootstrap-steps.ts";
import { addSyncNeeds, addSyncNodes } from "./bootstrap-sync.ts";
import { configGroups, type ConfigGroup } from "./config-groups.ts";
import { findCycle, topologicalOrder } from "./dag.ts";

export interface BootstrapGraph {
  readonly hub: string;
  readonly nodes: ReadonlyMap<string, BootstrapNode>;
  readonly needs: readonly BootstrapNeed[];
  /** The nodes of each unit: a step by hand (its id), or an ArgoCD object (`Application/cert-manager-prod`). */
  readonly units: ReadonlyMap<string, readonly string[]>;
  /** Sync wave of each ArgoCD object the root Application syncs, by unit. */
  readonly waves: ReadonlyMap<string, number>;
  /** Where each unit falls: 2w for wave w, 2w+1 for a step done while wave w waits for it, 2w+2 after it. */
  readonly positions: ReadonlyMap<string, number>;
  /** Sync wave of each node inside its ArgoCD object (its chart is at 0). */
  readonly innerWaves: ReadonlyMap<string, number>;
  /** Every unit, in day-0 order. */
  readonly order: readonly string[];
}

export type BuiltGraph =
  { readonly ok: true; readonly graph: BootstrapGraph } | { readonly ok: false; readonly problems: readonly Problem[] };

/** `a needs b (reason) → b needs c (reason) → …` */
export function formatCycle(cycle: readonly BootstrapNeed[], title: (id: string) => string): string {
  return cycle.map((n) => `${title(n.from)} needs ${title(n.to)} (${n.reason})`).join(" → ");
}

function cycleProblem(cycle: readonly BootstrapNeed[], title: (id: string) => string): Problem {
  return {
    code: "bootstrap-cycle",
    path: ["components"],
    message: `the bootstrap order has a cycle: ${formatCycle(cycle, title)}`,
    hint: "a Fawkes bug unless the config combines components in a way that cannot be ordered: report it",
  };
}

/** One edge between units for every need that crosses ArgoCD objects (the first reason wins). */
function unitNeeds(nodes: ReadonlyMap<string, BootstrapNode>, needs: readonly BootstrapNeed[]): BootstrapNeed[] {
  const seen = new Map<string, BootstrapNeed>();
  for (const need of needs) {
    const [from, to] = [unitOf(nodes.get(need.from)!), unitOf(nodes.get(need.to)!)];
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    const earlier = seen.get(key);
    // A unit needs another to be healthy unless every need of it only needs objects to exist.
    if (!earlier || (earlier.applied && !need.applied)) seen.set(key, { ...need, from, to });
  }
  return [...seen.values()];
}

/** Waves and positions of every unit (the unit graph must be acyclic). */
function place(units: ReadonlyMap<string, readonly string[]>, sync: (unit: string) => boolean, edges: BootstrapNeed[]) {
  const out = new Map<string, BootstrapNeed[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const positions = new Map<string, number>();
  const position = (unit: string): number => {
    const known = positions.get(unit);
    if (known !== undefined) return known;
    let at = 0;
    for (const edge of out.get(unit) ?? []) {
      const there = position(edge.to);
      if (sync(unit)) at = Math.max(at, sync(edge.to) ? there + 2 : there + (there % 2));
      else at = Math.max(at, sync(edge.to) ? there + (edge.applied ? 1 : 2) : there);
    }
    positions.set(unit, at);
    return at;
  };
  for (const unit of units.keys()) position(unit);
  const waves = new Map([...units.keys()].filter(sync).map((u) => [u, positions.get(u)! / 2]));
  return { positions, waves };
}

/** Waves inside each ArgoCD object: longest path over its own needs, its anchor (the chart) at 0, unrelated nodes at 0. */
function innerWaves(
  units: ReadonlyMap<string, readonly string[]>,
  needs: readonly BootstrapNeed[],
  isAnchor: (id: string) => boolean,
): Map<string, number> {
  const waves = new Map<string, number>();
  for (const members of units.values()) {
    if (members.length < 2) continue;
    const inside = new Set(members);
    const own = needs.filter((n) => inside.has(n.from) && inside.has(n.to));
    const level = new Map<string, number>();
    const levelOf = (id: string): number => {
      const known = level.get(id);
      if (known !== undefined) return known;
      const found = Math.max(0, ...own.filter((n) => n.from === id).map((n) => levelOf(n.to) + 1));
      level.set(id, found);
      return found;
    };
    const anchor = members.find(isAnchor);
    const base = anchor === undefined ? 0 : levelOf(anchor);
    for (const id of members) {
      const related = own.some((n) => n.from === id || n.to === id);
      waves.set(id, related ? levelOf(id) - base : 0);
    }
  }
  return waves;
}

export function buildBootstrapGraph(model: ResolvedConfig): BuiltGraph {
  // 1. Nodes: steps by hand, what ArgoCD syncs; then what each needs.
  const b = new GraphBuilder();
  const groups = new Map<string, readonly ConfigGroup[]>(
    model.environments.map((e) => [e.name, configGroups(model, e)]),
  );
  addManualNodes(b, model);
  addSyncNodes(b, model, groups);
  addEnvironmentSteps(b, model, groups);
  addManualNeeds(b, model);
  addSyncNeeds(b, model, groups);
  if (b.problems.length > 0) return { ok: false, problems: dedupe(b.problems) };
  // The management cluster first, then the others in promotion order; steps outside clusters before both.
  const rank = (environment: string | undefined) => {
    const env = model.environments.find((e) => e.name === environment);
    return env === undefined ? -1 : env.isManagement ? 0 : 1 + env.order;
  };
  const hub = model.environments.find((e) => e.isManagement)!.name;
  return orderGraph(hub, b.nodes, b.needs, rank);
}

/** Checks a graph for cycles and computes its waves and day-0 order (steps 2 and 3 of buildBootstrapGraph). */
export function orderGraph(
  hub: string,
  nodes: Map<string, BootstrapNode>,
  needs: readonly BootstrapNeed[],
  rank: (environment: string | undefined) => number,
): BuiltGraph {
  // 2. No cycle among the nodes; cluster-scoped groups share their cluster's Application where that makes
  //    none among the ArgoCD objects either.
  const title = (id: string) => {
    const node = nodes.get(id);
    return node ? `${node.title}${node.environment ? ` (${node.environment})` : ""}` : id;
  };
  const cycle = findCycle([...nodes.keys()], needs);
  if (cycle) return { ok: false, problems: [cycleProblem(cycle, title)] };
  shareClusterConfig(nodes, needs);
  const units = Map.groupBy(nodes.keys(), (id) => unitOf(nodes.get(id)!));
  const edges = unitNeeds(nodes, needs);
  const unitCycle = findCycle([...units.keys()], edges);
  if (unitCycle) {
    const named = unitCycle.map((e) => ({ ...e, from: units.get(e.from)![0]!, to: units.get(e.to)![0]! }));
    return { ok: false, problems: [cycleProblem(named, (id) => `${nodes.get(id)!.argo?.name ?? title(id)}`)] };
  }

  // 3. Waves, positions, the order inside each object, and the day-0 order.
  const first = (unit: string) => nodes.get(units.get(unit)![0]!)!;
  const sync = (unit: string) => first(unit).kind === "sync";
  const { positions, waves } = place(units, sync, edges);
  const order = topologicalOrder([...units.keys()], edges, (u) => [
    positions.get(u)!,
    sync(u) ? 1 : 0,
    rank(first(u).environment),
    u,
  ]);
  return {
    ok: true,
    graph: {
      hub,
      nodes,
      needs,
      units,
      waves,
      positions,
      innerWaves: innerWaves(units, needs, (id) => nodes.get(id)!.installer !== undefined),
      order,
    },
  };
}

/**
 * Cluster-scoped configuration of a cluster shares one Application, `cluster-config-<env>`, in the order of
 * config-groups.ts, unless a group needs something that needs the shared Application (the ClusterSecretStore
 * needs Vault, whose volumes need the StorageClass): that group keeps an Application of its own.
 */
function shareClusterConfig(nodes: Map<string, BootstrapNode>, needs: readonly BootstrapNeed[]): void {
  const alone = [...nodes.values()].filter((n) => n.group && n.group.carrier === undefined);
  for (const node of alone) {
    const shared = { ...node, argo: { kind: "Application" as const, name: clusterConfigAppName(node.environment!) } };
    nodes.set(node.id, shared);
    if (findCycle([...new Set([...nodes.values()].map(unitOf))], unitNeeds(nodes, needs))) nodes.set(node.id, node);
  }
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join(".")}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Inside a service's own Application (its rendered manifests): the ExternalSecret and the claimed objects before
 * the workload whose pods read the Secrets they make, so a rollout waits for its secrets instead of starting pods that cannot. The same
 * longest path as above, over the objects of any service; no config entry changes it.
 */
export const SERVICE_OBJECT_WAVES: ReadonlyMap<"workload" | "external-secret" | "claim", number> = innerWaves(
  new Map([["service", ["workload", "external-secret", "claim"]]]),
  [
    { from: "workload", to: "external-secret", reason: "its pods read the Secret the ExternalSecret makes" },
    { from: "workload", to: "claim", reason: "its pods read the Secret the claim's operator makes" },
  ],
  (id) => id === "workload",
) as ReadonlyMap<"workload" | "external-secret" | "claim", number>;

/** The graph of a model, built once; every caller's file depends on what building it read. */
export const bootstrapGraphOf: (model: ResolvedConfig) => BuiltGraph = oncePerModel(buildBootstrapGraph);

/** The graph of a valid model (generate checks bootstrapGraphOf first: a problem here is a bug). */
export function bootstrapGraph(model: ResolvedConfig): BootstrapGraph {
  const result = bootstrapGraphOf(model);
  if (!result.ok) throw new Error(`bootstrap graph: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.graph;
}

/** The sync wave of an ArgoCD object the root Application syncs. */
export function syncWaveOf(model: ResolvedConfig, kind: ArgoKind, name: string): number {
  const wave = bootstrapGraph(model).waves.get(`${kind}/${name}`);
  if (wave === undefined) throw new Error(`bootstrap graph: no ${kind} ${name}`);
  return wave;
}

/** The sync wave of a cluster configuration group inside the Application that carries it (0: with its chart). */
export function groupWaveOf(model: ResolvedConfig, environment: string, key: string): number {
  const wave = bootstrapGraph(model).innerWaves.get(ids.group(environment, key));
  if (wave === undefined && !bootstrapGraph(model).nodes.has(ids.group(environment, key)))
    throw new Error(`bootstrap graph: no cluster configuration group ${key} in ${environment}`);
  return wave ?? 0;
}

/** The Applications of an environment's cluster configuration that no component carries, with their files. */
export function clusterConfigApplications(
  model: ResolvedConfig,
  environment: string,
): { readonly name: string; readonly files: readonly string[] }[] {
  const byName = new Map<string, string[]>();
  for (const n of bootstrapGraph(model).nodes.values())
    if (n.environment === environment && n.group && n.group.carrier === undefined)
      byName.set(n.argo!.name, [...(byName.get(n.argo!.name) ?? []), n.group.file]);
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, files]) => ({ name, files: [...new Set(files)].sort() }));
}
