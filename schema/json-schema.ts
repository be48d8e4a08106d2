// The JSON Schema of the config, for editors and for a YAML/JSON form of it; also the source of the config
// reference page.
import * as z from "zod";
import { fawkesConfigSchema } from "./config.ts";

let schema: unknown;

/** The schema, made once per process (it depends on the code only); callers read it, never change it. */
export function configJsonSchema(): unknown {
  schema ??= {
    ...z.toJSONSchema(fawkesConfigSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://fawkes.dev/schema/fawkes.config.schema.json",
    title: "Fawkes platform configuration",
  };
  return schema;
}
