// Kyverno: the policies and exceptions of every cluster that runs Kyverno, synced with its configuration.
import type { OutputFile } from "../../core/file-tree.ts";
import { clusterConfigDir } from "../../core/names.ts";
import { activePolicies, buildExceptions } from "../../core/policy/admission.ts";
import { emit } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";
import { exceptionObjects, policyObjects } from "./policies.ts";

export const generateKyverno: Generator = (model) => {
  const active = activePolicies(model.policies);
  const names = new Set(active.map((p) => p.rule.name));
  if (active.length === 0) return [];
  return model.environments
    .filter((env) => env.features.kyverno)
    .flatMap((env): OutputFile[] => {
      const exceptions = buildExceptions(model, env, names);
      const policies = emit(() => ({
        type: "objects",
        environment: env.name,
        path: `${clusterConfigDir(env.name)}/policies.yaml`,
        origin: ["policies"],
        objects: policyObjects(activePolicies(model.policies)),
      }));
      if (exceptions.length === 0) return [policies];
      return [
        policies,
        emit(() => ({
          type: "objects",
          environment: env.name,
          path: `${clusterConfigDir(env.name)}/policy-exceptions.yaml`,
          origin: ["policies", "exceptions"],
          objects: exceptionObjects(buildExceptions(model, env, names)),
        })),
      ];
    });
};
