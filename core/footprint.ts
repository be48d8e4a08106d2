// What a team's namespace holds at its peak in one environment: every golden-path workload at its
// autoscaling maximum, plus the extra pods of a rolling update (maxSurge 25%), a CronJob's one run at a time.
// The quota of the namespace is checked against it and its memory-limit quota sized from it.
import { parseQuantity } from "./names.ts";
import type { ResolvedEnvironment, ResolvedService, ResolvedTeam } from "./resolved.ts";

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

export function namespaceFootprint(team: ResolvedTeam, env: ResolvedEnvironment): Footprint {
  let cpu = 0,
    memory = 0,
    memoryLimit = 0,
    pods = 0;
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
  }
  return { cpu, memory, memoryLimit, pods, unsized };
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
