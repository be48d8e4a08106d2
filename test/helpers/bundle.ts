// The CLI's bundle as built (dist/bundle/, scripts/bundle.ts), for tests of what its chunks carry.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const BUNDLE_DIR = join(import.meta.dirname, "../../dist/bundle");

/** Why a test of the bundle cannot run here, or undefined when it is built. */
export const NO_BUNDLE = existsSync(BUNDLE_DIR) ? undefined : "no dist/bundle (run `npm run build`)";

/** The text of every chunk of the bundle. */
export function bundleTexts(): string[] {
  return readdirSync(BUNDLE_DIR)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(BUNDLE_DIR, f), "utf8"));
}
