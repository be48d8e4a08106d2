// Kyverno: the policies and exceptions of every cluster that runs Kyverno. The policies (cluster-scoped) sync
// on their own, after the exceptions, which travel with Kyverno (core/runtime/config-groups.ts).
import type { OutputFile } from "../../core/file-tree.ts";
import { EXCEPTIONS_NAMESPACE, activePolicies, buildExceptions } from "../../core/policy/admission.ts";
import { emit } from "../../core/provenance.ts";
import { withSyncWave } from "../../core/render/sync-wave.ts";
import { groupWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import { configFilePath } from "../../core/runtime/placement.ts";
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
        path: configFilePath(model, env, undefined, "policies.yaml"),
        origin: ["policies"],
        objects: withSyncWave(policyObjects(activePolicies(model.policies)), groupWaveOf(model, env.name, "policies")),
      }));
      if (exceptions.length === 0) return [policies];
      return [
        policies,
        emit(() => ({
          type: "objects",
          environment: env.name,
          path: configFilePath(model, env, EXCEPTIONS_NAMESPACE, "policy-exceptions.yaml"),
          origin: ["policies", "exceptions"],
          objects: withSyncWave(
            exceptionObjects(buildExceptions(model, env, names)),
            groupWaveOf(model, env.name, "policy-exceptions"),
          ),
        })),
      ];
    });
};
