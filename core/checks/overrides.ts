// Per-environment overrides of services: each names an environment the service runs in, and the service
// with it merged is valid (core/service-overrides.ts), every problem located at the override's line.
import { serviceEnvironments } from "../names.ts";
import { problem, type Problem } from "../problems.ts";
import { overrideProblems } from "../service-overrides.ts";
import { suggestName } from "../suggest.ts";
import type { CheckInput } from "./check-input.ts";

export function checkOverrides({ config, declared, raw }: CheckInput): Problem[] {
  const envNames = declared.environments;
  const problems: Problem[] = [];
  // Environment names from the config as written: an override of a service whose shape is broken still names one.
  const written = (raw as { services?: Record<string, { overrides?: unknown }> } | null)?.services ?? {};
  for (const [name, entry] of Object.entries(written)) {
    const overrides = entry?.overrides;
    if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) continue;
    const service = config.services?.[name];
    const deployed = service ? serviceEnvironments(service, envNames) : envNames;
    for (const env of Object.keys(overrides)) {
      const at = ["services", name, "overrides", env];
      if (!envNames.includes(env))
        problems.push({
          ...problem(
            "unknown-reference",
            at,
            `unknown environment "${env}"`,
            suggestName(env, envNames, "environment"),
          ),
          target: "key",
        });
      else if (!deployed.includes(env))
        problems.push({
          ...problem(
            "not-deployed",
            at,
            `"${name}" is not deployed to "${env}", so it has nothing to override there`,
            `add "${env}" to services.${name}.environments or remove the override`,
          ),
          target: "key",
        });
    }
    if (service) problems.push(...overrideProblems(name, service, deployed));
  }
  return problems;
}
