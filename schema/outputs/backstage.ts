// The envelope of the Backstage catalog entities Fawkes emits (backstage.io/v1alpha1), validated before
// writing; tests also run @backstage/catalog-model's own validators and resolve every reference.
import * as z from "zod";

const entityName = z
  .string()
  .regex(/^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/, { message: "must be a Backstage entity name" });
const entityRef = z.string().regex(/^([a-z]+:)?([a-z0-9-]+\/)?[a-zA-Z0-9][-_.a-zA-Z0-9]*$/, {
  message: "must be an entity reference such as group:default/payments",
});

export const catalogEntitySchema = z
  .object({
    apiVersion: z.literal("backstage.io/v1alpha1"),
    kind: z.enum(["Group", "System", "Component", "API", "Resource", "Location"]),
    metadata: z
      .object({
        name: entityName,
        title: z.string().optional(),
        description: z.string().optional(),
        annotations: z.record(z.string(), z.string()).optional(),
        labels: z.record(z.string(), z.string()).optional(),
        tags: z.array(z.string().regex(/^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/)).optional(),
        links: z
          .array(z.object({ url: z.url(), title: z.string().optional(), icon: z.string().optional() }).strict())
          .optional(),
      })
      .strict(),
    spec: z
      .object({
        type: z.string().min(1).optional(),
        lifecycle: z.string().min(1).optional(),
        owner: entityRef.optional(),
        system: entityRef.optional(),
        dependsOn: z.array(entityRef).optional(),
        providesApis: z.array(entityRef).optional(),
        children: z.array(entityRef).optional(),
        profile: z.object({ displayName: z.string().optional(), email: z.email().optional() }).strict().optional(),
        definition: z.union([z.string(), z.object({ $text: z.url() }).strict()]).optional(),
        targets: z.array(z.string().min(1)).optional(),
      })
      .strict(),
  })
  .strict();

export type CatalogEntity = z.infer<typeof catalogEntitySchema>;
