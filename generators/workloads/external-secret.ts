// An ExternalSecret per service that declares secrets: Vault paths in, a Kubernetes Secret made in the
// cluster by External Secrets through the team's SecretStore. Never a `kind: Secret` in Git, never a value.
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { PLATFORM_NAMES, SYNC_WAVE_ANNOTATION, vaultTeamPath } from "../../core/names.ts";
import { SERVICE_OBJECT_WAVES } from "../../core/runtime/bootstrap-graph.ts";
import { objectMeta, type WorkloadContext } from "./context.ts";

export function secretName(service: string): string {
  return `${service}-secrets`;
}

export function buildExternalSecret(ctx: WorkloadContext): ExternalSecret | undefined {
  const { secretDelivery, name } = ctx.service;
  const { secrets } = ctx.deployment;
  if (secrets.length === 0 || secretDelivery !== "external-secrets") return undefined;
  const wave = SERVICE_OBJECT_WAVES.get("external-secret")!;
  return new ExternalSecret({
    metadata: {
      ...objectMeta(ctx, secretName(name)),
      // Before the workload whose pods read its Secret (core/runtime/bootstrap-graph.ts).
      annotations: { [SYNC_WAVE_ANNOTATION]: String(wave) },
    },
    spec: {
      refreshInterval: "1h",
      // The team's own store: its Vault role reads only the team's paths of this environment.
      secretStoreRef: { kind: "SecretStore", name: PLATFORM_NAMES.secretStore },
      target: { name: secretName(name), creationPolicy: "Owner", deletionPolicy: "Retain" },
      data: [...secrets]
        .sort((a, b) => (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0))
        .map((ref) => ({
          secretKey: ref.variable,
          remoteRef: { key: vaultTeamPath(ctx.deployment.environment.name, ref), property: ref.key },
        })),
    },
  });
}
