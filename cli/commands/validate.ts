import { buildTree } from "../build-tree.ts";
import type { SourceOptions } from "../load-sources.ts";
import { plural, type Io } from "../output.ts";

export async function validateCommand(options: SourceOptions, io: Io): Promise<number> {
  const built = await buildTree(options, io);
  if (!built) return 1;
  const { model } = built;
  io.out(`${options.config} is valid: ${plural(model.environments.length, "environment")}, ${plural(model.teams.length, "team")}, ${plural(model.services.length, "service")}, ${plural(model.components.length, "component")}.`);
  return 0;
}
