// Workload identities a cluster needs: the platform components' and the services' that declare cloud access.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { serviceAccountName, workloadIdentityName } from "../../core/names.ts";
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
  readonly awsStatements: readonly { actions: readonly string[]; resources: readonly string[] }[];
  readonly azureRoles: readonly { role: string; scope: string }[];
}

const tfId = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

export function workloadIdentities(model: ResolvedConfig, env: ResolvedEnvironment): WorkloadIdentity[] {
  const { platform } = model;
  const cloud = env.cloud;
  const ids: WorkloadIdentity[] = [];
  const component = (key: "externalSecrets" | "certManager") =>
    model.installed(key)?.environments.includes(env) ? model.installed(key) : undefined;
  if (component("externalSecrets")) {
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
  const certManager = component("certManager");
  if (certManager && model.certificates.challenge === "dns01") {
    ids.push({
      id: "cert_manager",
      name: workloadIdentityName(platform.name, env.name, "cert-manager"),
      namespace: COMPONENT_CATALOG.certManager.namespace,
      serviceAccount: "cert-manager",
      awsPolicyArns: [],
      awsStatements:
        cloud.provider === "aws"
          ? [
              { actions: ["route53:GetChange"], resources: ["arn:aws:route53:::change/*"] },
              {
                actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                resources: ["arn:aws:route53:::hostedzone/*"],
              },
              { actions: ["route53:ListHostedZonesByName"], resources: ["*"] },
            ]
          : [],
      azureRoles: [],
    });
  }
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
