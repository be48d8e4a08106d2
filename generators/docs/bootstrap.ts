// docs/bootstrap.md: day 0, step by step, from the bootstrap graph (core/runtime/bootstrap-graph.ts) of this
// config: the steps done by hand with their commands, and between them the waves ArgoCD syncs, each
// Application with what it installs and what it needs.
import { bootstrapGraph, type BootstrapGraph } from "../../core/runtime/bootstrap-graph.ts";
import { unitOf, type BootstrapNode } from "../../core/runtime/bootstrap-model.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";

interface Row {
  readonly wave: number;
  readonly cluster: string;
  readonly object: string;
  readonly what: string;
  readonly needs: readonly string[];
  /** Steps by hand this object is not healthy without: ArgoCD waits at its wave for them. */
  readonly waits: readonly string[];
}

interface Step {
  readonly number: number;
  readonly title: string;
  readonly manual: boolean;
  readonly environment?: string;
  readonly commands: readonly string[];
  readonly notes: readonly string[];
  readonly needs: readonly string[];
  readonly rows: readonly Row[];
  readonly waves?: string;
  readonly byWave?: readonly { readonly wave: number; readonly rows: readonly Row[] }[];
}

const signed = (wave: number) => (wave > 0 ? `+${wave}` : String(wave).replace("-", "−"));

/** What an ArgoCD object syncs: its own node, and the groups it carries with their waves inside it. */
function describe(graph: BootstrapGraph, members: readonly string[]): string {
  const nodes = members.map((id) => graph.nodes.get(id)!);
  const carrier = nodes.find((n) => n.installer !== undefined);
  // Cluster configuration that no component carries shares an Application: every group of it is its content.
  if (!carrier) return nodes.map((n) => n.title).join("; ");
  const main = carrier;
  const carried = nodes
    .filter((n) => n !== main && n.group?.carrier)
    .map((n) => ({ node: n, wave: graph.innerWaves.get(n.id) ?? 0 }))
    .filter(({ wave, node }) => wave !== 0 || !node.group!.key.startsWith("network/"));
  const carriedText = carried
    .sort((a, b) => a.wave - b.wave || (a.node.title < b.node.title ? -1 : 1))
    .map(({ node, wave }) => `${node.title}${wave === 0 ? "" : ` (wave ${signed(wave)} inside)`}`);
  return carriedText.length === 0 ? main.title : `${main.title}; with ${carriedText.join("; ")}`;
}

/** The day-0 steps: each step by hand on its own, the waves ArgoCD syncs between them together. */
export function bootstrapSteps(model: ResolvedConfig): Step[] {
  const graph = bootstrapGraph(model);
  const first = (unit: string): BootstrapNode => graph.nodes.get(graph.units.get(unit)![0]!)!;
  const isManual = (unit: string) => first(unit).kind === "manual";
  // 1. Number the steps: a run of ArgoCD objects between two steps by hand is one step.
  const stepOf = new Map<string, number>();
  let number = 0;
  let previousManual = true;
  for (const unit of graph.order) {
    if (isManual(unit) || previousManual) number++;
    previousManual = isManual(unit);
    stepOf.set(unit, number);
  }
  const label = (unit: string) => {
    const node = first(unit);
    return node.kind === "manual" ? `step ${stepOf.get(unit)} (${node.title})` : `\`${node.argo!.name}\``;
  };
  // Every Application needs its AppProject (wave 0): said once on the page, not on every line.
  const position = new Map(graph.order.map((u, i) => [u, i]));
  // The needs by the unit they start from, and those that hold a unit back by the unit they end in, in the
  // graph's order: scanning every need for every unit grew with the product of the two.
  const unitOfNode = (id: string) => unitOf(graph.nodes.get(id)!);
  const needsFrom = Map.groupBy(graph.needs, (need) => unitOfNode(need.from));
  const heldAt = Map.groupBy(
    graph.needs.filter((need) => need.holds),
    (need) => unitOfNode(need.to),
  );
  const needsOf = (unit: string): string[] => {
    const seen = new Map<string, string>();
    for (const need of needsFrom.get(unit) ?? []) {
      if (unitOfNode(need.to) === unit) continue;
      const target = graph.nodes.get(need.to)!;
      if (target.argo?.kind === "AppProject" && first(unit).kind === "sync") continue;
      const key = target.argo ? `${target.argo.kind}/${target.argo.name}` : target.id;
      if (!seen.has(key)) seen.set(key, `${label(key)}: ${need.reason}`);
    }
    return [...seen].sort(([a], [b]) => position.get(a)! - position.get(b)!).map(([, text]) => text);
  };
  // 2. Render each step.
  const steps: Step[] = [];
  for (const unit of graph.order) {
    const node = first(unit);
    const n = stepOf.get(unit)!;
    if (node.kind === "manual") {
      steps.push({
        number: n,
        title: node.title,
        manual: true,
        ...(node.environment ? { environment: node.environment } : {}),
        commands: node.commands ?? [],
        notes: node.notes ?? [],
        needs: needsOf(unit),
        rows: [],
      });
      continue;
    }
    let step = steps.at(-1);
    if (!step || step.number !== n) {
      step = { number: n, title: "ArgoCD syncs", manual: false, commands: [], notes: [], needs: [], rows: [] };
      steps.push(step);
    }
    const waiting = (heldAt.get(unit) ?? []).map((need) => label(need.from));
    (step.rows as Row[]).push({
      wave: graph.waves.get(unit)!,
      cluster: node.environment ?? "",
      object: `\`${node.argo!.name}\`${node.argo!.kind === "Application" ? "" : ` (${node.argo!.kind})`}`,
      what: describe(graph, graph.units.get(unit)!),
      waits: waiting,
      needs: needsOf(unit),
    });
  }
  return steps.map((s) => {
    if (s.manual) return s;
    const waves = [...new Set(s.rows.map((r) => r.wave))];
    return {
      ...s,
      waves: waves.length === 1 ? `wave ${waves[0]}` : `waves ${waves[0]}–${waves.at(-1)}`,
      byWave: waves.map((wave) => ({ wave, rows: s.rows.filter((r) => r.wave === wave) })),
    };
  });
}

export const BOOTSTRAP_PAGE = `# Bootstrap: day 0

From empty cloud accounts to synced clusters, in the order of the platform's dependency graph, computed for
this config (\`core/runtime/bootstrap-graph.ts\`): every step needs only steps above it, and says what it
needs and why. ArgoCD runs in **{{ hub }}** and manages {{ manages }}. {{ manual }} steps are done by hand;
ArgoCD does the rest in sync waves {{ firstWave }}–{{ lastWave }} of its root Application, each wave once the
previous one is healthy (every Application also needs its AppProject, synced first). The same waves are on the
objects in \`out/platform/apps/\`, and this page changes with them when the config does.

{% for s in steps %}
{% if s.manual %}
## {{ s.number }}. {{ s.title }}

{% if s.needs.length %}
Needs: {% for n in s.needs %}{{ n }}{{ "; " if not loop.last }}{% endfor %}.
{% else %}
Needs nothing.
{% endif %}

{% if s.commands.length %}
\`\`\`sh
{% for c in s.commands %}
{{ c }}
{% endfor %}
\`\`\`
{% endif %}

{% for note in s.notes %}
- {{ note }}
{% endfor %}
{% else %}
## {{ s.number }}. ArgoCD syncs {{ s.waves }}

{% for w in s.byWave %}
### Wave {{ w.wave }}

{% for r in w.rows %}
- {{ r.object }}{% if r.cluster %} in {{ r.cluster }}{% endif %}: {{ r.what | text }}.{% if r.needs.length %} Needs {% for n in r.needs %}{{ n }}{{ "; " if not loop.last }}{% endfor %}.{% endif %}{% if r.waits.length %} **ArgoCD waits here for {{ r.waits | join(" and ") }}.**{% endif %}

{% endfor %}

{% endfor %}
{% endif %}

{% endfor %}
`;

export function bootstrapContext(model: ResolvedConfig): object {
  const graph = bootstrapGraph(model);
  const waves = [...graph.waves.values()];
  const steps = bootstrapSteps(model);
  const spokes = model.environments.filter((e) => !e.isManagement).map((e) => e.name);
  return {
    hub: graph.hub,
    manages: spokes.length === 0 ? "that cluster only" : `it and ${spokes.join(", ")}`,
    manual: steps.filter((s) => s.manual).length,
    firstWave: Math.min(...waves),
    lastWave: Math.max(...waves),
    steps,
  };
}
