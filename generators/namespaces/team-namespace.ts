// Per team and environment: the Namespace (with Pod Security Admission labels), its ResourceQuota and
// LimitRange.
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import type { KubernetesObject } from "../../core/file-tree.ts";
import { teamLabels } from "../../core/resolve.ts";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedTeam } from "../../core/resolved.ts";

type Policies = ResolvedConfig["policies"];

/** Pod Security Admission labels: enforced at the policy level in Enforce mode, always audited and warned. */
export function podSecurityLabels(policies: Policies): Record<string, string> {
  const level = policies.podSecurity;
  const mode = policies.overrides["pod-security"] ?? policies.mode;
  const labels: Record<string, string> = {
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/warn": level,
  };
  if (mode === "Enforce") labels["pod-security.kubernetes.io/enforce"] = level;
  return labels;
}

export function buildTeamNamespace(team: ResolvedTeam, env: ResolvedEnvironment, policies: Policies): KubernetesObject[] {
  const labels = teamLabels(team.name, env.name);
  const metadata = { name: team.namespace, labels };
  const namespaced = { ...metadata, namespace: team.namespace };
  return [
    new Namespace({
      metadata: {
        ...metadata,
        labels: { ...labels, ...podSecurityLabels(policies) },
        annotations: { "fawkes.dev/contact": team.contact, "fawkes.dev/display-name": team.displayName },
      },
    }),
    new ResourceQuota({
      metadata: { ...namespaced, name: "team-quota" },
      spec: {
        hard: {
          "requests.cpu": team.quota.cpu,
          "requests.memory": team.quota.memory,
          "limits.memory": team.quota.memory,
          "requests.storage": team.quota.storage,
          pods: String(team.quota.pods),
        },
      },
    }),
    new LimitRange({
      metadata: { ...namespaced, name: "container-defaults" },
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            default: { memory: "256Mi" },
          },
        ],
      },
    }),
  ];
}
