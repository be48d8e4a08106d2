// The JSON Schema of the config, for editors and for a YAML/JSON form of it; also the source of the config
// reference page.
import { readFileSync } from "node:fs";
import * as z from "zod";
import { fawkesConfigSchema } from "./config.ts";

/**
 * The schema as the build made it (scripts/bundle.ts), beside the bundle's chunks: it depends on the code only,
 * and Zod's conversion took 50 ms of every generate, `check` and `plan`; reading it back takes under 1 ms.
 */
export const BUILT_SCHEMA_FILE = "config-schema.json";

let schema: unknown;

/** The schema, made from the code. */
export function makeConfigJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(fawkesConfigSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://fawkes.dev/schema/fawkes.config.schema.json",
    title: "Fawkes platform configuration",
  };
}

/**
 * The schema the build left in `folder` (a URL), or undefined where there is none or it does not read as an
 * object (the sources run unbundled, by the tests and by `dist/`, and have none).
 */
export function builtConfigJsonSchema(folder: URL): unknown {
  try {
    const parsed: unknown = JSON.parse(readFileSync(new URL(BUILT_SCHEMA_FILE, folder), "utf8"));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The schema, once per process: the build's where it is beside this code, else made. Callers never change it. */
export function configJsonSchema(): unknown {
  schema ??= builtConfigJsonSchema(new URL(".", import.meta.url)) ?? makeConfigJsonSchema();
  return schema;
}
