// Which Gateway serves which host. A Gateway takes at most 64 listeners (one is plain HTTP), so an
// environment with many exposed hosts gets several Gateways: `platform`, `platform-2`, …, hosts in order.
import { compareStrings } from "./problems.ts";
import { PLATFORM_NAMES } from "./names.ts";
import type { Sourced } from "./resolved.ts";

/** HTTPS listeners per Gateway: the Gateway API's 64 minus the HTTP listener. */
export const HOSTS_PER_GATEWAY = 63;

export interface GatewayPlan extends Partial<Sourced> {
  readonly gateways: readonly { readonly name: string; readonly hosts: readonly string[] }[];
  readonly gatewayOf: ReadonlyMap<string, string>;
}

export function planGateways(hosts: Iterable<string>): GatewayPlan {
  const sorted = [...new Set(hosts)].sort(compareStrings);
  const gateways: { name: string; hosts: string[] }[] = [];
  for (let i = 0; i < Math.max(sorted.length, 1); i += HOSTS_PER_GATEWAY) {
    const index = gateways.length;
    gateways.push({ name: index === 0 ? PLATFORM_NAMES.gateway : `${PLATFORM_NAMES.gateway}-${index + 1}`, hosts: sorted.slice(i, i + HOSTS_PER_GATEWAY) });
  }
  const gatewayOf = new Map(gateways.flatMap((g) => g.hosts.map((h) => [h, g.name] as const)));
  return { gateways, gatewayOf };
}
