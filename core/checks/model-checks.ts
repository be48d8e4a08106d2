// Checks only the resolved model can answer. Quotas: a team's declared quota must hold what its services run
// at their peak in every environment, or pods are refused at the worst moment (a scale-up or a rollout).
// Certificates: a host's challenge must be one Let's Encrypt can complete. Vault Agent delivery: the injector
// must run wherever such a service runs, or its pods start without their secrets (the webhook fails open).
import { formatBytes, formatCores, namespaceFootprint } from "../footprint.ts";
import { parseQuantity } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import type { ResolvedConfig } from "../resolved.ts";

/** Internal hosts are out of Let's Encrypt's reach over HTTP: their certificates need DNS-01. */
export function checkInternalCertificates(model: ResolvedConfig): Problem[] {
  if (model.certificates.challenge !== "http01") return [];
  const internal = [
    ...new Set(
      [...model.gateways.values()].flatMap((plan) => plan.gateways.filter((g) => g.internal).flatMap((g) => g.hosts)),
    ),
  ];
  if (internal.length === 0) return [];
  return [
    {
      ...problem(
        "unreachable-challenge",
        ["components", "certManager", "challenge"],
        `${internal.join(", ")} are served on the internal Gateway, which Let's Encrypt cannot reach for HTTP-01: their certificates will not be issued`,
        'use challenge: "dns01"',
      ),
      severity: "warning",
    },
  ];
}

export function checkQuotas(model: ResolvedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const team of model.teams) {
    for (const env of model.environments) {
      const peak = namespaceFootprint(team, env);
      const at = (field: string) => ["teams", team.name, "quota", field];
      const hint = "raise the quota, or lower replicas, autoscale.max or resources of the team's services";
      const over = (field: string, need: string, have: string) =>
        problems.push(
          problem(
            "quota-too-small",
            at(field),
            `${env.name}: the services of "${team.name}" need ${need} at their peak (autoscaling maximum and a rolling update) but the quota is ${have}`,
            hint,
          ),
        );
      if (peak.cpu > parseQuantity(team.quota.cpu) + 1e-9) over("cpu", `${formatCores(peak.cpu)} CPU`, team.quota.cpu);
      if (peak.memory > parseQuantity(team.quota.memory)) over("memory", formatBytes(peak.memory), team.quota.memory);
      if (peak.pods > team.quota.pods) over("pods", `${peak.pods} pods`, String(team.quota.pods));
    }
  }
  return problems;
}

/** A service that reads its secrets through the Vault Agent, deployed to a cluster without the injector. */
export function checkVaultAgentDelivery(model: ResolvedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const service of model.services) {
    if (service.secretDelivery !== "vault-agent" || service.secrets.length === 0) continue;
    const missing = service.deployments.filter((d) => !d.environment.features.vaultAgentInjector);
    if (missing.length === 0) continue;
    const names = missing.map((d) => d.environment.name);
    problems.push(
      problem(
        "no-vault-agent-injector",
        ["services", service.name, "secretDelivery"],
        `the Vault Agent injector does not run in ${names.map((n) => `"${n}"`).join(", ")}: the service's pods would start there without their secrets`,
        `enable components.vault there (components.vault.environments.<env>.enabled), or use secretDelivery: "external-secrets"`,
      ),
    );
  }
  return problems;
}
