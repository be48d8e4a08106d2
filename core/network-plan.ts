// Address planning: each environment's network inside its cloud's, and per-zone subnets inside that.
// Deterministic and overlap-free by construction; checked by property tests.
import { formatCidr, parseCidr, subnet, type Cidr } from "./cidr.ts";
import type { FawkesConfig } from "../schema/config.ts";

/** Environments of one cloud share its network in quarters, in declaration order. */
export const ENVIRONMENT_SLOTS = 4;

function mustParse(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text} ${parsed.reason}`);
  return parsed.cidr;
}

/** The network of every environment, explicit or derived from its cloud's. */
export function environmentNetworks(config: Pick<FawkesConfig, "clouds" | "environments">): Map<string, Cidr | undefined> {
  const networks = new Map<string, Cidr | undefined>();
  const slotByCloud = new Map<string, number>();
  for (const [name, env] of Object.entries(config.environments)) {
    const cloud = config.clouds[env.cloud];
    const slot = slotByCloud.get(env.cloud) ?? 0;
    slotByCloud.set(env.cloud, slot + 1);
    if (env.cidr !== undefined) {
      const parsed = parseCidr(env.cidr);
      networks.set(name, parsed.ok ? parsed.cidr : undefined);
      continue;
    }
    const parsed = cloud ? parseCidr(cloud.cidr) : undefined;
    if (!parsed?.ok || slot >= ENVIRONMENT_SLOTS) {
      networks.set(name, undefined);
      continue;
    }
    networks.set(name, subnet(parsed.cidr, parsed.cidr.prefix + 2, slot));
  }
  return networks;
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
    public: Array.from({ length: zones }, (_, i) => formatCidr(subnet(spare, Math.max(publicPrefix, privatePrefix + 1), i))),
  };
}
