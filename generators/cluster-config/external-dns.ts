// ExternalDNS's Azure provider reads its settings from a file (azure.json) that must exist even with workload
// identity: which tenant, subscription and resource group hold the zone. It holds no credential, so a
// ConfigMap beside ExternalDNS carries it.
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { PLATFORM_NAMES } from "../../core/names.ts";
import { dnsWriters } from "../../core/runtime/dns.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

export function buildExternalDnsAzureConfig(ctx: ClusterContext): ConfigMap | undefined {
  const { model, env } = ctx;
  const writer = dnsWriters(model, env).find((w) => w.key === "externalDns");
  if (!writer || writer.zone.provider !== "azure-dns" || env.cloud.provider !== "azure") return undefined;
  const config = {
    tenantId: env.cloud.tenantId,
    subscriptionId: writer.zone.subscriptionId,
    resourceGroup: writer.zone.resourceGroup,
    // The token comes from Azure Workload Identity; the client id from the service account's annotation.
    useWorkloadIdentityExtension: true,
  };
  return new ConfigMap({
    metadata: { name: PLATFORM_NAMES.externalDnsAzureConfig, namespace: writer.namespace, labels: platformLabels(env) },
    data: { "azure.json": `${JSON.stringify(config, null, 2)}\n` },
  });
}
