// Team namespaces in every environment's cluster.
import type { Generator } from "../generator.ts";
import { namespacesDir } from "../paths.ts";
import { buildTeamNamespace } from "./team-namespace.ts";

export const generateNamespaces: Generator = (model) =>
  model.environments.flatMap((env) =>
    model.teams.map((team) => ({
      type: "objects" as const,
      path: `${namespacesDir(env.name)}/${team.name}.yaml`,
      origin: ["teams", team.name],
      sources: [`teams.${team.name}`, `environments.${env.name}`, "policies"],
      objects: buildTeamNamespace(team, env, model.policies),
    })),
  );
