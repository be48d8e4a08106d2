import type { ResolvedComponent, ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";

/** One component in one environment: what a values builder reads. */
export interface ValuesContext {
  readonly model: ResolvedConfig;
  readonly component: ResolvedComponent;
  readonly env: ResolvedEnvironment;
}

export type { Values } from "../../core/render/helm-values.ts";
export { mergeValues } from "../../core/render/helm-values.ts";
