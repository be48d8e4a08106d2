// `fawkes schema`: write the config's JSON Schema (also part of `generate`, and drift-checked).
import { OUTPUT_PATHS } from "../../core/names.ts";
import { configJsonSchema } from "../../schema/json-schema.ts";
import { renderJson } from "../../core/render-yaml.ts";
import { writeRepoFile } from "../disk.ts";
import type { Io } from "../output.ts";
import { createPathGuard } from "../safe-path.ts";

export async function schemaCommand(options: { cwd: string; stdout: boolean }, io: Io): Promise<number> {
  const content = renderJson(configJsonSchema());
  if (options.stdout) {
    io.out(content);
    return 0;
  }
  await writeRepoFile(await createPathGuard(options.cwd), OUTPUT_PATHS.configSchema, content);
  io.out(`fawkes schema: wrote ${OUTPUT_PATHS.configSchema}`);
  return 0;
}
