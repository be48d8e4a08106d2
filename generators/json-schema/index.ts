// The JSON Schema of the config, written where editors find it.
import { OUTPUT_PATHS } from "../../core/names.ts";
import { configJsonSchema } from "../../schema/json-schema.ts";
import { NO_SOURCES } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";

export const generateJsonSchema: Generator = () => [
  {
    type: "data",
    format: "json",
    path: OUTPUT_PATHS.configSchema,
    origin: [],
    sources: NO_SOURCES,
    data: configJsonSchema(),
  },
];
