// Certificates within Let's Encrypt's rate limits. Every host a Gateway serves gets its own certificate from
// the `letsencrypt` ClusterIssuer (cert-manager's gateway-shim, one per listener), in every environment.
// Let's Encrypt issues at most 50 new certificates per registered domain per 7 days
// (https://letsencrypt.org/docs/rate-limits/, "New Certificates per Registered Domain"); renewals are exempt,
// so the week that matters is the one where every certificate is new: standing the platform up, or rebuilding
// a cluster. All environments share the registered domain, so their hosts add up.
import { problem, type Problem } from "../problems.ts";
import type { ResolvedConfig } from "../resolved.ts";

/** Let's Encrypt's default limit of new certificates per registered domain per week. */
export const CERTIFICATES_PER_DOMAIN_PER_WEEK = 50;
/** Above this share of the limit, a warning: a rebuild plus a few re-issues would reach it. */
const WARNING_SHARE = 0.8;

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
  const budget = model.certificates.certificatesPerWeek;
  for (const [domain, { hosts, environments }] of certificatesPerDomain(model)) {
    if (hosts.length <= Math.floor(budget * WARNING_SHARE)) continue;
    const over = hosts.length > budget;
    const found = problem(
      "certificate-rate-limit",
      ["components", "certManager"],
      `${hosts.length} certificates for hosts under ${domain} (one per host, in ${environments.join(", ")}): ${
        over ? "over" : "close to"
      } the ${budget} new certificates per registered domain per week the ACME server allows${
        budget === CERTIFICATES_PER_DOMAIN_PER_WEEK ? " (Let's Encrypt's limit)" : ""
      }, so ${
        over ? "standing the platform up" : "a cluster rebuild"
      } would leave some hosts without a certificate for days`,
      "give environments hosts under their own registered domain (expose.host), expose fewer services, stand environments up in different weeks, or, with a rate-limit adjustment Let's Encrypt has approved, raise components.certManager.certificatesPerWeek; see docs/platform.md, Certificates and DNS",
    );
    problems.push(over ? found : { ...found, severity: "warning" });
  }
  return problems;
}
