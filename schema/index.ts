// The public API of the DSL: what `fawkes.config.ts` imports. It loads no validation code, so a config loads
// in milliseconds; the zod schemas that validate a config or a releases file are in "fawkes/schema".
import type { FawkesConfigInput } from "./config-input.ts";

export type { FawkesConfig } from "./config.ts";
// The documented input types: FawkesConfigInput and one interface per object of the config (ServiceConfig, …).
export type * from "./config-input.ts";
export type { ReleasesConfig } from "./releases.ts";
export { COMPONENT_CATALOG, type ComponentKey } from "./component-catalog.ts";

/**
 * Declares the platform. Returns its argument unchanged: the point is the type, which gives editors
 * completion and each field's description, and checks every field against the schema. Not generic on
 * purpose: a type parameter inferred from the literal (`<const T extends FawkesConfigInput>`) turns off
 * TypeScript's excess property check, and a misspelt key anywhere would pass `tsc` silently.
 */
export function defineConfig(config: FawkesConfigInput): FawkesConfigInput {
  return config;
}
