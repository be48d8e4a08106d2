// Outside the management cluster, Vault reviews each Kubernetes login with the client's own token (the
// cluster's auth mount disables Vault's local token, which only the management cluster accepts: see
// generators/terraform/vault.ts). The TokenReview API then needs that client to be allowed to review tokens:
// exactly the service accounts bound to the cluster's Vault roles get system:auth-delegator, nothing else.
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { vaultIdentities } from "../../core/runtime/vault-access.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

export function buildVaultTokenReview(ctx: ClusterContext): ClusterRoleBinding | undefined {
  const { model, env } = ctx;
  if (env.isManagement || !env.features.vaultAddress) return undefined;
  const subjects = vaultIdentities(model)
    .filter((identity) => identity.environment.name === env.name)
    .flatMap((identity) =>
      identity.namespaces.flatMap((namespace) =>
        identity.serviceAccounts.map((name) => ({ kind: "ServiceAccount", name, namespace })),
      ),
    );
  if (subjects.length === 0) return undefined;
  return new ClusterRoleBinding({
    metadata: { name: PLATFORM_NAMES.vaultTokenReview, labels: platformLabels(env) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
    subjects,
  });
}
