// Values of the central components in the management environment: ArgoCD, Vault, Backstage, Jenkins,
// DevLake.
import { centralHosts, rbacGroup } from "../../core/names.ts";
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
  return {
    global: { domain: centralHosts(platform.domain).argocd },
    configs: {
      // TLS ends at the Gateway.
      params: { "server.insecure": true },
      cm: { "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH },
      rbac: {
        "policy.default": "role:readonly",
        scopes: "[groups]",
        "policy.csv": teams.map((t) => `g, ${rbacGroup(t.githubTeam)}, proj:${t.name}:team`).join("\n"),
      },
    },
    server: { replicas },
    repoServer: { replicas },
    applicationSet: { replicas: Math.min(replicas, 2) },
  };
}

export function vaultValues({ env }: ValuesContext): Values {
  const ha = env.features.replicas > 1;
  return {
    injector: { enabled: true },
    ui: { enabled: true },
    server: {
      dataStorage: { enabled: true, storageClass: env.features.storageClass },
      ...(ha ? { ha: { enabled: true, replicas: 3, raft: { enabled: true, setNodeId: true } } } : { standalone: { enabled: true } }),
    },
  };
}

export function backstageValues({ model }: ValuesContext): Values {
  const { platform } = model;
  const baseUrl = `https://${centralHosts(platform.domain).backstage}`;
  const repo = platform.repoURL.replace(/\.git$/, "");
  return {
    backstage: {
      appConfig: {
        app: { baseUrl },
        backend: { baseUrl, cors: { origin: baseUrl } },
        catalog: { locations: [{ type: "url", target: `${repo}/blob/${platform.revision}/out/catalog/all.yaml` }] },
      },
    },
    postgresql: { enabled: true },
  };
}

export function jenkinsValues({ model, env }: ValuesContext): Values {
  return {
    controller: { jenkinsUrl: `https://${centralHosts(model.platform.domain).jenkins}` },
    persistence: { storageClass: env.features.storageClass },
  };
}

export function devlakeValues(): Values {
  return { lake: { encryptionSecret: { autoCreateSecret: false, secretName: "devlake-encryption" } } };
}
