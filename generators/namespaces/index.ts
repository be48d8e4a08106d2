// Team namespaces in every environment's cluster.
import { namespacesDir } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import type { Generator } from "../generator.ts";
import { buildTeamNamespace } from "./team-namespace.ts";

export const generateNamespaces: Generator = (model) =>
  model.environments.flatMap((env) =>
    model.teams.map((team) =>
      emit(() => ({
        type: "objects",
        environment: env.name,
        path: `${namespacesDir(env.name)}/${team.name}.yaml`,
        origin: ["teams", team.name],
        objects: buildTeamNamespace(team, env, model.policies),
      })),
    ),
  );
