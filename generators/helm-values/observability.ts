// Values of the observability stack: Prometheus and Grafana, Loki, Tempo, Fluent Bit, the OpenTelemetry
// Operator. Grafana, Loki and Tempo run centrally; every cluster runs Prometheus and ships logs and traces.
import { GRAFANA_ADMIN_SECRET, centralHosts } from "../../core/names.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { ValuesContext, Values } from "./context.ts";

const RETENTION = { small: "3d", medium: "7d", large: "15d" } as const;
const PROMETHEUS_STORAGE = { small: "20Gi", medium: "50Gi", large: "200Gi" } as const;

export function kubePrometheusStackValues({ model, env }: ValuesContext): Values {
  const central = env.isManagement;
  const loki = model.installed("loki") !== undefined;
  const tempo = model.installed("tempo") !== undefined;
  return {
    prometheus: {
      prometheusSpec: {
        // Scrape every ServiceMonitor and PodMonitor, not only those labelled for this release.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        retention: RETENTION[env.size],
        replicas: Math.min(env.features.replicas, 2),
        externalLabels: { cluster: env.clusterName, environment: env.name },
        // PrometheusRules from Fawkes (SLOs) are not labelled for this release either.
        ruleSelectorNilUsesHelmValues: false,
        // The cluster's OpenTelemetry collector writes the services' OTLP metrics here.
        enableRemoteWriteReceiver: true,
        // Every other cluster forwards its series to the management cluster's Prometheus, where Grafana reads them.
        ...(central
          ? {}
          : { remoteWrite: [{ url: `https://${centralHosts(model.platform.domain).prometheus}/api/v1/write` }] }),
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: env.features.storageClass,
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: PROMETHEUS_STORAGE[env.size] } },
            },
          },
        },
      },
    },
    alertmanager: { config: alertmanagerConfig(model) },
    grafana: central
      ? {
          enabled: true,
          // From Vault (generators/observability/).
          admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
          // Dashboards from ConfigMaps labelled grafana_dashboard (the chart's sidecar), in folders.
          sidecar: {
            dashboards: {
              enabled: true,
              label: "grafana_dashboard",
              labelValue: "1",
              folderAnnotation: "grafana_folder",
              provider: { foldersFromFilesStructure: true },
            },
          },
          additionalDataSources: [
            ...(loki
              ? [
                  {
                    name: "Loki",
                    type: "loki",
                    uid: "loki",
                    url: `http://loki.${COMPONENT_CATALOG.loki.namespace}.svc:3100`,
                    access: "proxy",
                  },
                ]
              : []),
            ...(tempo
              ? [
                  {
                    name: "Tempo",
                    type: "tempo",
                    uid: "tempo",
                    url: `http://tempo.${COMPONENT_CATALOG.tempo.namespace}.svc:3200`,
                    access: "proxy",
                  },
                ]
              : []),
          ],
        }
      : { enabled: false },
  };
}

/**
 * Alertmanager routes each alert to its team's receiver by the `team` label the SLO rules set; the rest
 * goes to the platform team. Receivers mail the team's contact: the SMTP relay (`global.smtp_smarthost`,
 * `smtp_from`) is the platform's to set in the component's values.
 */
export function alertmanagerConfig(model: ResolvedConfig): Values {
  return {
    route: {
      receiver: "platform",
      group_by: ["alertname", "namespace", "service"],
      routes: model.teams.map((team) => ({ receiver: team.name, matchers: [`team="${team.name}"`], continue: false })),
    },
    receivers: [
      { name: "platform" },
      ...model.teams.map((team) => ({ name: team.name, email_configs: [{ to: team.contact, send_resolved: true }] })),
    ],
  };
}

export function lokiValues({ env }: ValuesContext): Values {
  return {
    deploymentMode: "Monolithic",
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: "filesystem" },
      schemaConfig: {
        configs: [
          {
            from: "2024-04-01",
            store: "tsdb",
            object_store: "filesystem",
            schema: "v13",
            index: { prefix: "index_", period: "24h" },
          },
        ],
      },
      limits_config: { retention_period: `${Number.parseInt(RETENTION[env.size], 10) * 24}h` },
      // retention_period alone deletes nothing: the compactor applies it only with retention_enabled.
      compactor: {
        retention_enabled: true,
        delete_request_store: "filesystem",
        working_directory: "/var/loki/compactor",
      },
    },
    singleBinary: { replicas: 1, persistence: { storageClass: env.features.storageClass } },
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
  };
}

export function tempoValues({ env }: ValuesContext): Values {
  return {
    tempo: { retention: `${Number.parseInt(RETENTION[env.size], 10) * 24}h` },
    persistence: { enabled: true, storageClassName: env.features.storageClass },
  };
}

export function fluentBitValues({ model, env }: ValuesContext): Values {
  const target = env.isManagement
    ? { host: `loki.${COMPONENT_CATALOG.loki.namespace}.svc`, port: 3100, tls: "off" }
    : { host: centralHosts(model.platform.domain).loki, port: 443, tls: "on" };
  return {
    config: {
      outputs: [
        "[OUTPUT]",
        "    Name loki",
        "    Match kube.*",
        `    Host ${target.host}`,
        `    Port ${target.port}`,
        `    tls ${target.tls}`,
        `    labels cluster=${env.clusterName}, environment=${env.name}`,
        "    auto_kubernetes_labels on",
        "",
      ].join("\n"),
    },
  };
}

export function opentelemetryOperatorValues(): Values {
  // The webhook's certificates come from cert-manager, which every cluster runs.
  return { admissionWebhooks: { certManager: { enabled: true } } };
}
