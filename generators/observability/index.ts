// Observability by default: per cluster, the SLO rules of the services deployed there; in the management
// cluster, where Grafana runs, a RED dashboard per HTTP service and one per team, and Grafana's admin
// credentials from Vault.
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { KubernetesObject, OutputFile } from "../../core/file-tree.ts";
import { GRAFANA_ADMIN_SECRET } from "../../core/names.ts";
import { configFilePath } from "../../core/runtime/placement.ts";
import { emit } from "../../core/provenance.ts";
import { platformExternalSecret } from "../../core/render/platform-secret.ts";
import { withSyncWave } from "../../core/render/sync-wave.ts";
import { groupWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedService } from "../../core/resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { Generator } from "../generator.ts";
import { serviceDashboard, teamDashboards } from "./dashboards.ts";
import { buildSloRule } from "./slo-rules.ts";

const namespace = COMPONENT_CATALOG.kubePrometheusStack.namespace;
const labelsOf = (env: ResolvedEnvironment) => ({
  "app.kubernetes.io/managed-by": "fawkes",
  "fawkes.dev/environment": env.name,
});

/** Services that serve HTTP and are scraped or instrumented: the ones RED applies to. */
export const httpServices = (model: ResolvedConfig): ResolvedService[] =>
  model.services.filter((s) => s.port !== undefined && s.metricsPort !== undefined);

function dashboardConfigMap(env: ResolvedEnvironment, name: string, folder: string, json: unknown): ConfigMap {
  return new ConfigMap({
    metadata: {
      name,
      namespace,
      labels: { ...labelsOf(env), grafana_dashboard: "1" },
      annotations: { grafana_folder: folder },
    },
    data: { [`${name}.json`]: `${JSON.stringify(json, null, 2)}\n` },
  });
}

export function buildDashboards(model: ResolvedConfig, env: ResolvedEnvironment): ConfigMap[] {
  const services = httpServices(model);
  return [
    ...services.map((s) =>
      dashboardConfigMap(env, `dashboard-service-${s.name}`, s.team.displayName, serviceDashboard(s)),
    ),
    ...model.teams.flatMap((team) => {
      const own = services.filter((s) => s.team.name === team.name);
      return teamDashboards(team, own).map((dashboard, page) =>
        dashboardConfigMap(
          env,
          page === 0 ? `dashboard-team-${team.name}` : `dashboard-team-${team.name}.${page + 1}`,
          team.displayName,
          dashboard,
        ),
      );
    }),
  ];
}

export const generateObservability: Generator = (model) => {
  const files: OutputFile[] = [];
  const file = (
    env: ResolvedEnvironment,
    part: "dashboards" | "slo-rules" | "grafana",
    build: () => KubernetesObject[],
  ) => {
    const out = emit(() => ({
      type: "objects",
      environment: env.name,
      path: configFilePath(model, env, COMPONENT_CATALOG.kubePrometheusStack.namespace, `${part}.yaml`),
      origin: ["components", "kubePrometheusStack"],
      objects: ((objects) => (objects.length === 0 ? [] : withSyncWave(objects, groupWaveOf(model, env.name, part))))(
        build(),
      ),
    }));
    if (out.type === "objects" && out.objects.length > 0) files.push(out);
  };
  for (const env of model.environments) {
    if (!env.features.monitoringNamespace) continue;
    file(env, "slo-rules", () =>
      model.services.filter((s) => s.environmentNames.includes(env.name)).flatMap((s) => buildSloRule(s, env) ?? []),
    );
    if (!env.isManagement) continue;
    file(env, "dashboards", () => buildDashboards(model, env));
    if (env.features.externalSecrets) {
      file(env, "grafana", () => [
        platformExternalSecret({
          name: GRAFANA_ADMIN_SECRET,
          namespace,
          environment: env.name,
          labels: labelsOf(env),
          data: {
            "admin-user": { path: "grafana/admin", property: "user" },
            "admin-password": { path: "grafana/admin", property: "password" },
          },
        }),
      ]);
    }
  }
  return files;
};
