// The envelope of the golden-path Templates Fawkes emits (scaffolder.backstage.io/v1beta3), validated before
// writing; tests also run the scaffolder's own validator (@backstage/plugin-scaffolder-common, the published
// Template.v1beta3 JSON Schema) on every Template.
import * as z from "zod";

const step = z
  .object({
    id: z.string().regex(/^[a-z][-a-z0-9]*$/),
    name: z.string().min(1),
    action: z.enum(["fetch:template", "fetch:template:file", "publish:github", "publish:github:pull-request"]),
    input: z.record(z.string(), z.unknown()),
  })
  .strict();

export const templateEntitySchema = z
  .object({
    apiVersion: z.literal("scaffolder.backstage.io/v1beta3"),
    kind: z.literal("Template"),
    metadata: z
      .object({
        name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
        title: z.string().min(1),
        description: z.string().min(1),
        tags: z.array(z.string().regex(/^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/)),
      })
      .strict(),
    spec: z
      .object({
        owner: z.string().regex(/^group:default\/[a-z0-9-]+$/),
        type: z.enum(["service"]),
        parameters: z
          .array(
            z
              .object({
                title: z.string(),
                required: z.array(z.string()),
                properties: z.record(z.string(), z.record(z.string(), z.unknown())),
              })
              .strict(),
          )
          .min(1),
        steps: z.array(step).min(1),
        output: z.object({ links: z.array(z.object({ title: z.string(), url: z.string() }).strict()) }).strict(),
      })
      .strict(),
  })
  .strict();

export type TemplateEntity = z.infer<typeof templateEntitySchema>;
