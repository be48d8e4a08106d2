// Jenkins' credentials, from Vault: the kubernetes-credentials-provider plugin turns each Secret of the
// Jenkins namespace labelled `jenkins.io/credentials-type` into a credential whose id is the Secret's name.
import type { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { platformExternalSecret, type PlatformSecretSpec } from "../../core/render/platform-secret.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import { platformLabels, type ClusterContext } from "./context.ts";

/** Credential id → its type and what it is for; it comes from the platform's Vault path `jenkins/<id>`. */
export const JENKINS_CREDENTIALS = {
  github: { type: "usernamePassword", description: "GitHub: checkout and branch and pull request discovery" },
  "github-token": { type: "secretText", description: "GitHub: webhook management" },
  ghcr: { type: "usernamePassword", description: "GHCR: image push" },
  "platform-repo": {
    type: "usernamePassword",
    description: "Platform repository: dispatch of the release workflow (actions: write)",
  },
} as const;

export function buildJenkinsCredentials(ctx: ClusterContext): ExternalSecret[] {
  const { model, env } = ctx;
  const jenkins = model.installed("jenkins");
  if (!env.isManagement || !env.features.externalSecrets || !jenkins?.environments.includes(env)) return [];
  return Object.entries(JENKINS_CREDENTIALS).map(([id, credential]) => {
    const path = `jenkins/${id}`;
    const data: PlatformSecretSpec["data"] =
      credential.type === "secretText"
        ? { text: { path, property: "token" } }
        : { username: { path, property: "username" }, password: { path, property: "password" } };
    return platformExternalSecret({
      name: id,
      namespace: COMPONENT_CATALOG.jenkins.namespace,
      environment: env.name,
      labels: platformLabels(env),
      data,
      template: {
        labels: { "jenkins.io/credentials-type": credential.type },
        annotations: { "jenkins.io/credentials-description": credential.description },
      },
    });
  });
}
