import { z } from "zod";
import { cidr, name } from "./common.ts";

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
  })
  .strict();

export const cloudSchema = z
  .discriminatedUnion("provider", [awsCloudSchema, azureCloudSchema])
  .describe("A cloud account/subscription and region that hosts clusters.");

export const cloudsSchema = z
  .record(name("cloud"), cloudSchema)
  .describe("Clouds by name. Environments refer to them.");
