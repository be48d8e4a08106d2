// The JSON Schema of the config, for editors and for a YAML/JSON form of it; also the source of the config
// reference page.
import { z } from "zod";
import { fawkesConfigSchema } from "./config.ts";

export function configJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(fawkesConfigSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://fawkes.dev/schema/fawkes.config.schema.json",
    title: "Fawkes platform configuration",
  };
}
