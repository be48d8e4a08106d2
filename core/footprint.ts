// What a team's namespace holds at its peak in one environment: every golden-path workload at its
// autoscaling maximum, plus the extra pods of a rolling update (maxSurge 25%), a CronJob's one run at a time.
// The quota of the namespace is checked against it and its memory-limit quota sized from it.
import { parseQuantity } from "./names.ts";
import type { ResolvedClaim, ResolvedEnvironment, ResolvedService, ResolvedTeam } from "./resolved.ts";
import { valueAt } from "./runtime/chart-service-pods.ts";

/** Extra pods while a Deployment rolls (its strategy's maxSurge). */
export const ROLLING_SURGE = 0.25;

export interface Footprint {
  /** CPU requests, in cores. */
  readonly cpu: number;
  /** Memory requests, in bytes. */
  readonly memory: number;
  /** Memory limits, in bytes. */
  readonly memoryLimit: number;
  readonly pods: number;
  /** Volumes its claims' pods claim, in bytes. */
  readonly storage: number;
  /** Services whose pods Fawkes cannot size (upstream charts): they count against the LimitRange defaults. */
  readonly unsized: readonly string[];
}

/** Pods a service runs at once at its peak in an environment. */
export function peakPods(service: ResolvedService, env: ResolvedEnvironment): number {
  if (service.type === "cronjob") return 1;
  const deployment = service.deployments.find((d) => d.environment === env);
  if (!deployment) return 0;
  const replicas = deployment.autoscale ? deployment.autoscale.max : deployment.replicas;
  return replicas + Math.ceil(replicas * ROLLING_SURGE);
}

/** What the team namespace's LimitRange gives a container that sets no resources. */
export const CONTAINER_DEFAULTS = { request: { cpu: "100m", memory: "128Mi" }, limit: { memory: "256Mi" } } as const;

type Resources = { cpu: number; memory: number; memoryLimit: number };

/** A container's requests and memory limit as rendered, the LimitRange's defaults where it sets none. */
function containerResources(spec: Readonly<Record<string, unknown>>, key: string | undefined): Resources {
  const set = (key === undefined ? undefined : valueAt(spec, key)) as
    { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  // A request left out is the limit's (API defaulting), else the LimitRange's; a limit left out, the LimitRange's.
  return {
    cpu: parseQuantity(set?.requests?.cpu ?? set?.limits?.cpu ?? CONTAINER_DEFAULTS.request.cpu),
    memory: parseQuantity(set?.requests?.memory ?? set?.limits?.memory ?? CONTAINER_DEFAULTS.request.memory),
    memoryLimit: parseQuantity(set?.limits?.memory ?? CONTAINER_DEFAULTS.limit.memory),
  };
}

/**
 * What a claim's pods hold: each declared pod as many times as the spec's `replicasKey` says, its resources the
 * quota's (the larger of the containers' sum and any init container), its volume from `storageKey`.
 */
export function claimFootprint(claim: ResolvedClaim): Resources & { pods: number; storage: number } {
  const replicas = claim.definition.replicasKey === undefined ? 1 : valueAt(claim.spec, claim.definition.replicasKey);
  const n = typeof replicas === "number" && Number.isInteger(replicas) && replicas > 0 ? replicas : 1;
  const size = claim.definition.storageKey === undefined ? undefined : valueAt(claim.spec, claim.definition.storageKey);
  const out = { cpu: 0, memory: 0, memoryLimit: 0, pods: 0, storage: 0 };
  for (const pod of claim.pods) {
    const sum = pod.containers
      .map((c) => containerResources(claim.spec, c.resourcesKey))
      .reduce((a, b) => ({
        cpu: a.cpu + b.cpu,
        memory: a.memory + b.memory,
        memoryLimit: a.memoryLimit + b.memoryLimit,
      }));
    const init = pod.initContainers.map((c) => containerResources(claim.spec, c.resourcesKey));
    for (const field of ["cpu", "memory", "memoryLimit"] as const)
      out[field] += n * Math.max(sum[field], ...init.map((r) => r[field]));
    out.pods += n;
    if (typeof size === "string") out.storage += n * parseQuantity(size);
  }
  return out;
}

export function namespaceFootprint(team: ResolvedTeam, env: ResolvedEnvironment): Footprint {
  let cpu = 0,
    memory = 0,
    memoryLimit = 0,
    pods = 0,
    storage = 0;
  const unsized: string[] = [];
  for (const service of team.services) {
    const deployment = service.deployments.find((d) => d.environment === env);
    if (!deployment) continue;
    if (service.chart) {
      unsized.push(service.name);
      continue;
    }
    const n = peakPods(service, env);
    cpu += n * parseQuantity(deployment.resources.cpu);
    memory += n * parseQuantity(deployment.resources.memory);
    memoryLimit += n * parseQuantity(deployment.resources.memoryLimit);
    pods += n;
    // The pods its claims make an operator run in the namespace.
    for (const claim of deployment.claims) {
      const f = claimFootprint(claim);
      cpu += f.cpu;
      memory += f.memory;
      memoryLimit += f.memoryLimit;
      pods += f.pods;
      storage += f.storage;
    }
  }
  return { cpu, memory, memoryLimit, pods, storage, unsized };
}

/** Bytes as a Kubernetes quantity in whole mebibytes (or gibibytes when exact), rounded up. */
export function formatBytes(bytes: number): string {
  const mi = Math.ceil(bytes / 2 ** 20);
  if (mi === 0) return "0";
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

/** Cores as a Kubernetes quantity (`4`, `2500m`), rounded up to the millicore. */
export function formatCores(cores: number): string {
  const milli = Math.ceil(Math.round(cores * 1e6) / 1e3);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
