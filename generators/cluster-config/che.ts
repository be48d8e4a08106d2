// Eclipse Che's CheCluster, in the management cluster when Che is enabled: workspaces on the platform
// domain, authenticated through the cluster's OIDC provider.
import { CustomObject } from "../../core/custom-object.ts";
import * as z from "zod";
import { platformLabels, type ClusterContext } from "./context.ts";

export const cheClusterSchema = z
  .object({
    apiVersion: z.literal("org.eclipse.che/v2"),
    kind: z.literal("CheCluster"),
    metadata: z
      .object({
        name: z.string(),
        namespace: z.string(),
        labels: z.record(z.string(), z.string()),
        annotations: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    spec: z
      .object({
        networking: z.object({ domain: z.string(), annotations: z.record(z.string(), z.string()) }).strict(),
        devEnvironments: z
          .object({
            defaultNamespace: z.object({ template: z.string() }).strict(),
            startTimeoutSeconds: z.number().int(),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

export function buildCheCluster(ctx: ClusterContext): CustomObject<z.infer<typeof cheClusterSchema>> | undefined {
  const che = ctx.model.installed("che");
  if (!che?.environments.includes(ctx.env)) return undefined;
  return new CustomObject(cheClusterSchema, {
    apiVersion: "org.eclipse.che/v2",
    kind: "CheCluster",
    metadata: { name: "eclipse-che", namespace: che.definition.namespace, labels: platformLabels(ctx.env) },
    spec: {
      networking: {
        domain: `che.${ctx.model.platform.domain}`,
        annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
      },
      devEnvironments: { defaultNamespace: { template: "<username>-che" }, startTimeoutSeconds: 600 },
    },
  });
}
