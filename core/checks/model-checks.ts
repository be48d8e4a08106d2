// Checks only the resolved model can answer. Quotas: a team's declared quota must hold what its services run
// at their peak in every environment, or pods are refused at the worst moment (a scale-up or a rollout).
// Certificates: a host's challenge must be one Let's Encrypt can complete. DNS: every host a cluster serves is
// in the zone its writers may change, and each writer on Azure has the client id of its identity. Vault Agent
// delivery: the injector must run wherever such a service runs, or its pods start without their secrets (the
// webhook fails open).
import { formatBytes, formatCores, namespaceFootprint } from "../footprint.ts";
import { parseQuantity } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import type { ResolvedConfig } from "../resolved.ts";
import { dnsWriters, inZone, type DnsWriterKey } from "../runtime/dns.ts";
import { vaultSeal } from "../runtime/vault-seal.ts";

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

const WRITER_NAMES: Readonly<Record<DnsWriterKey, string>> = {
  certManager: "cert-manager",
  externalDns: "ExternalDNS",
};

/** Hosts outside their cloud's zone, and writers on Azure without their identity's client id. */
export function checkDnsCoverage(model: ResolvedConfig): Problem[] {
  const warn = (p: Problem): Problem => ({ ...p, severity: "warning" });
  const problems: Problem[] = [];
  const missingClientId = new Map<DnsWriterKey, { envs: string[]; account: string }>();
  for (const env of model.environments) {
    const writers = dnsWriters(model, env);
    if (writers.length === 0) continue;
    const zone = writers[0]!.zone.zone;
    const outside = model.gateways
      .get(env.name)!
      .gateways.flatMap((g) => g.hosts)
      .filter((host) => !inZone(host, zone));
    if (outside.length > 0) {
      const effects = writers.map((w) =>
        w.key === "certManager" ? "DNS-01 cannot validate their certificates" : "ExternalDNS writes no record for them",
      );
      problems.push(
        warn(
          problem(
            "outside-dns-zone",
            ["clouds", env.cloud.name, "dns", "zone"],
            `${outside.join(", ")} (${env.name}) are outside the DNS zone ${zone}: ${effects.join(", and ")}`,
            `serve them under ${zone}, or make clouds.${env.cloud.name}.dns a zone that holds them`,
          ),
        ),
      );
    }
    for (const writer of writers)
      if (writer.zone.provider === "azure-dns" && writer.azureClientId === undefined)
        missingClientId.set(writer.key, {
          envs: [...(missingClientId.get(writer.key)?.envs ?? []), env.name],
          account: `${writer.namespace}/${writer.serviceAccount}`,
        });
  }
  for (const [key, { envs, account }] of missingClientId) {
    problems.push(
      clientIdWarning(key, WRITER_NAMES[key], envs, account, "it cannot change Azure DNS there until it has one"),
    );
  }
  return problems;
}

/** A component on Azure without its managed identity's client id: where to set it, and which output holds it. */
function clientIdWarning(
  key: string,
  title: string,
  envs: readonly string[],
  account: string,
  effect: string,
): Problem {
  const env = envs[0]!;
  return {
    ...problem(
      "missing-client-id",
      ["components", key, "azureClientId"],
      `${title} has no managed identity client id for ${envs.join(", ")}: ${effect}`,
      `after \`terraform -chdir=out/infra/${env} apply\`, set components.${key}.azureClientId.${env} to the "${account}" entry of \`terraform -chdir=out/infra/${env} output workload_client_ids\``,
    ),
    severity: "warning",
  };
}

/** Vault on Azure unseals through its managed identity: without the identity's client id, it cannot start. */
export function checkVaultSealIdentity(model: ResolvedConfig): Problem[] {
  const seal = vaultSeal(model);
  if (seal?.provider !== "azurekeyvault" || seal.clientId !== undefined) return [];
  return [
    clientIdWarning(
      "vault",
      "Vault",
      [seal.environment.name],
      `${seal.namespace}/${seal.serviceAccount}`,
      `it cannot reach its unseal key in Key Vault ${seal.vaultName}, so its server does not start there until it has one`,
    ),
  ];
}

export function checkQuotas(model: ResolvedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const team of model.teams) {
    for (const env of model.environments) {
      const peak = namespaceFootprint(team, env);
      const at = (field: string) => ["teams", team.name, "quota", field];
      const hint =
        "raise the quota, or lower replicas, autoscale.max or resources of the team's services (or their claims' params)";
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
      if (peak.storage > parseQuantity(team.quota.storage))
        over("storage", `${formatBytes(peak.storage)} of volumes (their claims')`, team.quota.storage);
    }
  }
  return problems;
}

/** A service that reads its secrets through the Vault Agent, deployed to a cluster without the injector. */
export function checkVaultAgentDelivery(model: ResolvedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const service of model.services) {
    if (service.secretDelivery !== "vault-agent") continue;
    const missing = service.deployments.filter(
      (d) => d.secrets.length > 0 && !d.environment.features.vaultAgentInjector,
    );
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
