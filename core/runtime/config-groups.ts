// The cluster configuration, in groups: the objects Fawkes itself adds to a cluster beside the charts (stores,
// issuers, Gateways, policies, the platform's NetworkPolicies, DORA's setup, …), each group with the kinds it
// emits, the Secrets it makes and what it needs besides the CRDs of its kinds (bootstrap-graph.ts adds those
// from the chart facts). The generators that build a group name it by its key here; where it syncs follows
// from its namespace (placement.ts). Each group's condition here must be its generator's: a file with no group
// has no wave (generation fails), a group of its own Application with no file fails ArgoCD's verification
// (core/verify-argocd.ts), and test/bootstrap-graph.test.ts compares the groups with the files emitted.
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { CENTRAL_ROUTES, DEVLAKE_SECRETS, GRAFANA_ADMIN_SECRET } from "../names.ts";
import { activePolicies, buildExceptions } from "../policy/admission.ts";
import type { ConfigPath } from "../problems.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { ids } from "./bootstrap-model.ts";
import { dnsWriters } from "./dns.ts";
import { customVaultIdentity, vaultIdentities } from "./vault-access.ts";
import { platformFlows } from "./platform-flows.ts";

export interface GroupNeed {
  readonly to: string;
  readonly reason: string;
  /** Set when the group cannot work without it: generation fails when the platform lacks it. */
  readonly required?: { readonly path: ConfigPath; readonly missing: string; readonly hint: string };
}

export interface ConfigGroup {
  /** Unique in its environment: the group's name, and for one group per namespace, `<name>/<namespace>`. */
  readonly key: string;
  readonly title: string;
  /** File name in the cluster's folder, or in its namespace's folder when a component carries it. */
  readonly file: string;
  /** Namespace of its objects (undefined: cluster-scoped); placement.ts decides who carries it. */
  readonly namespace?: string;
  /** `group/Kind` of every object it emits (`networking.k8s.io/NetworkPolicy`, `/ConfigMap` for core). */
  readonly kinds: readonly string[];
  /** Secrets its ExternalSecrets create, which a chart may read (the chart facts' `secretsRead`). */
  readonly secrets?: readonly string[];
  readonly needs: readonly GroupNeed[];
}

const ns = COMPONENT_CATALOG;

/** The platform's ClusterSecretStore, which every platform ExternalSecret reads through. */
function platformStore(env: ResolvedEnvironment): GroupNeed {
  return {
    to: ids.group(env.name, "secret-store"),
    reason: "reads Vault through the ClusterSecretStore vault-platform",
    required: {
      path: ["components", "vault"],
      missing: `the ClusterSecretStore vault-platform it reads through is not in ${env.name} (Vault is off)`,
      hint: "enable Vault in the management environment, or External Secrets' readers need another store",
    },
  };
}

const seeded = (env: ResolvedEnvironment): GroupNeed => ({
  to: ids.seed(env.name),
  reason: "the Vault paths it reads are seeded",
});

/** Every group of one environment's cluster configuration. */
export function configGroups(model: ResolvedConfig, env: ResolvedEnvironment): ConfigGroup[] {
  const e = env.name;
  const f = env.features;
  const ngf = f.gateway?.controller === "nginx-gateway-fabric";
  const installed = (key: keyof typeof COMPONENT_CATALOG) => model.installed(key)?.environments.includes(env) ?? false;
  const platformSecrets = env.isManagement && f.externalSecrets;
  const groups: ConfigGroup[] = [];
  const add = (group: ConfigGroup | false) => {
    if (group) groups.push(group);
  };

  // 1. The platform's NetworkPolicies, one file per namespace.
  for (const namespace of new Set(platformFlows(model, env).map((flow) => flow.to)))
    add({
      key: `network/${namespace}`,
      title: `NetworkPolicies of ${namespace}`,
      file: "network.yaml",
      namespace,
      kinds: ["networking.k8s.io/NetworkPolicy"],
      needs: [],
    });

  // 2. Cluster-wide foundations.
  add(
    env.cloud.provider === "aws" && {
      key: "storage",
      title: `StorageClass ${f.storageClass}`,
      file: "storage.yaml",
      kinds: ["storage.k8s.io/StorageClass"],
      needs: [],
    },
  );
  const policies = activePolicies(model.policies);
  const exceptions = f.kyverno ? buildExceptions(model, env, new Set(policies.map((p) => p.rule.name))) : [];
  add(
    f.kyverno &&
      exceptions.length > 0 &&
      policies.length > 0 && {
        key: "policy-exceptions",
        title: "Kyverno PolicyExceptions",
        file: "policy-exceptions.yaml",
        namespace: ns.kyverno.namespace,
        kinds: ["policies.kyverno.io/PolicyException"],
        needs: [],
      },
  );
  add(
    f.kyverno &&
      policies.length > 0 && {
        key: "policies",
        title: "Kyverno ValidatingPolicies",
        file: "policies.yaml",
        kinds: ["policies.kyverno.io/ValidatingPolicy"],
        needs: [
          {
            to: ids.group(e, "policy-exceptions"),
            reason: "the platform's pods that need an exception have it before the policies enforce",
          },
        ],
      },
  );
  add(
    f.certManager && {
      key: "cluster-issuer",
      title: "ClusterIssuer letsencrypt",
      file: "cluster-issuer.yaml",
      kinds: ["cert-manager.io/ClusterIssuer"],
      needs: [],
    },
  );
  add(
    f.mesh && {
      key: "mesh",
      title: "PeerAuthentication (STRICT mutual TLS)",
      file: "mesh.yaml",
      namespace: ns.istiod.namespace,
      kinds: ["security.istio.io/PeerAuthentication"],
      needs: [],
    },
  );

  // 3. Secrets: the platform's store in the management cluster, and what reads through it.
  const store = env.isManagement && f.externalSecrets && f.vaultAddress !== undefined;
  add(
    store && {
      key: "secret-store",
      title: "ClusterSecretStore vault-platform",
      file: "secret-store.yaml",
      kinds: ["external-secrets.io/ClusterSecretStore"],
      needs: [
        { to: ids.installer(e, "vault"), reason: `reads Vault at ${f.vaultAddress}` },
        {
          to: ids.vaultTerraform,
          reason: `authenticates with Vault's Kubernetes auth mount for ${e} and its role external-secrets`,
        },
      ],
    },
  );
  const spokes = model.environments.filter((other) => !other.isManagement);
  add(
    platformSecrets &&
      spokes.length > 0 && {
        key: "argocd-clusters",
        title: "ArgoCD cluster secrets (ExternalSecrets)",
        file: "argocd-clusters.yaml",
        namespace: model.platform.argocdNamespace,
        kinds: ["external-secrets.io/ExternalSecret"],
        needs: [
          platformStore(env),
          ...spokes.map((spoke) => ({
            to: ids.register(spoke.name),
            reason: `renders the cluster secret of ${spoke.name} from its credentials in Vault`,
          })),
        ],
      },
  );
  add(
    platformSecrets &&
      installed("jenkins") && {
        key: "jenkins-credentials",
        title: "Jenkins credentials (ExternalSecrets)",
        file: "jenkins-credentials.yaml",
        namespace: ns.jenkins.namespace,
        kinds: ["external-secrets.io/ExternalSecret"],
        needs: [platformStore(env), seeded(env)],
      },
  );

  // ExternalDNS's Azure settings (azure.json), which its pod mounts: before the chart, in its namespace.
  const externalDns = dnsWriters(model, env).find((w) => w.key === "externalDns");
  add(
    externalDns !== undefined &&
      externalDns.zone.provider === "azure-dns" &&
      env.cloud.provider === "azure" && {
        key: "external-dns",
        title: "ExternalDNS's Azure settings",
        file: "external-dns.yaml",
        namespace: externalDns.namespace,
        kinds: ["/ConfigMap"],
        needs: [],
      },
  );

  // Outside the management cluster: the service accounts that log in to Vault may review tokens.
  const reviewers =
    !env.isManagement && f.vaultAddress
      ? vaultIdentities(model).filter(
          (i) => i.environment.name === e && i.namespaces.length > 0 && i.serviceAccounts.length > 0,
        )
      : [];
  add(
    reviewers.length > 0 && {
      key: "vault-auth",
      title: "Vault's token reviewers (system:auth-delegator)",
      file: "vault-auth.yaml",
      kinds: ["rbac.authorization.k8s.io/ClusterRoleBinding"],
      needs: [],
    },
  );

  // 4. Gateways and the central UIs' routes.
  add(
    ngf && {
      key: "gateway",
      title: "Gateways",
      file: "gateway.yaml",
      namespace: f.gateway!.namespace,
      kinds: ["gateway.networking.k8s.io/Gateway"],
      needs: [
        {
          to: ids.installer(e, "gateway"),
          reason: "GatewayClass nginx comes with NGINX Gateway Fabric, whose control plane programs the Gateways",
        },
        {
          to: ids.group(e, "cluster-issuer"),
          reason: "its listeners' certificates come from ClusterIssuer letsencrypt",
        },
      ],
    },
  );
  add(
    ngf && {
      key: "gateway-redirects",
      title: "HTTP to HTTPS redirects",
      file: "gateway.yaml",
      namespace: f.gateway!.namespace,
      kinds: ["gateway.networking.k8s.io/HTTPRoute"],
      needs: [{ to: ids.group(e, "gateway"), reason: "attach to the Gateways' HTTP listeners" }],
    },
  );
  const routed = new Set<string>();
  for (const route of Object.values(CENTRAL_ROUTES))
    if (env.isManagement && ngf && installed(route.component)) routed.add(ns[route.component].namespace);
  for (const namespace of routed)
    add({
      key: `central-routes/${namespace}`,
      title: `HTTPRoutes of the central UIs in ${namespace}`,
      file: "central-routes.yaml",
      namespace,
      kinds: ["gateway.networking.k8s.io/HTTPRoute"],
      needs: [{ to: ids.group(e, "gateway"), reason: "its routes attach to the environment's Gateways" }],
    });

  // 5. What the components' controllers read: telemetry, SLOs, dashboards, Che, DORA.
  add(
    f.instrumentation !== undefined && {
      key: "observability",
      title: "OpenTelemetryCollector and Instrumentation",
      file: "observability.yaml",
      namespace: ns.opentelemetryOperator.namespace,
      kinds: ["opentelemetry.io/OpenTelemetryCollector", "opentelemetry.io/Instrumentation"],
      needs: [],
    },
  );
  const monitoring = f.monitoringNamespace;
  const slos = model.services.some(
    (s) => s.environmentNames.includes(e) && (s.slo?.availability !== undefined || s.slo?.latency !== undefined),
  );
  const red = model.services.some((s) => s.port !== undefined && s.metricsPort !== undefined);
  add(
    monitoring !== undefined &&
      slos && {
        key: "slo-rules",
        title: "PrometheusRules of the services' SLOs",
        file: "slo-rules.yaml",
        namespace: monitoring,
        kinds: ["monitoring.coreos.com/PrometheusRule"],
        needs: [],
      },
  );
  add(
    monitoring !== undefined &&
      env.isManagement &&
      red && {
        key: "dashboards",
        title: "Grafana dashboards (ConfigMaps)",
        file: "dashboards.yaml",
        namespace: monitoring,
        kinds: ["/ConfigMap"],
        needs: [],
      },
  );
  add(
    monitoring !== undefined &&
      platformSecrets && {
        key: "grafana",
        title: `Grafana's admin credentials (ExternalSecret ${GRAFANA_ADMIN_SECRET})`,
        file: "grafana.yaml",
        namespace: monitoring,
        kinds: ["external-secrets.io/ExternalSecret"],
        secrets: [GRAFANA_ADMIN_SECRET],
        needs: [platformStore(env), seeded(env)],
      },
  );
  add(
    installed("che") && {
      key: "che",
      title: "CheCluster",
      file: "che.yaml",
      namespace: ns.che.namespace,
      kinds: ["org.eclipse.che/CheCluster"],
      needs: [{ to: ids.group(e, "cluster-issuer"), reason: "its certificate comes from ClusterIssuer letsencrypt" }],
    },
  );
  if (installed("devlake") && f.externalSecrets) groups.push(...doraGroups(env));
  // Secrets of components the catalog does not know, in their namespaces: through the platform's store in the
  // management cluster, through a SecretStore of their own (its Vault role on this cluster's mount) elsewhere.
  for (const c of model.customComponents.filter((c) => c.environments.includes(env) && c.secrets.length > 0)) {
    const identity = customVaultIdentity(c, env);
    const secrets = c.secrets.map((secret) => secret.name);
    const key = `custom-secrets/${c.namespace}`;
    const file = "custom-secrets.yaml";
    add(
      platformSecrets && {
        key,
        title: `${c.name}'s secrets (ExternalSecrets)`,
        file,
        namespace: c.namespace,
        kinds: ["external-secrets.io/ExternalSecret"],
        secrets,
        needs: [platformStore(env), seeded(env)],
      },
    );
    const hub = model.environments.find((x) => x.isManagement)!;
    add(
      identity !== undefined && {
        key,
        title: `${c.name}'s secrets (its SecretStore and ExternalSecrets)`,
        file,
        namespace: c.namespace,
        kinds: ["/ServiceAccount", "external-secrets.io/SecretStore", "external-secrets.io/ExternalSecret"],
        secrets,
        needs: [
          seeded(env),
          { to: ids.vaultTerraform, reason: `its SecretStore logs in with the Vault role ${identity.role}` },
          { to: ids.installer(hub.name, "vault"), reason: `its SecretStore reads Vault at ${f.vaultAddress}` },
          { to: ids.dns(hub.name), reason: `its SecretStore reaches ${f.vaultAddress}` },
          {
            to: ids.group(e, "vault-auth"),
            reason: "Vault reviews its login with its own token (system:auth-delegator)",
          },
        ],
      },
    );
  }
  return groups;
}

/** DORA's setup in the DevLake namespace (generators/dora/): one file, four steps in order. */
function doraGroups(env: ResolvedEnvironment): ConfigGroup[] {
  const e = env.name;
  const namespace = COMPONENT_CATALOG.devlake.namespace;
  const dora = (key: string, title: string, kinds: string[], needs: GroupNeed[], secrets?: string[]) => ({
    key,
    title,
    file: "dora.yaml",
    namespace,
    kinds,
    ...(secrets ? { secrets } : {}),
    needs,
  });
  return [
    dora(
      "dora-secrets",
      "DevLake's secrets (ExternalSecrets)",
      ["external-secrets.io/ExternalSecret"],
      [platformStore(env), seeded(env)],
      [DEVLAKE_SECRETS.encryption, DEVLAKE_SECRETS.github, DEVLAKE_SECRETS.uiAuth],
    ),
    dora(
      "dora-setup",
      "DevLake's setup Job (connections, projects)",
      [
        "/ServiceAccount",
        "rbac.authorization.k8s.io/Role",
        "rbac.authorization.k8s.io/RoleBinding",
        "/ConfigMap",
        "batch/Job",
      ],
      [
        { to: ids.installer(e, "devlake"), reason: "the setup Job calls DevLake's API" },
        { to: ids.group(e, "dora-secrets"), reason: "the setup Job reads the GitHub token" },
      ],
    ),
    dora(
      "dora-push",
      "DevLake's API key to Vault (PushSecret)",
      ["external-secrets.io/PushSecret"],
      [
        {
          to: ids.group(e, "dora-setup"),
          reason: `the setup Job creates Secret ${DEVLAKE_SECRETS.apiKey}, which it pushes`,
        },
        platformStore(env),
      ],
    ),
    dora(
      "dora-notifications",
      "ArgoCD's notifications secret (ExternalSecret)",
      ["external-secrets.io/ExternalSecret"],
      [
        { to: ids.group(e, "dora-push"), reason: "reads the API key the PushSecret writes to Vault" },
        platformStore(env),
      ],
    ),
  ];
}
