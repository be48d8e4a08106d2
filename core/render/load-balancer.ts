// Annotations of a load balancer Service on each cloud, through the in-tree cloud providers (no load
// balancer controller, or its IAM role, needed): internet-facing, or internal to the cluster's network.

const PUBLIC = {
  aws: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
  azure: { "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": "/healthz" },
} as const;

const INTERNAL = {
  aws: { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
  azure: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
} as const;

export function loadBalancerAnnotations(provider: "aws" | "azure", internal = false): Record<string, string> {
  return { ...PUBLIC[provider], ...(internal ? INTERNAL[provider] : {}) };
}
