import type { ResolvedComponent, ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";

/** One component in one environment: what a values builder reads. */
export interface ValuesContext {
  readonly model: ResolvedConfig;
  readonly component: ResolvedComponent;
  readonly env: ResolvedEnvironment;
}

export type Values = Record<string, unknown>;

/** Values merged as Helm merges them: maps recursively, everything else replaced. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const bothMaps = [current, value].every((v) => v !== null && typeof v === "object" && !Array.isArray(v));
    out[key] = bothMaps ? mergeValues(current as Values, value as Values) : value;
  }
  return out;
}
