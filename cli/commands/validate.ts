// `fawkes validate`: the config and the releases file, checked and resolved, without generating anything.
import { validateSources } from "../../core/pipeline.ts";
import { loadSources, type SourceOptions } from "../load-sources.ts";
import { plural, printProblems, type Io } from "../output.ts";

export async function validateCommand(options: SourceOptions, io: Io): Promise<number> {
  const sources = await loadSources(options);
  const result = await validateSources(sources);
  if (!result.ok) {
    printProblems(io, result.problems);
    return 1;
  }
  if (result.warnings.length > 0) printProblems(io, result.locate(result.warnings));
  const { model } = result;
  io.out(
    `${sources.configFile} is valid: ${plural(model.environments.length, "environment")}, ${plural(model.teams.length, "team")}, ${plural(model.services.length, "service")}, ${plural(model.components.length, "component")}.`,
  );
  return 0;
}
