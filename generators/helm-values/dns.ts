// Values of the components that write to the cloud's DNS zone: their workload identity (the service account
// annotation and labels each cloud needs) and ExternalDNS's own settings.
import { PLATFORM_NAMES, workloadIdentityName } from "../../core/names.ts";
import { AZURE_WORKLOAD_IDENTITY, dnsWriters, type DnsWriterKey } from "../../core/runtime/dns.ts";
import { valuesAt } from "../../core/render/helm-values.ts";
import { mergeValues, type Values, type ValuesContext } from "./context.ts";

/**
 * The identity Terraform creates for a DNS writer, as its chart's values carry it: on AWS the IAM role's ARN
 * on the service account (IRSA); on Azure the managed identity's client id on the service account and the
 * label Azure Workload Identity's webhook selects on, on the pod (and on the service account, which older
 * webhooks read). Nothing when the component writes no DNS here.
 */
export function dnsIdentityValues(ctx: ValuesContext, key: DnsWriterKey): Values {
  const { model, env } = ctx;
  const writer = dnsWriters(model, env).find((w) => w.key === key);
  if (!writer) return {};
  const cloud = env.cloud;
  if (cloud.provider === "aws")
    return {
      serviceAccount: {
        annotations: {
          "eks.amazonaws.com/role-arn": `arn:aws:iam::${cloud.accountId}:role/${workloadIdentityName(model.platform.name, env.name, writer.slug)}`,
        },
      },
    };
  const use = { [AZURE_WORKLOAD_IDENTITY.useLabel]: "true" };
  return mergeValues(valuesAt(writer.podLabelsKey, use), {
    serviceAccount: {
      labels: use,
      ...(writer.azureClientId === undefined
        ? {}
        : { annotations: { [AZURE_WORKLOAD_IDENTITY.clientIdAnnotation]: writer.azureClientId } }),
    },
  });
}

/** Where the Azure provider's configuration file is mounted (the provider's default `--azure-config-file`). */
const AZURE_CONFIG_DIR = "/etc/kubernetes";

export function externalDnsValues(ctx: ValuesContext): Values {
  const { model, env } = ctx;
  const writer = dnsWriters(model, env).find((w) => w.key === "externalDns");
  const gateway = env.features.gateway;
  const zone = writer?.zone;
  return {
    ...dnsIdentityValues(ctx, "externalDns"),
    provider: { name: zone?.provider === "azure-dns" ? "azure" : "aws" },
    // The hosts come from the routes the Fawkes Gateways accept (each listener names its host), or from the
    // Ingresses of the legacy controller.
    sources: gateway?.controller === "ingress-nginx" ? ["ingress"] : ["gateway-httproute"],
    ...(gateway?.controller === "nginx-gateway-fabric" ? { gatewayNamespace: gateway.namespace } : {}),
    // A protected environment's records are never deleted by a sync: a wrong change cannot take prod off the air.
    policy: env.protected ? "upsert-only" : "sync",
    registry: "txt",
    // Clusters that share a zone each own only the records they created.
    txtOwnerId: env.clusterName,
    domainFilters: zone ? [zone.zone] : [],
    ...(zone?.provider === "route53" ? { extraArgs: { "zone-id-filter": zone.hostedZoneId } } : {}),
    ...(zone?.provider === "azure-dns"
      ? {
          extraVolumes: [{ name: "azure-config", configMap: { name: PLATFORM_NAMES.externalDnsAzureConfig } }],
          extraVolumeMounts: [{ name: "azure-config", mountPath: AZURE_CONFIG_DIR, readOnly: true }],
        }
      : {}),
    ...(env.features.monitoringNamespace ? { serviceMonitor: { enabled: true } } : {}),
  };
}
