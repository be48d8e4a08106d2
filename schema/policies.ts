import * as z from "zod";
import { name } from "./common.ts";

/** The rules Fawkes can generate; `policies.overrides` and `policies.exceptions` refer to these names. */
export const POLICY_RULES = [
  "require-labels",
  "require-resources",
  "require-probes",
  "disallow-latest-tag",
  "restrict-image-registries",
  "pod-security",
] as const;

export type PolicyRule = (typeof POLICY_RULES)[number];

const modeSchema = z.enum(["Enforce", "Audit"]);

export const policiesSchema = z
  .object({
    mode: modeSchema.default("Enforce").describe("Enforce denies violating workloads; Audit only reports them."),
    allowedRegistries: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Image registries (prefixes such as `ghcr.io/acme`) workloads may pull from. The platform registry is always allowed.",
      ),
    requiredLabels: z
      .array(z.string().min(1))
      .default(["app.kubernetes.io/name", "fawkes.dev/team"])
      .describe("Labels every pod must carry."),
    podSecurity: z
      .enum(["privileged", "baseline", "restricted"])
      .default("restricted")
      .describe("Pod Security Standard for team namespaces (Kyverno policy and Pod Security Admission labels)."),
    requireResources: z.boolean().default(true).describe("Require CPU/memory requests and a memory limit."),
    requireProbes: z.boolean().default(true).describe("Require liveness and readiness probes on long-running pods."),
    disallowLatestTag: z.boolean().default(true).describe("Require an image tag or digest, and forbid `latest`."),
    overrides: z
      .partialRecord(z.enum(POLICY_RULES), z.union([modeSchema, z.literal("Disabled")]))
      .default({})
      .describe("Per-rule mode, overriding `mode`."),
    exceptions: z
      .array(
        z
          .object({
            policy: z.enum(POLICY_RULES).describe("The rule excepted."),
            team: name("team").describe("Team whose namespace the exception applies in."),
            service: name("service").optional().describe("Narrow the exception to one service."),
            reason: z.string().min(10).describe("Why the exception is needed (shown in the docs)."),
          })
          .strict(),
      )
      .default([])
      .describe("Explicit, reasoned exceptions."),
  })
  .strict()
  .describe("Policy-as-code guardrails (Kyverno ValidatingPolicies).");
