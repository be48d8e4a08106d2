// Certificates within Let's Encrypt's rate limits. Every host a Gateway serves gets its own certificate from
// the `letsencrypt` ClusterIssuer (cert-manager's gateway-shim, one per listener), in every environment.
// Let's Encrypt issues at most 50 new certificates per registered domain per 7 days
// (https://letsencrypt.org/docs/rate-limits/, "New Certificates per Registered Domain"); renewals are exempt,
// so the week that matters is the one where every certificate is new: standing the platform up, or rebuilding
// a cluster. All environments share the registered domain, so their hosts add up.
import { problem, type Problem } from "../problems.ts";
import type { ResolvedConfig } from "../resolved.ts";

/** Let's Encrypt's limit of new certificates per registered domain per week. */
export const CERTIFICATES_PER_DOMAIN_PER_WEEK = 50;
/** Over this, a warning: a rebuild plus a few re-issues would reach the limit. */
export const CERTIFICATE_WARNING = 40;

/**
 * The registered domain of a host, by its last two labels. No public-suffix list is bundled: for a domain
 * under a two-label public suffix (`example.co.uk`) this groups more hosts together than Let's Encrypt does,
 * so the count errs on the safe side.
 */
export function registeredDomain(host: string): string {
  return host.split(".").slice(-2).join(".");
}

/** Certificates the platform requests per registered domain, over every environment where cert-manager runs. */
export function certificatesPerDomain(model: ResolvedConfig): Map<string, { hosts: string[]; environments: string[] }> {
  const issuing = new Set(
    model.components.filter((c) => c.key === "certManager").flatMap((c) => c.environments.map((e) => e.name)),
  );
  const counts = new Map<string, { hosts: string[]; environments: string[] }>();
  for (const env of model.environments) {
    if (!issuing.has(env.name)) continue;
    for (const host of new Set(model.gateways.get(env.name)?.gateways.flatMap((g) => g.hosts) ?? [])) {
      const domain = registeredDomain(host);
      const entry = counts.get(domain) ?? { hosts: [], environments: [] };
      entry.hosts.push(host);
      if (!entry.environments.includes(env.name)) entry.environments.push(env.name);
      counts.set(domain, entry);
    }
  }
  return counts;
}

/** An error over Let's Encrypt's weekly budget per registered domain, a warning close to it. */
export function checkCertificateBudget(model: ResolvedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [domain, { hosts, environments }] of certificatesPerDomain(model)) {
    if (hosts.length <= CERTIFICATE_WARNING) continue;
    const over = hosts.length > CERTIFICATES_PER_DOMAIN_PER_WEEK;
    const found = problem(
      "certificate-rate-limit",
      ["components", "certManager"],
      `${hosts.length} certificates for hosts under ${domain} (one per host, in ${environments.join(", ")}): ${
        over ? "over" : "close to"
      } Let's Encrypt's ${CERTIFICATES_PER_DOMAIN_PER_WEEK} new certificates per registered domain per week, so ${
        over ? "standing the platform up" : "a cluster rebuild"
      } would leave some hosts without a certificate for days`,
      "give environments hosts under their own registered domain (platform.domain, or a cloud's DNS zone), expose fewer services, or stand environments up in different weeks; see docs/platform.md, Certificates and DNS",
    );
    problems.push(over ? found : { ...found, severity: "warning" });
  }
  return problems;
}
