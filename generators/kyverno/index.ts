// Kyverno: the policies and exceptions of every cluster that runs Kyverno, synced with its configuration.
import type { OutputFile } from "../../core/file-tree.ts";
import type { Generator } from "../generator.ts";
import { clusterConfigDir } from "../paths.ts";
import { activePolicies, buildExceptions, exceptionObjects, policyObjects } from "./policies.ts";

export const generateKyverno: Generator = (model) => {
  const active = new Set(activePolicies(model).map((p) => p.rule.name));
  if (active.size === 0) return [];
  return model.environments
    .filter((env) => model.components.some((c) => c.key === "kyverno" && c.environments.includes(env)))
    .flatMap((env): OutputFile[] => {
      const exceptions = buildExceptions(model, env, active);
      const sources = ["policies", `environments.${env.name}`];
      return [
        { type: "objects", path: `${clusterConfigDir(env.name)}/policies.yaml`, origin: ["policies"], sources, objects: policyObjects(model) },
        ...(exceptions.length > 0
          ? [{ type: "objects" as const, path: `${clusterConfigDir(env.name)}/policy-exceptions.yaml`, origin: ["policies", "exceptions"], sources: [...sources, "components"], objects: exceptionObjects(exceptions) }]
          : []),
      ];
    });
};
