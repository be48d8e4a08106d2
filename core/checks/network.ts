// Networks parse, clouds do not overlap, and the API is never open to the world by accident.
import { formatCidr, overlaps, parseCidr, type Cidr } from "../cidr.ts";
import { problem, type Problem } from "../problems.ts";
import type { CheckInput } from "./check-input.ts";

export function checkNetworks({ config }: CheckInput): Problem[] {
  const problems: Problem[] = [];
  const parsed: { cloud: string; cidr: Cidr }[] = [];
  const parse = (path: (string | number)[], text: string): Cidr | undefined => {
    const result = parseCidr(text);
    if (result.ok) return result.cidr;
    problems.push(problem("invalid-cidr", path, `"${text}" ${result.reason}`));
    return undefined;
  };
  for (const [name, cloud] of Object.entries(config.clouds ?? {})) {
    const cidr = parse(["clouds", name, "cidr"], cloud.cidr);
    if (!cidr) continue;
    if (cidr.prefix > 20 || cidr.prefix < 8) {
      problems.push(problem("invalid-cidr", ["clouds", name, "cidr"], `a /${cidr.prefix} network is ${cidr.prefix > 20 ? "too small for per-zone subnets" : "larger than a VPC/VNet may be"}`,
        "use a /8 to /20 network, e.g. 10.20.0.0/16"));
      continue;
    }
    const clash = parsed.find((other) => overlaps(other.cidr, cidr));
    if (clash) {
      problems.push(problem("overlapping-cidr", ["clouds", name, "cidr"], `${cloud.cidr} overlaps clouds.${clash.cloud}.cidr (${formatCidr(clash.cidr)})`,
        "give every cloud its own network so they can be peered"));
    }
    parsed.push({ cloud: name, cidr });
  }
  for (const [name, env] of Object.entries(config.environments ?? {})) {
    env.apiAccessCidrs.forEach((text, i) => parse(["environments", name, "apiAccessCidrs", i], text));
  }
  for (const [name, service] of Object.entries(config.services ?? {})) {
    service.egress.forEach((rule, i) => parse(["services", name, "egress", i, "cidr"], rule.cidr));
  }
  return problems;
}
