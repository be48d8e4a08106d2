// An AWS root module per environment: VPC and EKS from the community modules, IRSA roles, outputs.
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { planSubnets } from "../../core/network-plan.ts";
import { vaultSeal } from "../../core/runtime/vault-seal.ts";
import { attr, block, expr, type BodyItem, type HclValue } from "./hcl.ts";
import { workloadIdentities, type WorkloadIdentity } from "./identities.ts";
import { backendBlock, stateBackend } from "./state.ts";
import { MODULES, PROVIDERS, TERRAFORM_VERSION } from "./versions.ts";

type AwsCloud = Extract<ResolvedEnvironment["cloud"], { provider: "aws" }>;

const TAINT_EFFECT = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
} as const;

export function awsVersions(model: ResolvedConfig, env: ResolvedEnvironment, cloud: AwsCloud): BodyItem[] {
  return [
    block(
      "terraform",
      [],
      [
        attr("required_version", TERRAFORM_VERSION),
        block(
          "required_providers",
          [],
          [attr("aws", PROVIDERS.aws), attr("time", PROVIDERS.time), attr("tls", PROVIDERS.tls)],
        ),
        backendBlock(stateBackend(cloud, model.platform.name, env.name)),
      ],
    ),
  ];
}

export function awsProviders(cloud: AwsCloud): BodyItem[] {
  return [
    block(
      "provider",
      ["aws"],
      [
        attr("region", cloud.region),
        attr("allowed_account_ids", [cloud.accountId]),
        block("default_tags", [], [attr("tags", expr("local.tags"))]),
      ],
    ),
  ];
}

export function awsMain(
  model: ResolvedConfig,
  env: ResolvedEnvironment,
  cloud: AwsCloud,
  network: string,
  tags: Record<string, string>,
): BodyItem[] {
  const zones = Array.from({ length: cloud.zones }, (_, i) => `${cloud.region}${String.fromCharCode(97 + i)}`);
  const subnets = planSubnets(network, cloud.zones);
  const publicApi = env.apiAccessCidrs.length > 0;
  const nodeGroups: Record<string, HclValue> = {};
  for (const [name, pool] of Object.entries(env.nodePools)) {
    nodeGroups[name] = {
      instance_types: [pool.instanceType],
      min_size: pool.min,
      max_size: pool.max,
      desired_size: Math.max(pool.min, 1),
      labels: Object.keys(pool.labels).length > 0 ? pool.labels : undefined,
      taints:
        pool.taints.length > 0
          ? Object.fromEntries(
              pool.taints.map((t) => [
                t.key.replace(/[^A-Za-z0-9_]/g, "_"),
                { key: t.key, value: t.value, effect: TAINT_EFFECT[t.effect] },
              ]),
            )
          : undefined,
    };
  }
  const ebs = workloadIdentities(model, env).find((i) => i.id === "ebs_csi");
  return [
    block("locals", [], [attr("name", env.clusterName), attr("tags", tags)]),
    block(
      "module",
      ["vpc"],
      [
        attr("source", MODULES.vpc.source),
        attr("version", MODULES.vpc.version),
        attr("name", expr("local.name")),
        attr("cidr", network),
        attr("azs", zones),
        attr("private_subnets", subnets.private),
        attr("public_subnets", subnets.public),
        attr("enable_nat_gateway", true),
        // One NAT gateway per zone where an outage matters; one in all for the rest.
        attr("single_nat_gateway", !env.protected),
        attr("one_nat_gateway_per_az", env.protected),
        attr("enable_dns_hostnames", true),
        attr("public_subnet_tags", { "kubernetes.io/role/elb": "1" }),
        attr("private_subnet_tags", { "kubernetes.io/role/internal-elb": "1" }),
        attr("tags", expr("local.tags")),
      ],
    ),
    block(
      "module",
      ["eks"],
      [
        attr("source", MODULES.eks.source),
        attr("version", MODULES.eks.version),
        attr("name", expr("local.name")),
        attr("kubernetes_version", env.kubernetesVersion),
        attr("endpoint_private_access", true),
        attr("endpoint_public_access", publicApi),
        attr("endpoint_public_access_cidrs", publicApi ? [...env.apiAccessCidrs] : undefined),
        attr("vpc_id", expr("module.vpc.vpc_id")),
        attr("subnet_ids", expr("module.vpc.private_subnets")),
        attr("enable_irsa", true),
        attr("enable_cluster_creator_admin_permissions", true),
        attr("addons", {
          coredns: {},
          "kube-proxy": {},
          "vpc-cni": { before_compute: true },
          ...(ebs ? { "aws-ebs-csi-driver": { service_account_role_arn: expr(`aws_iam_role.${ebs.id}.arn`) } } : {}),
        }),
        attr("eks_managed_node_groups", nodeGroups),
        attr("tags", expr("local.tags")),
      ],
    ),
  ];
}

function identityItems(identity: WorkloadIdentity): BodyItem[] {
  const items: BodyItem[] = [
    block(
      "data",
      ["aws_iam_policy_document", `${identity.id}_assume`],
      [
        block(
          "statement",
          [],
          [
            attr("actions", ["sts:AssumeRoleWithWebIdentity"]),
            block(
              "principals",
              [],
              [attr("type", "Federated"), attr("identifiers", [expr("module.eks.oidc_provider_arn")])],
            ),
            block(
              "condition",
              [],
              [
                attr("test", "StringEquals"),
                attr("variable", expr('"${module.eks.oidc_provider}:sub"')),
                attr("values", [`system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`]),
              ],
            ),
            block(
              "condition",
              [],
              [
                attr("test", "StringEquals"),
                attr("variable", expr('"${module.eks.oidc_provider}:aud"')),
                attr("values", ["sts.amazonaws.com"]),
              ],
            ),
          ],
        ),
      ],
    ),
    block(
      "resource",
      ["aws_iam_role", identity.id],
      [
        attr("name", identity.name),
        attr("assume_role_policy", expr(`data.aws_iam_policy_document.${identity.id}_assume.json`)),
        attr("tags", identity.team ? expr(`merge(local.tags, { team = "${identity.team}" })`) : expr("local.tags")),
      ],
    ),
  ];
  if (identity.awsPolicyArns.length > 0) {
    items.push(
      block(
        "resource",
        ["aws_iam_role_policy_attachment", identity.id],
        [
          attr("for_each", Object.fromEntries(identity.awsPolicyArns.map((arn) => [arn.split(/[/:]/).pop()!, arn]))),
          attr("role", expr(`aws_iam_role.${identity.id}.name`)),
          attr("policy_arn", expr("each.value")),
        ],
      ),
    );
  }
  if (identity.awsStatements.length > 0) {
    items.push(
      block(
        "data",
        ["aws_iam_policy_document", identity.id],
        identity.awsStatements.map((s) =>
          block(
            "statement",
            [],
            [
              attr("actions", [...s.actions]),
              attr("resources", [...s.resources]),
              ...(s.conditions ?? []).map((c) =>
                block(
                  "condition",
                  [],
                  [attr("test", c.test), attr("variable", c.variable), attr("values", [...c.values])],
                ),
              ),
            ],
          ),
        ),
      ),
    );
    items.push(
      block(
        "resource",
        ["aws_iam_role_policy", identity.id],
        [
          attr("name", identity.name),
          attr("role", expr(`aws_iam_role.${identity.id}.id`)),
          attr("policy", expr(`data.aws_iam_policy_document.${identity.id}.json`)),
        ],
      ),
    );
  }
  return items;
}

export function awsIdentities(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  return workloadIdentities(model, env).flatMap(identityItems);
}

export function awsOutputs(model: ResolvedConfig, env: ResolvedEnvironment): BodyItem[] {
  const out = (name: string, value: HclValue, description: string) =>
    block("output", [name], [attr("description", description), attr("value", value)]);
  const ids = workloadIdentities(model, env);
  return [
    out("cluster_name", expr("module.eks.cluster_name"), "Name of the EKS cluster."),
    out("cluster_endpoint", expr("module.eks.cluster_endpoint"), "API server endpoint, for ArgoCD's cluster secret."),
    out(
      "cluster_certificate_authority_data",
      expr("module.eks.cluster_certificate_authority_data"),
      "Cluster CA, for ArgoCD's cluster secret.",
    ),
    out("oidc_provider_arn", expr("module.eks.oidc_provider_arn"), "IAM OIDC provider of the cluster (IRSA)."),
    out("oidc_issuer_url", expr("module.eks.cluster_oidc_issuer_url"), "OIDC issuer, for Vault's Kubernetes auth."),
    out("vpc_id", expr("module.vpc.vpc_id"), "VPC of the cluster."),
    out(
      "workload_role_arns",
      Object.fromEntries(ids.map((i) => [`${i.namespace}/${i.serviceAccount}`, expr(`aws_iam_role.${i.id}.arn`)])),
      "IAM role per Kubernetes service account (namespace/name).",
    ),
    ...(vaultSeal(model)?.environment === env
      ? [out("vault_unseal_key_arn", expr("aws_kms_key.vault_unseal.arn"), "KMS key that unseals the central Vault.")]
      : []),
  ];
}
