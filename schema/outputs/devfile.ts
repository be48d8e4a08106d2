// The fields of a devfile 2.3.0 that Fawkes emits, validated before writing (tests also use the upstream
// devfile schema when ../shared/reference exists).
import * as z from "zod";

const env = z.array(z.object({ name: z.string().min(1), value: z.string() }).strict());

export const devfileSchema = z
  .object({
    schemaVersion: z.literal("2.3.0"),
    metadata: z
      .object({
        name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
        displayName: z.string(),
        description: z.string(),
        language: z.string(),
        version: z.string(),
      })
      .strict(),
    projects: z
      .array(
        z.object({ name: z.string(), git: z.object({ remotes: z.record(z.string(), z.url()) }).strict() }).strict(),
      )
      .optional(),
    components: z
      .array(
        z
          .object({
            name: z.string(),
            container: z
              .object({
                image: z.string().regex(/:[^/]+$/, { message: "must be pinned to a tag" }),
                memoryRequest: z.string(),
                memoryLimit: z.string(),
                cpuRequest: z.string(),
                cpuLimit: z.string(),
                mountSources: z.boolean(),
                env: env.optional(),
                endpoints: z
                  .array(
                    z
                      .object({
                        name: z.string().max(15),
                        targetPort: z.number().int(),
                        exposure: z.enum(["public", "internal", "none"]),
                        protocol: z.enum(["http", "https", "tcp"]),
                      })
                      .strict(),
                  )
                  .optional(),
              })
              .strict(),
          })
          .strict(),
      )
      .min(1),
    commands: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
          exec: z
            .object({
              component: z.string(),
              commandLine: z.string(),
              workingDir: z.string(),
              group: z.object({ kind: z.enum(["build", "run", "test", "debug"]), isDefault: z.boolean() }).strict(),
            })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict();

export type Devfile = z.infer<typeof devfileSchema>;

export const devcontainerSchema = z
  .object({
    name: z.string(),
    image: z.string().regex(/:[^/]+$/),
    workspaceFolder: z.string().optional(),
    forwardPorts: z.array(z.number().int()),
    portsAttributes: z.record(z.string(), z.object({ label: z.string() }).strict()),
    containerEnv: z.record(z.string(), z.string()),
    postCreateCommand: z.string(),
    customizations: z.object({ vscode: z.object({ extensions: z.array(z.string()) }).strict() }).strict(),
  })
  .strict();

export type DevContainer = z.infer<typeof devcontainerSchema>;
