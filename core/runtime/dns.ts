// Who writes to a cloud's DNS zone in one cluster, and how: cert-manager (DNS-01 challenge records) and
// ExternalDNS (the gateways' records), each through its own workload identity limited to the zone. The
// Terraform identities, the charts' values (service account annotations and labels), the ClusterIssuer's
// solver and the checks all read this one list.
import { CHART_FACTS } from "../../schema/chart-facts/index.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { ResolvedConfig, ResolvedDnsZone, ResolvedEnvironment } from "../resolved.ts";

export type DnsWriterKey = "certManager" | "externalDns";

export interface DnsWriter {
  readonly key: DnsWriterKey;
  /** The component's slug: the suffix of its cloud identity's name. */
  readonly slug: string;
  readonly namespace: string;
  /** The service account its pod runs as (from the chart facts): the subject of the identity's federation. */
  readonly serviceAccount: string;
  /** Values key of that pod's labels (from the chart facts): Azure's webhook injects the token where it finds its label. */
  readonly podLabelsKey: string;
  readonly zone: ResolvedDnsZone;
  /** The managed identity's client id on Azure, once the config has it. */
  readonly azureClientId?: string;
  /** What it writes, for the permissions: challenge TXT records only, or the hosts' records and their owner TXT. */
  readonly records: "acme-challenge" | "hosts";
}

/** Azure Workload Identity: the pod label its webhook selects on, the service account annotation with the client id. */
export const AZURE_WORKLOAD_IDENTITY = {
  useLabel: "azure.workload.identity/use",
  clientIdAnnotation: "azure.workload.identity/client-id",
} as const;

/** The pod of a component that talks to the DNS provider: the one whose service account the identity federates. */
function writerPod(key: DnsWriterKey) {
  const pod = CHART_FACTS[key].pods[0]!;
  return { serviceAccount: pod.serviceAccount, podLabelsKey: pod.valuesKeys.podLabels ?? "podLabels" };
}

/** The components that write to the environment's DNS zone; none when its cloud declares no zone. */
export function dnsWriters(model: ResolvedConfig, env: ResolvedEnvironment): DnsWriter[] {
  const zone = env.cloud.dns;
  if (zone === undefined) return [];
  const writers: DnsWriter[] = [];
  const add = (key: DnsWriterKey, records: DnsWriter["records"]) => {
    const component = model.installed(key);
    if (!component?.environments.includes(env)) return;
    const clientId = component.azureClientIds[env.name];
    writers.push({
      key,
      slug: COMPONENT_CATALOG[key].slug,
      namespace: COMPONENT_CATALOG[key].namespace,
      ...writerPod(key),
      zone,
      ...(clientId === undefined ? {} : { azureClientId: clientId }),
      records,
    });
  };
  if (model.certificates.challenge === "dns01") add("certManager", "acme-challenge");
  add("externalDns", "hosts");
  return writers;
}

/** Whether `host` is inside `zone` (the zone's apex or a name under it). */
export function inZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}
