// Workload identities a cluster needs: the platform components' and the services' that declare cloud access.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { serviceAccountName, workloadIdentityName } from "../../core/names.ts";
import { dnsWriters, type DnsWriter } from "../../core/runtime/dns.ts";
import { vaultSeal } from "../../core/runtime/vault-seal.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";

export interface WorkloadIdentity {
  /** Terraform-safe id (`external_secrets`, `svc_checkout_api`). */
  readonly id: string;
  /** Cloud name of the role or identity. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly team?: string;
  readonly awsPolicyArns: readonly string[];
  /** Inline IAM statements (AWS). */
  readonly awsStatements: readonly AwsStatement[];
  readonly azureRoles: readonly { role: string; scope: string }[];
}

export interface AwsStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** IAM conditions, all of which must hold. */
  readonly conditions?: readonly { test: string; variable: string; values: readonly string[] }[];
}

const tfId = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

/** Record types ExternalDNS writes: the hosts' addresses (A/AAAA, aliases of AWS load balancers), CNAMEs, owner TXT. */
const HOST_RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT"];

/** Route 53 permissions of a DNS writer: changes in the one hosted zone, limited to the records it writes. */
function route53Statements(writer: DnsWriter, hostedZoneId: string): AwsStatement[] {
  const zone = `arn:aws:route53:::hostedzone/${hostedZoneId}`;
  const change: AwsStatement =
    writer.records === "acme-challenge"
      ? {
          actions: ["route53:ChangeResourceRecordSets"],
          resources: [zone],
          conditions: [
            {
              test: "ForAllValues:StringLike",
              variable: "route53:ChangeResourceRecordSetsNormalizedRecordNames",
              values: ["_acme-challenge.*"],
            },
            {
              test: "ForAllValues:StringEquals",
              variable: "route53:ChangeResourceRecordSetsRecordTypes",
              values: ["TXT"],
            },
          ],
        }
      : {
          actions: ["route53:ChangeResourceRecordSets"],
          resources: [zone],
          conditions: [
            {
              test: "ForAllValues:StringEquals",
              variable: "route53:ChangeResourceRecordSetsRecordTypes",
              values: HOST_RECORD_TYPES,
            },
          ],
        };
  return writer.records === "acme-challenge"
    ? [
        change,
        { actions: ["route53:ListResourceRecordSets"], resources: [zone] },
        // Whether a change has propagated; change ids are not tied to a zone.
        { actions: ["route53:GetChange"], resources: ["arn:aws:route53:::change/*"] },
      ]
    : [
        change,
        { actions: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"], resources: [zone] },
        // ExternalDNS lists the account's zones, then keeps the one its --zone-id-filter names.
        { actions: ["route53:ListHostedZones"], resources: ["*"] },
      ];
}

/** The identity of a component that writes to the environment's DNS zone. */
function dnsIdentity(platform: string, env: ResolvedEnvironment, writer: DnsWriter): WorkloadIdentity {
  const zone = writer.zone;
  return {
    id: tfId(writer.slug),
    name: workloadIdentityName(platform, env.name, writer.slug),
    namespace: writer.namespace,
    serviceAccount: writer.serviceAccount,
    awsPolicyArns: [],
    awsStatements: zone.provider === "route53" ? route53Statements(writer, zone.hostedZoneId) : [],
    azureRoles:
      zone.provider === "azure-dns"
        ? [
            { role: "DNS Zone Contributor", scope: zone.resourceId },
            // ExternalDNS finds the zone by listing the resource group's zones, a read at the group's scope.
            ...(writer.records === "hosts"
              ? [
                  {
                    role: "Reader",
                    scope: `/subscriptions/${zone.subscriptionId}/resourceGroups/${zone.resourceGroup}`,
                  },
                ]
              : []),
          ]
        : [],
  };
}

export function workloadIdentities(model: ResolvedConfig, env: ResolvedEnvironment): WorkloadIdentity[] {
  const { platform } = model;
  const cloud = env.cloud;
  const ids: WorkloadIdentity[] = [];
  if (model.installed("externalSecrets")?.environments.includes(env)) {
    ids.push({
      id: "external_secrets",
      name: workloadIdentityName(platform.name, env.name, "external-secrets"),
      namespace: COMPONENT_CATALOG.externalSecrets.namespace,
      serviceAccount: "external-secrets",
      awsPolicyArns: [],
      awsStatements:
        cloud.provider === "aws"
          ? [
              {
                actions: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                resources: [
                  `arn:aws:secretsmanager:${cloud.region}:${cloud.accountId}:secret:${platform.name}/${env.name}/*`,
                ],
              },
            ]
          : [],
      azureRoles: [],
    });
  }
  // cert-manager (DNS-01) and ExternalDNS change records in the cloud's zone, and only there.
  for (const writer of dnsWriters(model, env)) ids.push(dnsIdentity(platform.name, env, writer));
  // The central Vault's server: its seal's KMS key names this role as its only user (vault-seal.ts).
  const seal = vaultSeal(model);
  if (seal?.environment === env)
    ids.push({
      id: "vault",
      name: seal.roleName,
      namespace: seal.namespace,
      serviceAccount: seal.serviceAccount,
      awsPolicyArns: [],
      awsStatements: [],
      azureRoles: [],
    });
  if (cloud.provider === "aws") {
    ids.push({
      id: "ebs_csi",
      name: workloadIdentityName(platform.name, env.name, "ebs-csi"),
      namespace: "kube-system",
      serviceAccount: "ebs-csi-controller-sa",
      awsPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
      awsStatements: [],
      azureRoles: [],
    });
  }
  for (const service of model.services) {
    // Its cloud access in this environment, with the environment's overrides.
    const access = service.deployments.find((d) => d.environment === env)?.cloudAccess;
    if (!access) continue;
    const wanted = cloud.provider === "aws" ? access.awsPolicyArns.length > 0 : access.azureRoles.length > 0;
    if (!wanted) continue;
    ids.push({
      id: tfId(`svc_${service.name}`),
      name: workloadIdentityName(platform.name, env.name, service.name),
      namespace: service.namespace,
      serviceAccount: serviceAccountName(service.name),
      team: service.team.name,
      awsPolicyArns: access.awsPolicyArns,
      awsStatements: [],
      azureRoles: access.azureRoles,
    });
  }
  return ids;
}
