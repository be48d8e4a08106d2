import * as z from "zod";
import { cidr, labels, name } from "./common.ts";

/** Kubernetes minor versions that both EKS and AKS offer in standard support. */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34", "1.35"] as const;

const nodePoolSchema = z
  .object({
    instanceType: z
      .string()
      .min(1)
      .describe("Machine type: an EC2 instance type on AWS (`m7i.large`), a VM size on Azure (`Standard_D4s_v5`)."),
    min: z.number().int().min(0).default(1).describe("Minimum node count."),
    max: z.number().int().min(1).default(3).describe("Maximum node count."),
    labels: labels.default({}).describe("Kubernetes labels on the nodes of this pool."),
    taints: z
      .array(
        z
          .object({
            key: z.string().min(1).describe("Taint key."),
            value: z.string().default("").describe("Taint value."),
            effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).describe("Taint effect."),
          })
          .strict(),
      )
      .default([])
      .describe("Taints on the nodes of this pool."),
  })
  .strict();

export const environmentSchema = z
  .object({
    cloud: name("cloud").describe("The cloud that hosts this environment's cluster."),
    kubernetesVersion: z
      .string()
      .regex(/^1\.\d+$/, { message: "must be a Kubernetes minor version such as 1.33" })
      .describe(`Kubernetes minor version of the cluster (one of ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")}).`),
    size: z
      .enum(["small", "medium", "large"])
      .default("medium")
      .describe("Sizing class: scales platform component replicas and resources."),
    protected: z
      .boolean()
      .default(false)
      .describe(
        "A protected environment (production): ArgoCD never prunes automatically, teams get view-only access, promotions need --force to overwrite.",
      ),
    nodePools: z
      .record(name("node pool"), nodePoolSchema)
      .refine((pools) => Object.keys(pools).length > 0, { message: "an environment needs at least one node pool" })
      .describe("Node pools of the cluster by name."),
    cidr: cidr
      .optional()
      .describe(
        "Network of this environment's VPC/VNet, inside its cloud's network. By default the cloud's network is split in four and environments of the cloud take the quarters in order.",
      ),
    apiAccessCidrs: z
      .array(cidr)
      .default([])
      .describe(
        "CIDRs allowed to reach the Kubernetes API publicly. Empty means a private endpoint only; 0.0.0.0/0 must be explicit.",
      ),
  })
  .strict();

export const environmentsSchema = z
  .record(name("environment"), environmentSchema)
  .refine((envs) => Object.keys(envs).length > 0, { message: "declare at least one environment" })
  .describe("Environments by name, in promotion order (e.g. dev → staging → prod). Each is its own cluster.");
