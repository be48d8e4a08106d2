// Service (web services only) and ServiceAccount (with the cloud's workload identity).
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { serviceAccountName } from "../../core/names.ts";
import { objectMeta, selectorLabels, type WorkloadContext } from "./context.ts";

export function buildService(ctx: WorkloadContext): Service | undefined {
  const { port, metricsPort } = ctx.service;
  if (port === undefined) return undefined;
  return new Service({
    metadata: objectMeta(ctx),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(ctx),
      ports: [
        { name: "http", port, targetPort: "http", protocol: "TCP" as const, appProtocol: "http" },
        ...(metricsPort !== undefined && metricsPort !== port
          ? [{ name: "metrics", port: metricsPort, targetPort: "metrics", protocol: "TCP" as const }]
          : []),
      ],
    },
  });
}

export function buildServiceAccount(ctx: WorkloadContext): ServiceAccount {
  const identity = ctx.deployment.identity;
  const annotations: Record<string, string> = {
    ...(identity?.awsRoleArn ? { "eks.amazonaws.com/role-arn": identity.awsRoleArn } : {}),
    ...(identity?.azureClientId ? { "azure.workload.identity/client-id": identity.azureClientId } : {}),
  };
  return new ServiceAccount({
    metadata: {
      ...objectMeta(ctx, serviceAccountName(ctx.service.name)),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    automountServiceAccountToken: false,
  });
}
