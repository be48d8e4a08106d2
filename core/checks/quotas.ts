// A team's declared quota must hold what its services run at their peak in every environment; otherwise
// pods are refused by the API server at the worst moment (a scale-up or a rollout).
import { formatBytes, formatCores, namespaceFootprint } from "../footprint.ts";
import { parseQuantity } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import type { ResolvedConfig } from "../resolved.ts";

export function checkQuotas(model: ResolvedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const team of model.teams) {
    for (const env of model.environments) {
      const peak = namespaceFootprint(team, env);
      const at = (field: string) => ["teams", team.name, "quota", field];
      const hint = "raise the quota, or lower replicas, autoscale.max or resources of the team's services";
      const over = (field: string, need: string, have: string) =>
        problems.push(problem("quota-too-small", at(field), `${env.name}: the services of "${team.name}" need ${need} at their peak (autoscaling maximum and a rolling update) but the quota is ${have}`, hint));
      if (peak.cpu > parseQuantity(team.quota.cpu) + 1e-9) over("cpu", `${formatCores(peak.cpu)} CPU`, team.quota.cpu);
      if (peak.memory > parseQuantity(team.quota.memory)) over("memory", formatBytes(peak.memory), team.quota.memory);
      if (peak.pods > team.quota.pods) over("pods", `${peak.pods} pods`, String(team.quota.pods));
    }
  }
  return problems;
}
