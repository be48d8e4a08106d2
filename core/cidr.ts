// IPv4 CIDR arithmetic: parsing, overlap, and carving subnets out of a network.

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string };

export function parseCidr(text: string): CidrParse {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return { ok: false, reason: "is not an IPv4 CIDR such as 10.10.0.0/16" };
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32)
    return { ok: false, reason: "is not an IPv4 CIDR such as 10.10.0.0/16" };
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(address / size) * size;
  if (base !== address)
    return { ok: false, reason: `has host bits set (the network is ${formatCidr({ base, prefix })})` };
  return { ok: true, cidr: { base, prefix } };
}

export function formatCidr({ base, prefix }: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/** The `index`-th subnet of `prefix` bits inside `network`. */
export function subnet(network: Cidr, prefix: number, index: number): Cidr {
  if (prefix < network.prefix) throw new Error(`a /${prefix} does not fit in ${formatCidr(network)}`);
  const size = 2 ** (32 - prefix);
  if (index < 0 || (index + 1) * size > cidrSize(network))
    throw new Error(`subnet ${index} of /${prefix} is outside ${formatCidr(network)}`);
  return { base: network.base + index * size, prefix };
}
