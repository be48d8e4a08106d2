// `fawkes schema`: write the config's JSON Schema (also part of `generate`, and drift-checked).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { OUTPUT_PATHS } from "../../core/names.ts";
import { configJsonSchema } from "../../schema/json-schema.ts";

const CONFIG_SCHEMA_PATH = OUTPUT_PATHS.configSchema;
import { renderJson } from "../../core/render-yaml.ts";
import type { Io } from "../output.ts";

export async function schemaCommand(options: { cwd: string; stdout: boolean }, io: Io): Promise<number> {
  const content = renderJson(configJsonSchema());
  if (options.stdout) {
    io.out(content);
    return 0;
  }
  const target = join(resolve(options.cwd), CONFIG_SCHEMA_PATH);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
  io.out(`fawkes schema: wrote ${CONFIG_SCHEMA_PATH}`);
  return 0;
}
