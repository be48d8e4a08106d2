import * as z from "zod";
import { cidr, dnsName, name } from "./common.ts";

const awsCloudSchema = z
  .object({
    provider: z.literal("aws").describe("Amazon Web Services (EKS)."),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "must be an AWS region such as us-east-1" })
      .describe("AWS region, e.g. `us-east-1`."),
    accountId: z
      .string()
      .regex(/^\d{12}$/, { message: "must be a 12-digit AWS account id" })
      .describe("AWS account id the clusters live in."),
    cidr: cidr.describe("Network of this cloud (the VPC). Must not overlap another cloud's network."),
    zones: z
      .number()
      .int()
      .min(2)
      .max(6)
      .default(3)
      .describe("How many availability zones to spread subnets and nodes across."),
    state: z
      .object({
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be an S3 bucket name" })
          .describe("S3 bucket holding Terraform state (S3-native locking is used)."),
        region: z.string().optional().describe("Region of the bucket; defaults to the cloud's region."),
      })
      .strict()
      .describe("Remote Terraform state backend (S3)."),
    dns: z
      .object({
        zone: dnsName
          .optional()
          .describe(
            "DNS name of the Route 53 public hosted zone; defaults to `platform.domain`. Every host an environment of this cloud serves must be inside it.",
          ),
        hostedZoneId: z
          .string()
          .regex(/^Z[A-Z0-9]{1,31}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ" })
          .describe(
            "Id of that hosted zone (`aws route53 list-hosted-zones-by-name --dns-name <zone>`). cert-manager (DNS-01) and external-dns may change records in this zone only.",
          ),
      })
      .strict()
      .optional()
      .describe(
        "The public DNS zone of this cloud's environments (Route 53), which exists beforehand: cert-manager answers DNS-01 challenges in it and external-dns writes the gateways' records to it, each through an IAM role limited to this zone. Needed for `components.certManager.challenge: \"dns01\"` and external-dns.",
      ),
  })
  .strict();

const azureCloudSchema = z
  .object({
    provider: z.literal("azure").describe("Microsoft Azure (AKS)."),
    location: z
      .string()
      .regex(/^[a-z]+[a-z0-9]*$/, { message: "must be an Azure location such as westeurope" })
      .describe("Azure location, e.g. `westeurope`."),
    subscriptionId: z.uuid({ message: "must be an Azure subscription id (a UUID)" }).describe("Azure subscription id."),
    tenantId: z.uuid({ message: "must be an Azure tenant id (a UUID)" }).describe("Microsoft Entra tenant id."),
    cidr: cidr.describe("Network of this cloud (the VNet). Must not overlap another cloud's network."),
    state: z
      .object({
        resourceGroup: z.string().min(1).describe("Resource group of the state storage account."),
        storageAccount: z
          .string()
          .regex(/^[a-z0-9]{3,24}$/, {
            message: "must be an Azure storage account name (3-24 lower-case letters and digits)",
          })
          .describe("Storage account holding Terraform state."),
        container: z.string().min(3).default("tfstate").describe("Blob container for the state files."),
      })
      .strict()
      .describe("Remote Terraform state backend (azurerm)."),
    dns: z
      .object({
        zone: dnsName
          .optional()
          .describe(
            "Name of the Azure DNS zone; defaults to `platform.domain`. A zone delegated from another provider's (e.g. `dev.acme.dev` under a Route 53 `acme.dev`) needs NS records in the parent. Every host an environment of this cloud serves must be inside it.",
          ),
        resourceGroup: z
          .string()
          .regex(/^[-\w.()]{0,89}[-\w()]$/, { message: "must be an Azure resource group name" })
          .describe("Resource group of the DNS zone."),
        subscriptionId: z
          .uuid({ message: "must be an Azure subscription id (a UUID)" })
          .optional()
          .describe("Subscription of the DNS zone; defaults to the cloud's `subscriptionId`."),
      })
      .strict()
      .optional()
      .describe(
        "The public DNS zone of this cloud's environments (Azure DNS), which exists beforehand: cert-manager answers DNS-01 challenges in it and external-dns writes the gateways' records to it, each through a managed identity that is DNS Zone Contributor of this zone only. Needed for `components.certManager.challenge: \"dns01\"` and external-dns.",
      ),
  })
  .strict();

export const cloudSchema = z
  .discriminatedUnion("provider", [awsCloudSchema, azureCloudSchema])
  .describe("A cloud account/subscription and region that hosts clusters.");

export const cloudsSchema = z
  .record(name("cloud"), cloudSchema)
  .describe("Clouds by name. Environments refer to them.");
