// The JSON Schema of the config, for editors and for a YAML/JSON form of it.
import { z } from "zod";
import { fawkesConfigSchema } from "../../schema/config.ts";
import type { Generator } from "../generator.ts";

export const CONFIG_SCHEMA_PATH = "schema/fawkes.config.schema.json";

export function configJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(fawkesConfigSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://fawkes.dev/schema/fawkes.config.schema.json",
    title: "Fawkes platform configuration",
  };
}

export const generateJsonSchema: Generator = () => [
  { type: "data", format: "json", path: CONFIG_SCHEMA_PATH, origin: [], sources: [], data: configJsonSchema() },
];
