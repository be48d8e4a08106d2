// Directed graphs of "needs": a cycle finder that returns the path it found, and a topological order that
// prefers, among the nodes ready at each step, the one with the smallest key. Generic: the bootstrap graph
// (bootstrap-graph.ts) is the only user, and its tests check both on small hand-made graphs.

/** An edge: `from` needs `to`. */
export interface Edge {
  readonly from: string;
  readonly to: string;
}

/**
 * A cycle of needs, as the nodes along it with the edge that leaves each (`[a→b, b→c, c→a]`), or undefined
 * when there is none. Nodes and edges are visited in the order given, so the same graph gives the same cycle.
 */
export function findCycle<E extends Edge>(nodes: readonly string[], edges: readonly E[]): E[] | undefined {
  const out = Map.groupBy(edges, (edge) => edge.from);
  const state = new Map<string, "open" | "done">();
  const path: E[] = [];
  const visit = (node: string): E[] | undefined => {
    state.set(node, "open");
    for (const edge of out.get(node) ?? []) {
      const seen = state.get(edge.to);
      if (seen === "done") continue;
      if (seen === "open") {
        // The cycle is the part of the path from where it entered `edge.to`, closed by this edge.
        const start = path.findIndex((e) => e.from === edge.to);
        return [...path.slice(start === -1 ? path.length : start), edge];
      }
      path.push(edge);
      const found = visit(edge.to);
      if (found) return found;
      path.pop();
    }
    state.set(node, "done");
    return undefined;
  };
  for (const node of nodes) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

/**
 * Every node after everything it needs (Kahn's algorithm); among the nodes whose needs are met, the one with the
 * smallest `key` comes first. The graph must be acyclic (findCycle first).
 */
export function topologicalOrder(
  nodes: readonly string[],
  edges: readonly Edge[],
  key: (node: string) => readonly (number | string)[],
): string[] {
  const waiting = new Map(nodes.map((n) => [n, 0]));
  const counted = edges.filter(({ from, to }) => waiting.has(from) && waiting.has(to));
  for (const { from } of counted) waiting.set(from, waiting.get(from)! + 1);
  /** The edges into each node: from the nodes that need it. */
  const needers = Map.groupBy(counted, (edge) => edge.to);
  const keys = new Map(nodes.map((n) => [n, key(n)]));
  const compare = (a: string, b: string): number => {
    const [ka, kb] = [keys.get(a)!, keys.get(b)!];
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      const [x, y] = [ka[i], kb[i]];
      if (x === y) continue;
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      return x < y ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  // Kept sorted, the smallest last: each node is put in its place as it becomes ready.
  const ready = nodes.filter((n) => waiting.get(n) === 0).sort((a, b) => compare(b, a));
  const insert = (node: string) => {
    let [low, high] = [0, ready.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(ready[middle]!, node) > 0) low = middle + 1;
      else high = middle;
    }
    ready.splice(low, 0, node);
  };
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.pop()!;
    order.push(next);
    for (const { from: needer } of needers.get(next) ?? []) {
      const left = waiting.get(needer)! - 1;
      waiting.set(needer, left);
      if (left === 0) insert(needer);
    }
  }
  return order;
}
