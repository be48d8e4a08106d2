// Networks parse, clouds do not overlap, and the API is never open to the world by accident.
import { cidrSize, formatCidr, overlaps, parseCidr, type Cidr } from "../cidr.ts";
import { ENVIRONMENT_SLOTS, environmentNetworks } from "../network-plan.ts";
import { problem, type Problem } from "../problems.ts";
import { checkViews, serviceViews } from "../service-overrides.ts";
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
      problems.push(
        problem(
          "invalid-cidr",
          ["clouds", name, "cidr"],
          `a /${cidr.prefix} network is ${cidr.prefix > 20 ? "too small for per-zone subnets" : "larger than a VPC/VNet may be"}`,
          "use a /8 to /20 network, e.g. 10.20.0.0/16",
        ),
      );
      continue;
    }
    const clash = parsed.find((other) => overlaps(other.cidr, cidr));
    if (clash) {
      problems.push(
        problem(
          "overlapping-cidr",
          ["clouds", name, "cidr"],
          `${cloud.cidr} overlaps clouds.${clash.cloud}.cidr (${formatCidr(clash.cidr)})`,
          "give every cloud its own network so they can be peered",
        ),
      );
    }
    parsed.push({ cloud: name, cidr });
  }
  for (const [name, env] of Object.entries(config.environments ?? {})) {
    env.apiAccessCidrs.forEach((text, i) => parse(["environments", name, "apiAccessCidrs", i], text));
    if (env.cidr !== undefined) parse(["environments", name, "cidr"], env.cidr);
  }
  const envNames = Object.keys(config.environments ?? {});
  for (const [name, service] of Object.entries(config.services ?? {})) {
    const views = serviceViews(name, service, envNames);
    problems.push(
      ...checkViews(views, ({ service: view, at }) => {
        const found: Problem[] = [];
        view.egress.forEach((rule, i) => {
          const parsedRule = parseCidr(rule.cidr);
          if (!parsedRule.ok)
            found.push(problem("invalid-cidr", at("egress", i, "cidr"), `"${rule.cidr}" ${parsedRule.reason}`));
        });
        return found;
      }),
    );
  }
  return problems;
}

/** Environment networks lie inside their cloud's and do not overlap each other. */
export function checkEnvironmentNetworks({ config, allocations }: CheckInput): Problem[] {
  const { clouds, environments } = config;
  if (!clouds || !environments) return [];
  const problems: Problem[] = [];
  const networks = environmentNetworks({ clouds, environments }, allocations);
  const seen: { env: string; cidr: Cidr }[] = [];
  for (const [name, env] of Object.entries(environments)) {
    const network = networks.get(name);
    const cloud = clouds[env.cloud];
    const cloudCidr = cloud ? parseCidr(cloud.cidr) : undefined;
    if (!network) {
      if (env.cidr === undefined && cloudCidr?.ok) {
        problems.push(
          problem(
            "no-address-space",
            ["environments", name],
            `no quarter of clouds.${env.cloud}.cidr (${cloud!.cidr}) is free for "${name}" (at most ${ENVIRONMENT_SLOTS} environments per cloud, minus explicit networks)`,
            "give this environment an explicit cidr inside the cloud's network",
          ),
        );
      }
      continue;
    }
    if (
      env.cidr !== undefined &&
      cloudCidr?.ok &&
      !(
        network.base >= cloudCidr.cidr.base &&
        network.base + cidrSize(network) <= cloudCidr.cidr.base + cidrSize(cloudCidr.cidr)
      )
    ) {
      problems.push(
        problem(
          "invalid-cidr",
          ["environments", name, "cidr"],
          `${env.cidr} is outside clouds.${env.cloud}.cidr (${cloud!.cidr})`,
        ),
      );
    }
    const clash = seen.find((s) => overlaps(s.cidr, network));
    if (clash)
      problems.push(
        problem(
          "overlapping-cidr",
          ["environments", name, ...(env.cidr ? ["cidr"] : [])],
          `${formatCidr(network)} overlaps the network of environment "${clash.env}" (${formatCidr(clash.cidr)})`,
          "give each environment its own network",
        ),
      );
    seen.push({ env: name, cidr: network });
  }
  return problems;
}
