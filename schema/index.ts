// The public API of the DSL: what `fawkes.config.ts` imports.
import type { FawkesConfigInput } from "./config.ts";

export { fawkesConfigSchema, type FawkesConfig, type FawkesConfigInput } from "./config.ts";
export { releasesSchema, type ReleasesConfig } from "./releases.ts";
export { COMPONENT_CATALOG, type ComponentKey } from "./component-catalog.ts";

/**
 * Declares the platform. Returns its argument unchanged: the point is the type, which gives editors
 * completion and checks every field against the schema.
 */
export function defineConfig<const T extends FawkesConfigInput>(config: T): T {
  return config;
}
