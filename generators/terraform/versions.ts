// Exact versions of Terraform, the providers and the community modules every root pins. The module
// versions are the ones whose variables tests check the generated calls against.

export const TERRAFORM_VERSION = ">= 1.10.0";

export const PROVIDERS = {
  aws: { source: "hashicorp/aws", version: "6.28.0" },
  tls: { source: "hashicorp/tls", version: "4.1.0" },
  time: { source: "hashicorp/time", version: "0.13.1" },
  azurerm: { source: "hashicorp/azurerm", version: "4.30.0" },
  azapi: { source: "Azure/azapi", version: "2.9.0" },
  modtm: { source: "Azure/modtm", version: "0.3.5" },
  random: { source: "hashicorp/random", version: "3.7.2" },
  vault: { source: "hashicorp/vault", version: "4.8.0" },
} as const;

export const MODULES = {
  vpc: { source: "terraform-aws-modules/vpc/aws", version: "6.6.0" },
  eks: { source: "terraform-aws-modules/eks/aws", version: "21.19.0" },
  aks: { source: "Azure/avm-res-containerservice-managedcluster/azurerm", version: "0.8.1" },
} as const;
