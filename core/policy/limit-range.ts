// The LimitRanges' container defaults, applied to a pod as the LimitRanger admission plugin does before any
// webhook or policy sees it: a container without a request or a limit gets the namespace's default.
import { mayHold, type OutputFile } from "../file-tree.ts";
import type { Pod } from "./evaluate.ts";
import { isCoreKind, objectData } from "../custom-object.ts";

export type LimitItem = { type?: string; default?: Record<string, string>; defaultRequest?: Record<string, string> };

/** The generated LimitRanges' container defaults of one cluster, by namespace. */
export function limitRangesIn(files: readonly OutputFile[]): Map<string, LimitItem[]> {
  const ranges = new Map<string, LimitItem[]>();
  for (const file of files) {
    if (!mayHold(file, "LimitRange")) continue;
    for (const object of file.objects) {
      if (!isCoreKind(object, "LimitRange")) continue;
      const range = objectData(object) as { metadata: { namespace: string }; spec: { limits: LimitItem[] } };
      const items = range.spec.limits.filter((l) => l.type === "Container");
      ranges.set(range.metadata.namespace, [...(ranges.get(range.metadata.namespace) ?? []), ...items]);
    }
  }
  return ranges;
}

/**
 * The LimitRanger admission plugin, which mutates before any webhook: a container without a request or a
 * limit for a resource gets the namespace's LimitRange default.
 */
export function withLimitDefaults(pod: Pod, items: readonly LimitItem[] | undefined): Pod {
  if (!items || items.length === 0) return pod;
  type Container = { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } };
  const apply = (c: Container): Container => {
    const limits = { ...c.resources?.limits };
    // The API server's defaulting, before admission: a resource with a limit and no request requests the limit.
    const requests = { ...limits, ...c.resources?.requests };
    for (const item of items) {
      for (const [k, v] of Object.entries(item.defaultRequest ?? {})) requests[k] ??= v;
      for (const [k, v] of Object.entries(item.default ?? {})) limits[k] ??= v;
    }
    return { ...c, resources: { ...c.resources, requests, limits } };
  };
  const spec = pod.spec as { containers: Container[]; initContainers?: Container[] };
  return {
    ...pod,
    spec: {
      ...pod.spec,
      containers: spec.containers.map(apply),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(apply) } : {}),
    },
  };
}
