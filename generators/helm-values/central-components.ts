// Values of the central components in the management environment: ArgoCD, Vault (and Vault's injector alone
// in the other clusters), DevLake (Backstage and Jenkins have their own files).
import { argocdScale, argocdScaleValues } from "./argocd-scale.ts";
import { DEVLAKE_API, DEVLAKE_SECRETS, centralHosts, argocdTeamRole, rbacGroup } from "../../core/names.ts";
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

/** The value of a label of the Application in a notification template. */
const label = (key: string) => `(index .app.metadata.labels "${key}")`;

/** One webhook request to DevLake's `/rest` API (API key in the service's headers). */
function devlakeTemplate(path: string, body?: string): string {
  return [
    "webhook:",
    "  devlake:",
    "    method: POST",
    `    path: ${path}`,
    ...(body ? ["    body: |", `      ${body}`] : []),
    "",
  ].join("\n");
}

/**
 * DORA without manual set-up: ArgoCD reports each successful sync of a service as a deployment, each
 * degradation in production as an incident, and each recovery as its resolution, to the DevLake webhook
 * connection named after the service's team (created by the DevLake setup Job, generators/dora/).
 *
 * Verified against apache/incubator-devlake v1.0.3-beta10: the lake serves the webhook plugin under
 * `/rest/plugins/webhook/...` only with `Authorization: Bearer <api key>` (backend/server/api/middlewares.go);
 * routes `connections/by-name/:connectionName/deployments`, `.../issues` and `.../issue/:issueKey/close`
 * (plugins/webhook/impl/impl.go); deployments need startedDate and finishedDate on the deployment and on each
 * commit, environment one of PRODUCTION, STAGING, TESTING, DEVELOPMENT (plugins/webhook/api/deployments.go);
 * issues need issueKey, title, originalStatus and createdDate (plugins/webhook/api/issues.go).
 */
export function doraNotifications(production: readonly string[]): Values {
  const base = `/rest/plugins/webhook/connections/by-name/{{${label("fawkes.dev/team")}}}`;
  const environment = label("fawkes.dev/environment");
  const isProduction =
    production.length === 0
      ? "false"
      : production.length === 1
        ? `eq ${environment} "${production[0]}"`
        : `or ${production.map((p) => `(eq ${environment} "${p}")`).join(" ")}`;
  // The incident of an Application is keyed by the revision it was deployed at when it degraded, so its
  // recovery (on that revision, or on the next one: a rollback or a fix) closes the same issue.
  const lastDeploy = "(index .app.status.history (sub (len .app.status.history) 1))";
  const previousDeploy =
    "{{if gt (len .app.status.history) 1}}{{(index .app.status.history (sub (len .app.status.history) 2)).revision}}{{end}}";
  const times =
    '"startedDate": "{{.app.status.operationState.startedAt}}", "finishedDate": "{{.app.status.operationState.finishedAt}}"';
  const commit =
    '"repoUrl": "{{index .app.metadata.annotations "fawkes.dev/source-repo"}}", "refName": "main", "commitSha": "{{index .app.metadata.annotations "fawkes.dev/source-commit"}}"';
  const isEnvProduction =
    production.length === 0
      ? "false"
      : production.map((p) => `app.metadata.labels['fawkes.dev/environment'] == '${p}'`).join(" or ");
  return {
    enabled: true,
    // The Secret holding the API key comes from Vault through an ExternalSecret (generators/dora/).
    secret: { create: false },
    notifiers: {
      "service.webhook.devlake": `url: ${DEVLAKE_API}\nheaders:\n  - name: Content-Type\n    value: application/json\n  - name: Authorization\n    value: Bearer $${DEVLAKE_SECRETS.notificationsKey}\n`,
    },
    templates: {
      "template.devlake-deployment": devlakeTemplate(
        `${base}/deployments`,
        `{"id": "{{.app.metadata.name}}-{{.app.status.sync.revision}}", "result": "SUCCESS", "displayTitle": "{{.app.metadata.name}} {{.app.status.sync.revision | trunc 7}}", "name": "{{.app.metadata.name}}", "environment": "{{if ${isProduction}}}PRODUCTION{{else}}STAGING{{end}}", "originalEnvironment": "{{${environment}}}", ${times}, "deploymentCommits": [{${commit}, ${times}}]}`,
      ),
      "template.devlake-incident": devlakeTemplate(
        `${base}/issues`,
        `{"issueKey": "{{.app.metadata.name}}-{{${lastDeploy}.revision}}", "title": "{{.app.metadata.name}} is degraded", "type": "INCIDENT", "status": "TODO", "originalStatus": "Degraded", "createdDate": "{{.app.status.health.lastTransitionTime | default .app.status.reconciledAt}}"}`,
      ),
      "template.devlake-incident-resolved": devlakeTemplate(
        `${base}/issue/{{.app.metadata.name}}-{{${lastDeploy}.revision}}/close`,
      ),
      "template.devlake-incident-resolved-previous": devlakeTemplate(
        `${base}/issue/{{.app.metadata.name}}-${previousDeploy}/close`,
      ),
    },
    triggers: {
      "trigger.on-deployed":
        "- when: app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'\n  oncePer: app.status.sync.revision\n  send: [devlake-deployment]\n",
      // Incidents count in production only: a degraded staging service is no failed change in production.
      "trigger.on-health-degraded": `- when: app.status.health.status == 'Degraded' and (${isEnvProduction})\n  send: [devlake-incident]\n`,
      "trigger.on-health-recovered": `- when: app.status.health.status == 'Healthy' and (${isEnvProduction})\n  send: [devlake-incident-resolved, devlake-incident-resolved-previous]\n`,
    },
  };
}

/**
 * Vault beyond what selects its mode (core/runtime/component-modes.ts): the server's storage and raft in the
 * management cluster; nothing more for the injector alone in the other clusters.
 */
export function vaultValues({ component, env }: ValuesContext): Values {
  if (component.modes[env.name] === "spoke") return {};
  const ha = env.features.replicas > 1;
  return {
    server: {
      dataStorage: { enabled: true, storageClass: env.features.storageClass },
      ...(ha ? { ha: { replicas: 3, raft: { enabled: true, setNodeId: true } } } : {}),
    },
  };
}

export function devlakeValues(): Values {
  return {
    lake: { encryptionSecret: { autoCreateSecret: false, secretName: DEVLAKE_SECRETS.encryption } },
    // The config UI faces the internet through the gateway and has no login of its own: basic auth
    // (incubator-devlake-helm-chart devlake-1.0.3-beta10, charts/devlake/values.yaml ui.basicAuth).
    ui: { basicAuth: { enabled: true, autoCreateSecret: false, secretName: DEVLAKE_SECRETS.uiAuth } },
  };
}
