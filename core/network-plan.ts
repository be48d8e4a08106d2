// Address planning: each environment's network inside its cloud's, and per-zone subnets inside that.
// Deterministic and overlap-free by construction; checked by property tests.
import { formatCidr, overlaps, parseCidr, subnet, type Cidr } from "./cidr.ts";
import type { FawkesConfig } from "../schema/config.ts";

/** Environments of one cloud share its network in quarters. */
export const ENVIRONMENT_SLOTS = 4;

/**
 * Networks allocated earlier, by environment (the committed `.fawkes/allocations.json`). An environment
 * keeps its quarter for life: adding, removing or reordering environments never moves another's network,
 * which Terraform would otherwise replace.
 */
export type NetworkAllocations = Readonly<Record<string, string>>;

function mustParse(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text} ${parsed.reason}`);
  return parsed.cidr;
}

/** The quarters of a cloud's network an environment may take. */
function slotsOf(cloudCidr: string | undefined): Cidr[] {
  const parsed = cloudCidr === undefined ? undefined : parseCidr(cloudCidr);
  if (!parsed?.ok) return [];
  return Array.from({ length: ENVIRONMENT_SLOTS }, (_, i) => subnet(parsed.cidr, parsed.cidr.prefix + 2, i));
}

/**
 * The network of every environment: explicit (`cidr`), else the quarter it was allocated before, else the
 * first free quarter of its cloud's network, new environments in declaration order.
 */
export function environmentNetworks(
  config: Pick<FawkesConfig, "clouds" | "environments">,
  allocations: NetworkAllocations = {},
): Map<string, Cidr | undefined> {
  const networks = new Map<string, Cidr | undefined>();
  const entries = Object.entries(config.environments);
  const taken: { cloud: string; cidr: Cidr }[] = [];
  const isFree = (cloud: string, cidr: Cidr) => !taken.some((t) => t.cloud === cloud && overlaps(t.cidr, cidr));
  // 1. Recorded allocations stay where they are, whatever was added since (the overlap check reports a
  //    clash at the newcomer); then explicit networks.
  for (const [name, env] of entries) {
    const previous = allocations[name];
    if (env.cidr !== undefined || previous === undefined) continue;
    const slot = slotsOf(config.clouds[env.cloud]?.cidr).find((s) => formatCidr(s) === previous);
    if (!slot || !isFree(env.cloud, slot)) continue;
    networks.set(name, slot);
    taken.push({ cloud: env.cloud, cidr: slot });
  }
  for (const [name, env] of entries) {
    if (env.cidr === undefined) continue;
    const parsed = parseCidr(env.cidr);
    networks.set(name, parsed.ok ? parsed.cidr : undefined);
    if (parsed.ok) taken.push({ cloud: env.cloud, cidr: parsed.cidr });
  }
  // 2. New environments take the quarter of their position among the cloud's environments (what every
  //    environment got before allocations were recorded) when it is free, or else the first free one.
  const position = new Map<string, number>();
  const count = new Map<string, number>();
  for (const [name, env] of entries) {
    position.set(name, count.get(env.cloud) ?? 0);
    count.set(env.cloud, (count.get(env.cloud) ?? 0) + 1);
  }
  for (const [name, env] of entries) {
    if (networks.has(name)) continue;
    const slots = slotsOf(config.clouds[env.cloud]?.cidr);
    const own = slots[position.get(name)!];
    const free = own && isFree(env.cloud, own) ? own : slots.find((s) => isFree(env.cloud, s));
    networks.set(name, free);
    if (free) taken.push({ cloud: env.cloud, cidr: free });
  }
  return new Map(entries.map(([name]) => [name, networks.get(name)]));
}

export interface SubnetPlan {
  readonly private: readonly string[];
  readonly public: readonly string[];
}

/**
 * One private and one public subnet per zone. The network is split into as many equal blocks as it takes
 * to give each zone a private block plus one spare; the spare block is split again for the public subnets.
 */
export function planSubnets(network: string, zones: number): SubnetPlan {
  const net = mustParse(network);
  const bits = Math.ceil(Math.log2(zones + 1));
  const privatePrefix = net.prefix + bits;
  const spare = subnet(net, privatePrefix, 2 ** bits - 1);
  const publicPrefix = privatePrefix + Math.ceil(Math.log2(zones));
  return {
    private: Array.from({ length: zones }, (_, i) => formatCidr(subnet(net, privatePrefix, i))),
    public: Array.from({ length: zones }, (_, i) =>
      formatCidr(subnet(spare, Math.max(publicPrefix, privatePrefix + 1), i)),
    ),
  };
}
