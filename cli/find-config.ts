// Which file is the config: `--config`, or the one of CONFIG_FILE_NAMES the repository root holds.
import { lstatSync } from "node:fs";
import { lstat } from "node:fs/promises";
import { resolve } from "node:path";
import { CONFIG_FILE_NAMES } from "../core/config-text.ts";
import { FawkesError } from "../core/problems.ts";

/** `--config`, or the one config file of the repository root: two of them would leave the choice to chance. */
export async function findConfig(root: string, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const present = await Promise.all(
    CONFIG_FILE_NAMES.map((name) =>
      lstat(resolve(root, name)).then(
        () => name,
        () => undefined,
      ),
    ),
  );
  return chooseConfig(present);
}

/** The same choice, read synchronously: for the load started ahead, before the command's modules load. */
export function findConfigSync(root: string, given: string | undefined): string {
  if (given !== undefined) return given;
  return chooseConfig(
    CONFIG_FILE_NAMES.map((name) => (lstatSync(resolve(root, name), { throwIfNoEntry: false }) ? name : undefined)),
  );
}

/** The one of the config names present (undefined where absent), or the first name when none is. */
function chooseConfig(names: readonly (string | undefined)[]): string {
  const present = names.filter((name) => name !== undefined);
  if (present.length > 1) {
    throw new FawkesError([
      {
        code: "two-configs",
        path: [],
        file: present[1]!,
        position: { line: 1, column: 1 },
        message: `${present.join(" and ")} are both present; Fawkes reads exactly one config`,
        hint: "delete or rename all but one, or choose with --config <file>",
      },
    ]);
  }
  return present[0] ?? CONFIG_FILE_NAMES[0]!;
}
