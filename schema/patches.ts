import * as z from "zod";

/** RFC 6902 operations (JSON Patch). */
const jsonPatchOperation = z
  .object({
    op: z.enum(["add", "remove", "replace", "move", "copy", "test"]).describe("The operation (RFC 6902)."),
    path: z
      .string()
      .regex(/^(\/([^~/]|~[01])*)*$/, { message: "must be a JSON Pointer such as /spec/replicas (RFC 6901)" })
      .describe("JSON Pointer to the field the operation works on, e.g. `/spec/template/spec/priorityClassName`."),
    value: z.unknown().optional().describe("The value for add, replace and test."),
    from: z.string().optional().describe("JSON Pointer to the source of move and copy."),
  })
  .strict();

export const patchSchema = z
  .object({
    target: z
      .object({
        kind: z.string().min(1).describe("The generated object's kind, e.g. `Deployment`."),
        name: z.string().min(1).describe("Its `metadata.name`."),
        namespace: z.string().min(1).optional().describe("Its `metadata.namespace`; any when absent."),
      })
      .strict()
      .describe("The generated object to patch: every object with this kind and name (and namespace, if given)."),
    environments: z
      .array(z.string().min(1))
      .optional()
      .describe("Patch only these environments' objects; every environment's when absent."),
    merge: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("A JSON Merge Patch (RFC 7396): fields to set, `null` to remove one. Give this or `json`."),
    json: z
      .array(jsonPatchOperation)
      .min(1)
      .optional()
      .describe("A JSON Patch (RFC 6902): operations applied in order. Give this or `merge`."),
    reason: z
      .string()
      .min(1)
      .describe("Why the DSL cannot say this (reviewers read it; `fawkes explain` and `plan` show the patch)."),
  })
  .strict()
  .refine((p) => (p.merge === undefined) !== (p.json === undefined), {
    message: "give exactly one of merge (RFC 7396) or json (RFC 6902)",
  })
  .describe(
    "An escape hatch: a patch of one generated Kubernetes object, for what the config has no field for. Applied before validation and the policy preflight, so a patched object is checked like any other.",
  );

export const patchesSchema = z
  .array(patchSchema)
  .default([])
  .describe("Patches of generated Kubernetes objects, applied in order (see `patchSchema`).");
