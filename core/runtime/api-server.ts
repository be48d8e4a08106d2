// Where a pod in a cluster reaches the Kubernetes API server, for NetworkPolicies that must let it: no selector can
// name the control plane, but its address is known where the endpoint is private. EKS always enables its private
// endpoint (generators/terraform/aws.ts: endpoint_private_access), whose network interfaces sit in the cluster's
// VPC, and pods in the VPC resolve the API to them; an AKS cluster without `apiAccessCidrs` is a private cluster
// whose endpoint is in its VNet. An AKS API that is public (authorized IP ranges) has a public address, which only
// `0.0.0.0/0` covers.
import type { ResolvedEnvironment } from "../resolved.ts";

/** The CIDR that holds the environment's API server as its pods reach it. */
export function apiServerCidr(env: ResolvedEnvironment): string {
  const privateEndpoint = env.cloud.provider === "aws" || env.apiAccessCidrs.length === 0;
  return privateEndpoint ? env.network : "0.0.0.0/0";
}
