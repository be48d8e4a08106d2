// Observability by default: per cluster, the SLO rules of the services deployed there; in the management
// cluster, where Grafana runs, a RED dashboard per HTTP service and one per team, and Grafana's admin
// credentials from Vault.
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { builtOnRead, type KubernetesObject, type OutputFile } from "../../core/file-tree.ts";
import { GRAFANA_ADMIN_SECRET } from "../../core/names.ts";
import { configFilePath } from "../../core/runtime/placement.ts";
import { emit, recordSources } from "../../core/provenance.ts";
import { chunkByBytes } from "../../core/chunk-by-bytes.ts";
import { platformExternalSecret } from "../../core/render/platform-secret.ts";
import { withSyncWave } from "../../core/render/sync-wave.ts";
import { groupWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import type { ResolvedConfig, ResolvedEnvironment, ResolvedService } from "../../core/resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { Generator } from "../generator.ts";
import { serviceDashboard, teamDashboardPages } from "./dashboards.ts";
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
  return dashboardBuilders(model, env).map((build) => build());
}

/** The dashboards' ConfigMaps, each built when asked for: a RED dashboard per HTTP service, then the teams'. */
function dashboardBuilders(model: ResolvedConfig, env: ResolvedEnvironment): (() => ConfigMap)[] {
  const services = httpServices(model);
  return [
    ...services.map(
      (s) => () => dashboardConfigMap(env, `dashboard-service-${s.name}`, s.team.displayName, serviceDashboard(s)),
    ),
    ...model.teams.flatMap((team) => {
      const own = services.filter((s) => s.team.name === team.name);
      return teamDashboardPages(team, own).map(
        (dashboard, page) => () =>
          dashboardConfigMap(
            env,
            page === 0 ? `dashboard-team-${team.name}` : `dashboard-team-${team.name}.${page + 1}`,
            team.displayName,
            dashboard(),
          ),
      );
    }),
  ];
}

/**
 * Bytes of dashboards one file holds; more go to `dashboards-2.yaml`, … in the same folder, which the monitoring
 * namespace's Application syncs whole. A dashboard per HTTP service made one file of 128 MB at 20,000 services:
 * past GitHub's 100 MiB limit on a file, which refuses the push, and several copies of it alive as it was
 * rendered.
 */
export const DASHBOARDS_FILE_BYTES = 8 * 1024 * 1024;

/**
 * At least the bytes of a ConfigMap of dashboard JSON as YAML: its metadata as JSON and room for the YAML around
 * it, each data key, and each line of data indented by four spaces.
 */
function configMapBytes(object: KubernetesObject): number {
  const map = object as ConfigMap;
  let bytes = Buffer.byteLength(JSON.stringify(map.metadata)) + 256;
  for (const [key, value] of Object.entries(map.data ?? {}))
    bytes += Buffer.byteLength(key) + 8 + Buffer.byteLength(value) + 4 * (linesIn(value) + 1);
  return bytes;
}

/** How many lines `text` has (its newlines and one), counted without splitting it into strings. */
function linesIn(text: string): number {
  let lines = 1;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lines++;
  return lines;
}

export const generateObservability: Generator = (model) => {
  const files: OutputFile[] = [];
  const origin = ["components", "kubePrometheusStack"];
  const pathOf = (env: ResolvedEnvironment, name: string) => configFilePath(model, env, namespace, name);
  const file = (env: ResolvedEnvironment, part: "slo-rules" | "grafana", build: () => KubernetesObject[]) => {
    const out = emit(() => ({
      type: "objects",
      environment: env.name,
      path: pathOf(env, `${part}.yaml`),
      origin,
      objects: ((objects) => (objects.length === 0 ? [] : withSyncWave(objects, groupWaveOf(model, env.name, part))))(
        build(),
      ),
    }));
    if (out.type === "objects" && out.objects.length > 0) files.push(out);
  };
  /**
   * The dashboards, in files of at most DASHBOARDS_FILE_BYTES. Each ConfigMap is built to be measured; the first
   * file keeps them, the others build theirs again when read (`builtOnRead`). Built once and kept, 20,000
   * services' dashboards held 109 MB until their turn to be composed.
   */
  const dashboards = (env: ResolvedEnvironment) => {
    const { value, sources } = recordSources(() => {
      const builders = dashboardBuilders(model, env);
      if (builders.length === 0) return undefined;
      // The first file's ConfigMaps, as chunkByBytes fills it.
      const first: ConfigMap[] = [];
      let firstBytes = 0;
      let filling = true;
      const pages = chunkByBytes(builders, DASHBOARDS_FILE_BYTES, (build) => {
        const map = build();
        const bytes = configMapBytes(map);
        filling &&= first.length === 0 || firstBytes + bytes <= DASHBOARDS_FILE_BYTES;
        if (filling) {
          first.push(map);
          firstBytes += bytes;
        }
        return bytes;
      });
      return { pages, first, wave: groupWaveOf(model, env.name, "dashboards") };
    });
    if (!value) return;
    const { pages, first, wave } = value;
    pages.forEach((page, i) => {
      const file = {
        type: "objects",
        environment: env.name,
        path: pathOf(env, i === 0 ? "dashboards.yaml" : `dashboards-${i + 1}.yaml`),
        origin,
        sources,
      } as const;
      const kinds = ["ConfigMap"];
      files.push(
        i === 0 && first.length === page.length
          ? { ...file, objects: withSyncWave(first, wave) }
          : builtOnRead({ ...file, kinds }, () =>
              withSyncWave(
                page.map((build) => build()),
                wave,
              ),
            ),
      );
    });
  };
  for (const env of model.environments) {
    if (!env.features.monitoringNamespace) continue;
    file(env, "slo-rules", () =>
      model.services.filter((s) => s.environmentNames.includes(env.name)).flatMap((s) => buildSloRule(s, env) ?? []),
    );
    if (!env.isManagement) continue;
    dashboards(env);
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
