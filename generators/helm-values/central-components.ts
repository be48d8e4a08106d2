// Values of the central components in the management environment: ArgoCD, Vault (and Vault's injector alone
// in the other clusters), DevLake (Backstage and Jenkins have their own files).
import { argocdScale, argocdScaleValues } from "./argocd-scale.ts";
import { DEVLAKE_SECRETS, centralHosts, argocdTeamRole, devlakeGrafanaUrl, rbacGroup } from "../../core/names.ts";
import { AZURE_WORKLOAD_IDENTITY } from "../../core/runtime/dns.ts";
import { vaultSeal, type VaultSeal } from "../../core/runtime/vault-seal.ts";
import { doraNotifications } from "./dora-notifications.ts";
import type { ValuesContext, Values } from "./context.ts";

/** ArgoCD's health check for Applications, so sync waves of child apps wait for their health. */
const APPLICATION_HEALTH = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

export function argocdValues({ model, env }: ValuesContext): Values {
  const { platform, teams } = model;
  const replicas = env.features.replicas;
  const scale = argocdScaleValues(argocdScale(model));
  return {
    global: { domain: centralHosts(platform.domain).argocd },
    ...(scale.controller ? { controller: scale.controller } : {}),
    configs: {
      // TLS ends at the Gateway.
      params: { "server.insecure": true, ...scale.params },
      cm: { "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH },
      rbac: {
        "policy.default": "role:readonly",
        scopes: "[groups]",
        "policy.csv": teams.map((t) => `g, ${rbacGroup(t.githubTeam)}, ${argocdTeamRole(t.name)}`).join("\n"),
      },
    },
    server: { replicas },
    repoServer: { replicas },
    applicationSet: { replicas: Math.min(replicas, 2) },
    ...(model.installed("devlake")
      ? { notifications: doraNotifications(model.environments.filter((e) => e.protected).map((e) => e.name)) }
      : {}),
  };
}

/**
 * The server's configuration: the chart's default for its mode (vault-helm v0.34.1 values.yaml,
 * server.standalone.config and server.ha.raft.config, which a value replaces whole) with the seal added.
 */
function vaultServerConfig(ha: boolean, seal: VaultSeal): string {
  const storage = ha
    ? ['storage "raft" {', '  path = "/vault/data"', "}", "", 'service_registration "kubernetes" {}']
    : ['storage "file" {', '  path = "/vault/data"', "}"];
  return [
    "ui = true",
    "",
    'listener "tcp" {',
    "  tls_disable = 1",
    '  address = "[::]:8200"',
    '  cluster_address = "[::]:8201"',
    "}",
    "",
    ...storage,
    "",
    ...sealStanza(seal),
    "",
  ].join("\n");
}

/** The seal block; names are fixed, so no Terraform output is read (Azure's client id comes by the service account). */
function sealStanza(seal: VaultSeal): string[] {
  if (seal.provider === "awskms")
    // Credentials come from IRSA (the AWS SDK's web identity).
    return ['seal "awskms" {', `  region = "${seal.region}"`, `  kms_key_id = "${seal.keyAlias}"`, "}"];
  // Credentials come from Azure Workload Identity (AZURE_CLIENT_ID and the token file the webhook injects).
  return [
    'seal "azurekeyvault" {',
    `  tenant_id = "${seal.tenantId}"`,
    `  vault_name = "${seal.vaultName}"`,
    `  key_name = "${seal.keyName}"`,
    "}",
  ];
}

/** The server's service account and pod: the cloud identity its seal authenticates as. */
function sealIdentityValues(seal: VaultSeal): Values {
  if (seal.provider === "awskms")
    return { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": seal.roleArn } } };
  const use = { [AZURE_WORKLOAD_IDENTITY.useLabel]: "true" };
  return {
    extraLabels: use,
    serviceAccount: {
      extraLabels: use,
      ...(seal.clientId === undefined
        ? {}
        : { annotations: { [AZURE_WORKLOAD_IDENTITY.clientIdAnnotation]: seal.clientId } }),
    },
  };
}

/**
 * Vault beyond what selects its mode (core/runtime/component-modes.ts): the server's storage and raft in the
 * management cluster, and its auto-unseal through the cloud's KMS where there is one (core/runtime/vault-seal.ts);
 * nothing more for the injector alone in the other clusters.
 */
export function vaultValues({ model, component, env }: ValuesContext): Values {
  if (component.modes[env.name] === "spoke") return {};
  const ha = env.features.replicas > 1;
  const seal = vaultSeal(model);
  const sealed = seal?.environment === env ? seal : undefined;
  const config = sealed ? vaultServerConfig(ha, sealed) : undefined;
  return {
    server: {
      dataStorage: { enabled: true, storageClass: env.features.storageClass },
      ...(ha
        ? { ha: { replicas: 3, raft: { enabled: true, setNodeId: true, ...(config ? { config } : {}) } } }
        : config
          ? { standalone: { config } }
          : {}),
      ...(sealed ? sealIdentityValues(sealed) : {}),
    },
  };
}

export function devlakeValues({ model }: ValuesContext): Values {
  const grafana = new URL(devlakeGrafanaUrl(model.platform.domain));
  return {
    lake: { encryptionSecret: { autoCreateSecret: false, secretName: DEVLAKE_SECRETS.encryption } },
    // The config UI faces the internet through the gateway and has no login of its own: basic auth
    // (incubator-devlake-helm-chart devlake-1.0.3-beta10, charts/devlake/values.yaml ui.basicAuth).
    ui: { basicAuth: { enabled: true, autoCreateSecret: false, secretName: DEVLAKE_SECRETS.uiAuth } },
    // DevLake's Grafana with its DORA dashboards, served by the config UI under /grafana/. The UI's proxy
    // turns basic auth off there (config-ui/nginx.conf), so Grafana's own login guards it, with the UI's
    // credentials (grafana 9.3.2 admin.existingSecret) and no anonymous access; links it builds point at the
    // public URL.
    grafana: {
      enabled: true,
      admin: { existingSecret: DEVLAKE_SECRETS.uiAuth, userKey: "ADMIN_USER", passwordKey: "ADMIN_PASS" },
      "grafana.ini": {
        server: { domain: grafana.host, root_url: grafana.href, serve_from_subpath: true },
        "auth.anonymous": { enabled: false },
      },
    },
  };
}
