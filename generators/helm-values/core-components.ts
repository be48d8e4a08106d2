// Values of the per-cluster foundations: cert-manager, External Secrets, Kyverno and the NGINX gateways.
// Only what Fawkes decides; the charts' defaults stay the charts'.
import { workloadIdentityName } from "../../core/names.ts";
import { loadBalancerAnnotations } from "../../core/render/load-balancer.ts";
import type { ValuesContext, Values } from "./context.ts";
import { dnsIdentityValues } from "./dns.ts";

export function certManagerValues(ctx: ValuesContext): Values {
  const { env } = ctx;
  return {
    // DNS-01: the controller answers challenges in the cloud's zone through its workload identity.
    ...dnsIdentityValues(ctx, "certManager"),
    crds: { enabled: true },
    replicaCount: env.features.replicas,
    // HTTP-01 challenges are answered through the Gateway API, and Gateways get certificates from their annotation.
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      gatewayAPI: { enabled: true },
    },
  };
}

/** The IAM role (IRSA) Terraform creates for a component's service account on AWS. */
function irsaAnnotations({ model, env }: ValuesContext, component: string): Values {
  if (env.cloud.provider !== "aws") return {};
  return {
    serviceAccount: {
      annotations: {
        "eks.amazonaws.com/role-arn": `arn:aws:iam::${env.cloud.accountId}:role/${workloadIdentityName(model.platform.name, env.name, component)}`,
      },
    },
  };
}

export function externalSecretsValues(ctx: ValuesContext): Values {
  return { installCRDs: true, replicaCount: ctx.env.features.replicas, ...irsaAnnotations(ctx, "external-secrets") };
}

/** Two replicas with a disruption budget where the cluster runs replicas: HPAs read metrics through it. */
export function metricsServerValues({ env }: ValuesContext): Values {
  if (env.features.replicas === 1) return {};
  return { replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } };
}

export function kyvernoValues({ env }: ValuesContext): Values {
  // The admission controller needs 3 replicas for high availability, or 1.
  const admission = env.features.replicas > 1 ? 3 : 1;
  return {
    // Exceptions count only from Kyverno's own namespace, where Fawkes writes them; teams cannot grant their own.
    features: { policyExceptions: { enabled: true, namespace: "kyverno" } },
    admissionController: { replicas: admission },
    backgroundController: { replicas: Math.min(env.features.replicas, 2) },
    cleanupController: { replicas: Math.min(env.features.replicas, 2) },
    reportsController: { replicas: Math.min(env.features.replicas, 2) },
  };
}

export function gatewayValues(ctx: ValuesContext): Values {
  return {
    nginxGateway: { replicas: ctx.env.features.replicas, gatewayClassName: "nginx" },
    // Each Gateway's load balancer annotations (public or internal) come from its spec.infrastructure.
    nginx: {
      replicas: ctx.env.features.replicas,
      service: { type: "LoadBalancer", externalTrafficPolicy: "Local" },
    },
  };
}

export function ingressNginxValues(ctx: ValuesContext): Values {
  return {
    controller: {
      replicaCount: ctx.env.features.replicas,
      ingressClassResource: { name: "nginx", default: true },
      service: { annotations: loadBalancerAnnotations(ctx.env.cloud.provider) },
    },
  };
}
