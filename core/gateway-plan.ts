// Which Gateway serves which host. A Gateway takes at most 64 listeners (one is plain HTTP), so an
// environment with many exposed hosts gets several Gateways: `platform`, `platform-2`, …, hosts in order.
// Hosts that must not face the internet get their own internal Gateways: `platform-internal`, ….
import { compareStrings } from "./problems.ts";
import { PLATFORM_NAMES } from "./names.ts";
import type { Sourced } from "./resolved.ts";

/** HTTPS listeners per Gateway: the Gateway API's 64 minus the HTTP listener. */
export const HOSTS_PER_GATEWAY = 63;

export interface PlannedGateway {
  readonly name: string;
  readonly hosts: readonly string[];
  /** Behind an internal load balancer: reachable from the private network only. */
  readonly internal: boolean;
}

export interface GatewayPlan extends Partial<Sourced> {
  readonly gateways: readonly PlannedGateway[];
  readonly gatewayOf: ReadonlyMap<string, string>;
}

function split(hosts: Iterable<string>, base: string, internal: boolean, always: boolean): PlannedGateway[] {
  const sorted = [...new Set(hosts)].sort(compareStrings);
  const gateways: PlannedGateway[] = [];
  for (let i = 0; i < Math.max(sorted.length, always ? 1 : 0); i += HOSTS_PER_GATEWAY) {
    const index = gateways.length;
    gateways.push({
      name: index === 0 ? base : `${base}-${index + 1}`,
      hosts: sorted.slice(i, i + HOSTS_PER_GATEWAY),
      internal,
    });
  }
  return gateways;
}

/** The public Gateways (at least one) and the internal ones (only when there are internal hosts). */
export function planGateways(hosts: Iterable<string>, internalHosts: Iterable<string> = []): GatewayPlan {
  const gateways = [
    ...split(hosts, PLATFORM_NAMES.gateway, false, true),
    ...split(internalHosts, `${PLATFORM_NAMES.gateway}-internal`, true, false),
  ];
  const gatewayOf = new Map(gateways.flatMap((g) => g.hosts.map((h) => [h, g.name] as const)));
  return { gateways, gatewayOf };
}
