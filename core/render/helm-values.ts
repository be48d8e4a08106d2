// Helm values as Helm merges them: maps recursively, everything else (lists, scalars) replaced.

export type Values = Record<string, unknown>;

export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const bothMaps = [current, value].every((v) => v !== null && typeof v === "object" && !Array.isArray(v));
    out[key] = bothMaps ? mergeValues(current as Values, value as Values) : value;
  }
  return out;
}

/** Values with `value` at a dotted key (`server.statefulSet.securityContext.pod`). */
export function valuesAt(key: string, value: unknown): Values {
  return key.split(".").reduceRight<unknown>((inner, part) => ({ [part]: inner }), value) as Values;
}
