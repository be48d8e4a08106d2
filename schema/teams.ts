import * as z from "zod";
import { email, extraLabels, name, quantity } from "./common.ts";

export const teamSchema = z
  .object({
    displayName: z.string().min(1).describe("Human-readable team name, shown in Backstage and the docs."),
    githubTeam: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9]*\/[a-z0-9][-a-z0-9_]*$/, {
        message: "must be an org/team-slug such as acme/payments",
      })
      .describe("GitHub team (`org/team-slug`): CODEOWNERS, ArgoCD roles and Kubernetes RBAC groups."),
    contact: email.describe("Team e-mail address."),
    labels: extraLabels(
      "Labels on the team's namespace and its services' objects and pods, over `platform.labels` (e.g. its cost center).",
    ),
    quota: z
      .object({
        cpu: quantity.default("8").describe("Total CPU requests of the team's namespace per environment."),
        memory: quantity.default("16Gi").describe("Total memory requests (and limits) per environment."),
        pods: z.number().int().min(1).default(50).describe("Maximum pods per environment."),
        storage: quantity.default("100Gi").describe("Total persistent volume claims per environment."),
      })
      .strict()
      .prefault({})
      .describe("Resource quota of the team's namespace in each environment."),
  })
  .strict();

export const teamsSchema = z
  .record(name("team"), teamSchema)
  .describe("Teams by name. The name is also the team's namespace in every cluster.");
