// Values of the central components in the management environment: ArgoCD, Vault, DevLake (Backstage and
// Jenkins have their own files).
import { centralHosts, argocdTeamRole, rbacGroup } from "../../core/names.ts";
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
        "policy.csv": teams.map((t) => `g, ${rbacGroup(t.githubTeam)}, ${argocdTeamRole(t.name)}`).join("\n"),
      },
    },
    server: { replicas },
    repoServer: { replicas },
    applicationSet: { replicas: Math.min(replicas, 2) },
    ...(model.installed("devlake") ? { notifications: doraNotifications(model.environments.filter((e) => e.protected).map((e) => e.name)) } : {}),
  };
}

/** DevLake's API inside the management cluster. */
export const DEVLAKE_API = "http://devlake-lake.devlake.svc:8080";

/**
 * DORA without manual set-up: ArgoCD reports each successful sync of a service as a deployment, and each
 * degradation as an incident, to the DevLake webhook connection named after the service's team.
 */
export function doraNotifications(production: readonly string[]): Values {
  const connection = '{{index .app.metadata.labels "fawkes.dev/team"}}';
  const isProduction = production.length === 0 ? "false" : production.length === 1
    ? `eq (index .app.metadata.labels \"fawkes.dev/environment\") \"${production[0]}\"`
    : `or ${production.map((p) => `(eq (index .app.metadata.labels \"fawkes.dev/environment\") \"${p}\")`).join(" ")}`;
  const common = '"displayTitle": "{{.app.metadata.name}} {{.app.status.sync.revision | trunc 7}}"';
  return {
    enabled: true,
    notifiers: { "service.webhook.devlake": `url: ${DEVLAKE_API}\nheaders:\n  - name: Content-Type\n    value: application/json\n` },
    templates: {
      "template.devlake-deployment": [
        "webhook:",
        "  devlake:",
        "    method: POST",
        `    path: /api/rest/plugins/webhook/connections/by-name/${connection}/deployments`,
        "    body: |",
        `      {"id": "{{.app.metadata.name}}-{{.app.status.sync.revision}}", "result": "SUCCESS", ${common}, "environment": "{{if ${isProduction}}}PRODUCTION{{else}}STAGING{{end}}", "startedDate": "{{.app.status.operationState.startedAt}}", "finishedDate": "{{.app.status.operationState.finishedAt}}", "deploymentCommits": [{"repoUrl": "{{.app.spec.source.repoURL}}", "refName": "{{.app.spec.source.targetRevision}}", "commitSha": "{{.app.status.sync.revision}}"}]}`,
        "",
      ].join("\n"),
      "template.devlake-incident": [
        "webhook:",
        "  devlake:",
        "    method: POST",
        `    path: /api/rest/plugins/webhook/connections/by-name/${connection}/issues`,
        "    body: |",
        `      {"issueKey": "{{.app.metadata.name}}-{{.app.status.sync.revision}}", "title": "{{.app.metadata.name}} is degraded", "type": "INCIDENT", "status": "TODO", "createdDate": "{{.app.status.operationState.finishedAt}}", "originalStatus": "Degraded"}`,
        "",
      ].join("\n"),
    },
    triggers: {
      "trigger.on-deployed": "- when: app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'\n  oncePer: app.status.sync.revision\n  send: [devlake-deployment]\n",
      "trigger.on-health-degraded": "- when: app.status.health.status == 'Degraded'\n  oncePer: app.status.sync.revision\n  send: [devlake-incident]\n",
    },
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

export function devlakeValues(): Values {
  return { lake: { encryptionSecret: { autoCreateSecret: false, secretName: "devlake-encryption" } } };
}
