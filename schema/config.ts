import * as z from "zod";
import { cloudsSchema } from "./clouds.ts";
import { componentsSchema } from "./components.ts";
import { environmentsSchema } from "./environments.ts";
import { platformSchema } from "./platform.ts";
import { patchesSchema } from "./patches.ts";
import { policiesSchema } from "./policies.ts";
import { servicesSchema } from "./services.ts";
import { teamsSchema } from "./teams.ts";

export const fawkesConfigSchema = z
  .object({
    $schema: z
      .string()
      .optional()
      .describe(
        "The JSON Schema this file follows (`./schema/fawkes.config.schema.json`), for editors of a YAML or JSON config; Fawkes ignores it.",
      ),
    platform: platformSchema,
    clouds: cloudsSchema,
    environments: environmentsSchema,
    teams: teamsSchema,
    services: servicesSchema,
    policies: policiesSchema.prefault({}),
    components: componentsSchema,
    patches: patchesSchema,
    releases: z
      .string()
      .regex(/^[^/].*\.ya?ml$/, { message: "must be a relative path to a YAML file" })
      .refine((path) => path.split("/").every((segment) => segment !== ".." && segment !== "."), {
        message: "must stay inside the repository (no . or .. segments)",
      })
      .default("releases.yaml")
      .describe("The machine-editable releases file (service → environment → image tag), relative to the config."),
  })
  .strict()
  .describe("Fawkes platform configuration.");

/**
 * What users write, defaults optional: the documented declarations generated from this schema (editors show
 * each field's description). test/config-types.test.ts proves them equal to zod's inferred input type.
 */
export type { FawkesConfigInput } from "./config-input.ts";
/** zod's own inference of what users write (no doc comments). */
export type FawkesConfigZodInput = z.input<typeof fawkesConfigSchema>;
/** After parsing: defaults filled in. */
export type FawkesConfig = z.output<typeof fawkesConfigSchema>;
