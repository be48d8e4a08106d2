// The fields Fawkes emits of Kyverno 1.19's CEL policy API (policies.kyverno.io/v1), for validation before
// writing. Tests also check the objects against the upstream CRD schema when ../shared/reference exists.
import * as z from "zod";

const named = z
  .object({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), expression: z.string().min(1) })
  .strict();
const selector = z
  .object({
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string(),
            operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    matchLabels: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const validatingPolicySchema = z
  .object({
    apiVersion: z.literal("policies.kyverno.io/v1"),
    kind: z.literal("ValidatingPolicy"),
    metadata: z
      .object({
        name: z.string().min(1),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    spec: z
      .object({
        validationActions: z.array(z.enum(["Deny", "Audit", "Warn"])).min(1),
        autogen: z
          .object({ podControllers: z.object({ controllers: z.array(z.string()) }).strict() })
          .strict()
          .optional(),
        matchConstraints: z
          .object({
            resourceRules: z
              .array(
                z
                  .object({
                    apiGroups: z.array(z.string()),
                    apiVersions: z.array(z.string()),
                    operations: z.array(z.enum(["CREATE", "UPDATE", "DELETE", "CONNECT", "*"])),
                    resources: z.array(z.string()),
                  })
                  .strict(),
              )
              .min(1),
            namespaceSelector: selector.optional(),
          })
          .strict(),
        matchConditions: z.array(named).optional(),
        variables: z.array(named).optional(),
        validations: z.array(z.object({ expression: z.string().min(1), message: z.string().min(1) }).strict()).min(1),
      })
      .strict(),
  })
  .strict();

export const policyExceptionSchema = z
  .object({
    apiVersion: z.literal("policies.kyverno.io/v1"),
    kind: z.literal("PolicyException"),
    metadata: z
      .object({
        name: z.string().min(1),
        namespace: z.string().min(1),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    spec: z
      .object({
        policyRefs: z.array(z.object({ name: z.string().min(1), kind: z.literal("ValidatingPolicy") }).strict()).min(1),
        matchConditions: z.array(named).min(1),
      })
      .strict(),
  })
  .strict();

export type ValidatingPolicy = z.infer<typeof validatingPolicySchema>;
export type PolicyException = z.infer<typeof policyExceptionSchema>;
