// ArgoCD notifications that feed DevLake's DORA metrics: deployments, and incidents with the two dates time
// to restore needs.
import { DEVLAKE_API, DEVLAKE_SECRETS } from "../../core/names.ts";
import { renderYamlDocument } from "../../core/render-yaml.ts";
import type { Values } from "./context.ts";

/** The value of a label of the Application in a notification template. */
const label = (key: string) => `(index .app.metadata.labels "${key}")`;

/** One webhook request to DevLake's `/rest` API (API key in the service's headers). */
function devlakeTemplate(path: string, body?: string): string {
  return [
    "webhook:",
    "  devlake:",
    "    method: POST",
    `    path: ${path}`,
    ...(body ? ["    body: |", ...body.split("\n").map((line) => `      ${line}`)] : []),
    "",
  ].join("\n");
}

/**
 * ArgoCD's record of the notifications it sent, on each Application: a JSON object whose keys are
 * `<oncePer>:<trigger>:<condition>:<service>:<recipient>` and values the Unix time of the sending
 * (argoproj/notifications-engine at a23b5827d630, the version Argo CD v3.3.6 requires:
 * pkg/controller/state.go, StateItemKey and SetAlreadyNotified; a key with a oncePer prefix is never removed,
 * so it outlives the condition). ApplicationSets keep it on the Applications they generate
 * (argo-cd v3.3.6 applicationset/controllers/applicationset_controller.go, defaultPreservedAnnotations).
 */
export const NOTIFIED_ANNOTATION = "notified.notifications.argoproj.io";
/** The trigger whose sending opens an incident; its record, keyed by the degraded revision, dates it. */
export const DEGRADED_TRIGGER = "on-health-degraded";
/** How the record of the degraded notification of a revision begins, in that JSON (the key's opening quote). */
export const degradedRecordPrefix = (revision: string): string => `"${revision}:${DEGRADED_TRIGGER}:`;

// Trigger conditions and oncePer are expr-lang (v1.17.7 in Argo CD v3.3.6) over the Application as a map.
const HISTORY = "app.status.history ?? []";
const lastRevision = (back: number) => `(${HISTORY})[len(${HISTORY}) - ${back}].revision`;
const STATE = `(app.metadata.annotations['${NOTIFIED_ANNOTATION}'] ?? '')`;
/** Whether ArgoCD's record holds the degraded notification of a revision (the prefix above, in expr). */
const degradedAt = (revision: string) => `${STATE} contains ('"' + ${revision} + ':${DEGRADED_TRIGGER}:')`;

/** A trigger's conditions as the YAML text ArgoCD reads (quoted where expr's `? :` would break plain YAML). */
const trigger = (conditions: readonly { when: string; oncePer?: string; send: string[] }[]): string =>
  renderYamlDocument(conditions, true);

/**
 * The incident a recovery closes: the one of the last deployed revision (the service healed on it), else the
 * one of the revision before it (the recovery is a new deployment: a fix or a rollback). Go template with
 * Sprig (notifications-engine pkg/templates/service.go), defining $entry, $revision and $since (the Unix time
 * the incident was reported, from the record above).
 */
const RESOLVED_INCIDENT = [
  "{{- $state := index .app.metadata.annotations " + `"${NOTIFIED_ANNOTATION}"` + ' | default "" -}}',
  "{{- $history := .app.status.history -}}",
  "{{- $entry := index $history (sub (len $history) 1) -}}",
  `{{- if and (gt (len $history) 1) (not (contains (printf "\\"%s:${DEGRADED_TRIGGER}:" $entry.revision) $state)) -}}`,
  "{{- $entry = index $history (sub (len $history) 2) -}}",
  "{{- end -}}",
  "{{- $revision := $entry.revision -}}",
  `{{- $since := regexFind (printf "\\"%s:${DEGRADED_TRIGGER}:[^\\"]*\\":[0-9]+" (regexQuoteMeta $revision)) $state | regexFind "[0-9]+$" -}}`,
].join("\n");

/**
 * DORA without manual set-up: ArgoCD reports each successful sync of a service as a deployment, each
 * degradation in production as an incident, and each recovery as its resolution, to the DevLake webhook
 * connection named after the service's team (created by the DevLake setup Job, generators/dora/).
 *
 * Verified against apache/incubator-devlake v1.0.3-beta10: the lake serves the webhook plugin under
 * `/rest/plugins/webhook/...` only with `Authorization: Bearer <api key>` (backend/server/api/middlewares.go);
 * routes `connections/by-name/:connectionName/deployments` and `.../issues` (plugins/webhook/impl/impl.go);
 * deployments need startedDate and finishedDate on the deployment and on each commit, environment one of
 * PRODUCTION, STAGING, TESTING, DEVELOPMENT (plugins/webhook/api/deployments.go); issues need issueKey, title,
 * originalStatus and createdDate, status one of TODO, DONE, IN_PROGRESS, and an issue of type INCIDENT is
 * also an incident (plugins/webhook/api/issues.go, postIssue). Its `issue/:issueKey/close` only sets the
 * status to DONE (closeIssue) and leaves resolution_date empty, while both of DevLake's time-to-restore
 * queries filter incidents on resolution_date (grafana/dashboards/DORA.json: incidents.resolution_date, and
 * lead_time_minutes, which postIssue computes from resolutionDate − createdDate): a recovery therefore posts
 * the whole issue again, DONE, with resolutionDate and the createdDate the incident was opened with.
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
  // An incident is keyed by the revision deployed when it degraded, and reported once per revision (oncePer),
  // which keeps ArgoCD's record of it until the recovery reads its date.
  const lastDeploy = "(index .app.status.history (sub (len .app.status.history) 1))";
  const times =
    '"startedDate": "{{.app.status.operationState.startedAt}}", "finishedDate": "{{.app.status.operationState.finishedAt}}"';
  const commit =
    '"repoUrl": "{{index .app.metadata.annotations "fawkes.dev/source-repo"}}", "refName": "main", "commitSha": "{{index .app.metadata.annotations "fawkes.dev/source-commit"}}"';
  const isEnvProduction =
    production.length === 0
      ? "false"
      : production.map((p) => `app.metadata.labels['fawkes.dev/environment'] == '${p}'`).join(" or ");
  const healthSince = ".app.status.health.lastTransitionTime | default .app.status.reconciledAt";
  const degradedHere = degradedAt(lastRevision(1));
  const degradedBefore = `(len(${HISTORY}) > 1 and ${degradedAt(lastRevision(2))})`;
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
        `{"issueKey": "{{.app.metadata.name}}-{{${lastDeploy}.revision}}", "title": "{{.app.metadata.name}} is degraded", "type": "INCIDENT", "status": "TODO", "originalStatus": "Degraded", "createdDate": "{{${healthSince}}}"}`,
      ),
      "template.devlake-incident-resolved": devlakeTemplate(
        `${base}/issues`,
        `${RESOLVED_INCIDENT}\n{"issueKey": "{{.app.metadata.name}}-{{$revision}}", "title": "{{.app.metadata.name}} is degraded", "type": "INCIDENT", "status": "DONE", "originalStatus": "Healthy", "createdDate": "{{if $since}}{{dateInZone "2006-01-02T15:04:05Z07:00" (atoi $since) "UTC"}}{{else}}{{$entry.deployedAt}}{{end}}", "resolutionDate": "{{${healthSince}}}"}`,
      ),
    },
    triggers: {
      "trigger.on-deployed": trigger([
        {
          when: "app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
          oncePer: "app.status.sync.revision",
          send: ["devlake-deployment"],
        },
      ]),
      // Incidents count in production only: a degraded staging service is no failed change in production.
      [`trigger.${DEGRADED_TRIGGER}`]: trigger([
        {
          when: `app.status.health.status == 'Degraded' and (${isEnvProduction}) and len(${HISTORY}) > 0`,
          oncePer: lastRevision(1),
          send: ["devlake-incident"],
        },
      ]),
      // Healthy after a reported degradation of the last revision or the one before: once per incident.
      "trigger.on-health-recovered": trigger([
        {
          when: `app.status.health.status == 'Healthy' and (${isEnvProduction}) and len(${HISTORY}) > 0 and (${degradedHere} or ${degradedBefore})`,
          oncePer: `${degradedHere} ? ${lastRevision(1)} : ${lastRevision(2)}`,
          send: ["devlake-incident-resolved"],
        },
      ]),
    },
  };
}
