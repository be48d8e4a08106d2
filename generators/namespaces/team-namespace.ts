// Per team and environment: the Namespace (with Pod Security Admission labels), its ResourceQuota and
// LimitRange.
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { SecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { CONTAINER_DEFAULTS, formatBytes, namespaceFootprint } from "../../core/footprint.ts";
import { PLATFORM_NAMES, TEAM_NAMESPACE_OBJECTS, parseQuantity, rbacGroup, teamLabels } from "../../core/names.ts";
import { podSecurityLabels } from "../../core/policy/admission.ts";
import { vaultStoreProvider } from "../../core/render/vault-provider.ts";
import { teamVaultIdentity } from "../../core/runtime/vault-access.ts";
import type { KubernetesObject } from "../../core/file-tree.ts";
import type { ResolvedEnvironment, ResolvedPolicies, ResolvedTeam } from "../../core/resolved.ts";

/** Limits may exceed requests (the LimitRange defaults a limit to twice the request): room for both. */
function memoryLimitQuota(team: ResolvedTeam, env: ResolvedEnvironment): string {
  const peak = namespaceFootprint(team, env).memoryLimit;
  return formatBytes(Math.max(2 * parseQuantity(team.quota.memory), peak));
}

export function buildTeamNamespace(
  team: ResolvedTeam,
  env: ResolvedEnvironment,
  policies: ResolvedPolicies,
): KubernetesObject[] {
  const labels = teamLabels(team.name, env.name);
  const metadata = { name: team.namespace, labels };
  const namespaced = { ...metadata, namespace: team.namespace };
  return [
    new Namespace({
      metadata: {
        ...metadata,
        labels: {
          ...team.labels,
          ...labels,
          ...podSecurityLabels(policies, team),
          ...(env.features.mesh ? { "istio.io/dataplane-mode": "ambient" } : {}),
        },
        annotations: { "fawkes.dev/contact": team.contact, "fawkes.dev/display-name": team.displayName },
      },
    }),
    new ResourceQuota({
      metadata: { ...namespaced, name: TEAM_NAMESPACE_OBJECTS.quota },
      spec: {
        hard: {
          "requests.cpu": team.quota.cpu,
          "requests.memory": team.quota.memory,
          "limits.memory": memoryLimitQuota(team, env),
          "requests.storage": team.quota.storage,
          pods: String(team.quota.pods),
        },
      },
    }),
    // Nothing moves unless a policy allows it; each service's own policy opens what it declares.
    new NetworkPolicy({
      metadata: { ...namespaced, name: TEAM_NAMESPACE_OBJECTS.defaultDeny },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    }),
    new NetworkPolicy({
      metadata: { ...namespaced, name: TEAM_NAMESPACE_OBJECTS.allowDns },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    }),
    // The team edits its namespace outside protected environments and only reads it in them.
    new RoleBinding({
      metadata: { ...namespaced, name: env.protected ? "team-view" : "team-edit" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: env.protected ? "view" : "edit" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: rbacGroup(team.githubTeam) }],
    }),
    new LimitRange({
      metadata: { ...namespaced, name: TEAM_NAMESPACE_OBJECTS.limitRange },
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { ...CONTAINER_DEFAULTS.request },
            default: { ...CONTAINER_DEFAULTS.limit },
          },
        ],
      },
    }),
    ...teamSecretStore(team, env),
    ...(env.features.mesh ? [allowNothing(team, env)] : []),
  ];
}

/**
 * Istio's allow-nothing policy: an ALLOW policy without rules matches no request, so a workload of the
 * namespace accepts only what its own AuthorizationPolicy admits. Workers, CronJobs and chart pods, which
 * have none, accept no mesh caller at all.
 */
export function allowNothing(team: ResolvedTeam, env: ResolvedEnvironment): AuthorizationPolicy {
  return new AuthorizationPolicy({
    metadata: {
      name: TEAM_NAMESPACE_OBJECTS.allowNothing,
      namespace: team.namespace,
      labels: teamLabels(team.name, env.name),
    },
    spec: {},
  });
}

/**
 * The team's own SecretStore, where its ExternalSecrets read anything: Vault's role for this team and
 * environment reads only the paths the team's services read in this environment, and only its service account
 * logs in with it. A namespace with nothing to read has no store, so no credential that reads nothing.
 */
export function teamSecretStore(team: ResolvedTeam, env: ResolvedEnvironment): KubernetesObject[] {
  const vault = env.features.vaultAddress;
  const identity = teamVaultIdentity(team, env);
  if (!env.features.externalSecrets || !vault || !identity) return [];
  if (!identity.serviceAccounts.includes(PLATFORM_NAMES.secretStoreServiceAccount)) return [];
  const metadata = { namespace: team.namespace, labels: teamLabels(team.name, env.name) };
  return [
    new ServiceAccount({ metadata: { ...metadata, name: PLATFORM_NAMES.secretStoreServiceAccount } }),
    new SecretStore({
      metadata: { ...metadata, name: PLATFORM_NAMES.secretStore },
      spec: {
        provider: vaultStoreProvider(vault, env.name, identity.role, {
          name: PLATFORM_NAMES.secretStoreServiceAccount,
        }),
      },
    }),
  ];
}
