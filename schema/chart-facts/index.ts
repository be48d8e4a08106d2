// The committed table of chart facts: for every platform component, what its pinned upstream chart runs
// with Fawkes' values, each entry with its provenance. Keyed like COMPONENT_CATALOG.
import type { ComponentKey } from "../component-catalog.ts";
import { ARGOCD_FACTS } from "./argocd.ts";
import { BACKSTAGE_FACTS } from "./backstage.ts";
import { CERT_MANAGER_FACTS } from "./cert-manager.ts";
import { CHE_FACTS, DEVWORKSPACE_OPERATOR_FACTS } from "./che.ts";
import { DEVLAKE_FACTS } from "./devlake.ts";
import { EXTERNAL_DNS_FACTS } from "./external-dns.ts";
import { EXTERNAL_SECRETS_FACTS } from "./external-secrets.ts";
import { FLUENT_BIT_FACTS } from "./fluent-bit.ts";
import { INGRESS_NGINX_FACTS } from "./ingress-nginx.ts";
import { ISTIO_BASE_FACTS, ISTIO_CNI_FACTS, ISTIOD_FACTS, ZTUNNEL_FACTS } from "./istio.ts";
import { JENKINS_FACTS } from "./jenkins.ts";
import { KUBE_PROMETHEUS_STACK_FACTS } from "./kube-prometheus-stack.ts";
import { KYVERNO_FACTS } from "./kyverno.ts";
import { LOKI_FACTS } from "./loki.ts";
import { METRICS_SERVER_FACTS } from "./metrics-server.ts";
import { NGINX_GATEWAY_FABRIC_FACTS } from "./nginx-gateway-fabric.ts";
import { OPENTELEMETRY_OPERATOR_FACTS } from "./opentelemetry-operator.ts";
import { TEMPO_FACTS } from "./tempo.ts";
import type { ChartFacts } from "./types.ts";
import { VAULT_FACTS } from "./vault.ts";

export type * from "./types.ts";

export const CHART_FACTS: Readonly<Record<ComponentKey, ChartFacts>> = {
  istioBase: ISTIO_BASE_FACTS,
  istiod: ISTIOD_FACTS,
  istioCni: ISTIO_CNI_FACTS,
  ztunnel: ZTUNNEL_FACTS,
  certManager: CERT_MANAGER_FACTS,
  externalSecrets: EXTERNAL_SECRETS_FACTS,
  kyverno: KYVERNO_FACTS,
  argocd: ARGOCD_FACTS,
  vault: VAULT_FACTS,
  gateway: NGINX_GATEWAY_FABRIC_FACTS,
  ingressNginx: INGRESS_NGINX_FACTS,
  externalDns: EXTERNAL_DNS_FACTS,
  metricsServer: METRICS_SERVER_FACTS,
  kubePrometheusStack: KUBE_PROMETHEUS_STACK_FACTS,
  loki: LOKI_FACTS,
  tempo: TEMPO_FACTS,
  fluentBit: FLUENT_BIT_FACTS,
  opentelemetryOperator: OPENTELEMETRY_OPERATOR_FACTS,
  backstage: BACKSTAGE_FACTS,
  jenkins: JENKINS_FACTS,
  devlake: DEVLAKE_FACTS,
  che: CHE_FACTS,
};

/** The DevWorkspace Operator's manifests (DEVWORKSPACE_OPERATOR in the catalog), which Che needs. */
export { DEVWORKSPACE_OPERATOR_FACTS };

export { SERVICE_CHART_FACTS, knownServiceChartVersions, serviceChartFacts } from "./service-charts.ts";
