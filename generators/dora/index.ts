// DORA that computes: DevLake's secrets from Vault, and a setup Job that declares, through DevLake's own
// API, a webhook connection, a GitHub connection with the teams' repositories as scopes, and a project with
// the DORA metric and its blueprint per team. ArgoCD's notifications (helm-values/central-components.ts)
// report deployments and incidents to the team's webhook connection with the API key the Job creates.
import { PushSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1alpha1/PushSecret";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { KubernetesObject } from "../../core/file-tree.ts";
import {
  DEVLAKE_API,
  DEVLAKE_API_KEY_VAULT,
  DEVLAKE_SECRETS,
  PLATFORM_NAMES,
  vaultPlatformPath,
} from "../../core/names.ts";
import { configFilePath } from "../../core/runtime/placement.ts";
import { emit } from "../../core/provenance.ts";
import { platformExternalSecret } from "../../core/render/platform-secret.ts";
import { withSyncWave } from "../../core/render/sync-wave.ts";
import { groupWaveOf } from "../../core/runtime/bootstrap-graph.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { Generator } from "../generator.ts";
import { SETUP_SCRIPT } from "./setup-script.ts";

const NAME = "devlake-setup";
/** Python with the standard library only; an exact tag. */
export const SETUP_IMAGE = "docker.io/library/python:3.13.5-alpine3.22";

/** `owner/name` of a GitHub repository URL, or undefined for other hosts. */
export function githubRepository(url: string): string | undefined {
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** What the setup Job converges DevLake to. */
export function setupConfig(model: ResolvedConfig): Record<string, unknown> {
  return {
    apiKey: {
      name: "fawkes-notifications",
      secret: DEVLAKE_SECRETS.apiKey,
      allowedPath: "^/plugins/webhook/connections/by-name/.*",
    },
    github: { connection: "fawkes-github" },
    cron: "0 */6 * * *",
    teams: model.teams.map((team) => ({
      name: team.name,
      description: `${team.displayName}: DORA metrics of its services.`,
      repos: [
        ...new Set(
          team.services
            .flatMap((s) => (s.build ? [githubRepository(s.build.repo)] : []))
            .filter((r): r is string => r !== undefined),
        ),
      ].sort(),
    })),
  };
}

/**
 * The setup config as the Job reads it: a team a line, each compact (indented, every repository took 9 bytes
 * more), so a pull request's diff still shows which team's repositories changed.
 */
export function setupConfigJson(model: ResolvedConfig): string {
  const { teams, ...rest } = setupConfig(model) as { teams: unknown[] };
  const head = JSON.stringify(rest).slice(0, -1);
  return `${head},"teams":[\n${teams.map((team) => JSON.stringify(team)).join(",\n")}\n]}\n`;
}

/** DORA's objects by group of core/runtime/config-groups.ts, in the order they sync. */
export interface DoraObjects {
  readonly "dora-secrets": KubernetesObject[];
  readonly "dora-setup": KubernetesObject[];
  readonly "dora-push": KubernetesObject[];
  readonly "dora-notifications": KubernetesObject[];
}

export function buildDora(model: ResolvedConfig, env: ResolvedEnvironment): KubernetesObject[] {
  return Object.values(buildDoraGroups(model, env)).flat();
}

export function buildDoraGroups(model: ResolvedConfig, env: ResolvedEnvironment): DoraObjects {
  const namespace = COMPONENT_CATALOG.devlake.namespace;
  const labels = { "app.kubernetes.io/managed-by": "fawkes", "fawkes.dev/environment": env.name };
  const meta = (name: string, ns = namespace) => ({ name, namespace: ns, labels: { ...labels } });
  // 1. Secrets from Vault: the lake's encryption key (it does not start without it) and the GitHub token.
  const secrets = [
    platformExternalSecret({
      name: DEVLAKE_SECRETS.encryption,
      namespace,
      environment: env.name,
      labels,
      data: { ENCRYPTION_SECRET: { path: "devlake/encryption", property: "secret" } },
    }),
    platformExternalSecret({
      name: DEVLAKE_SECRETS.github,
      namespace,
      environment: env.name,
      labels,
      data: { token: { path: "devlake/github", property: "token" } },
    }),
    platformExternalSecret({
      name: DEVLAKE_SECRETS.uiAuth,
      namespace,
      environment: env.name,
      labels,
      data: {
        ADMIN_USER: { path: "devlake/ui", property: "user" },
        ADMIN_PASS: { path: "devlake/ui", property: "password" },
      },
    }),
  ];
  // The API key goes back to Vault, and from there to ArgoCD's notifications.
  const push = [
    new PushSecret({
      metadata: meta(DEVLAKE_SECRETS.apiKey),
      spec: {
        refreshInterval: "10m",
        secretStoreRefs: [{ kind: "ClusterSecretStore", name: PLATFORM_NAMES.platformSecretStore }],
        selector: { secret: { name: DEVLAKE_SECRETS.apiKey } },
        data: [
          {
            match: {
              secretKey: "token",
              remoteRef: {
                remoteKey: vaultPlatformPath(env.name, DEVLAKE_API_KEY_VAULT.path),
                property: DEVLAKE_API_KEY_VAULT.property,
              },
            },
          },
        ],
      },
    }),
  ];
  const notifications = [
    platformExternalSecret({
      name: "argocd-notifications-secret",
      namespace: model.platform.argocdNamespace,
      environment: env.name,
      labels,
      data: { [DEVLAKE_SECRETS.notificationsKey]: DEVLAKE_API_KEY_VAULT },
    }),
  ];
  // 2. The setup Job: a Sync hook, so it runs at every sync, once DevLake is up (its wave), converges, never deletes.
  const rbac = [
    new ServiceAccount({ metadata: meta(NAME), automountServiceAccountToken: true }),
    new Role({
      metadata: meta(NAME),
      rules: [
        { apiGroups: [""], resources: ["secrets"], resourceNames: [DEVLAKE_SECRETS.apiKey], verbs: ["get", "update"] },
        { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
      ],
    }),
    new RoleBinding({
      metadata: meta(NAME),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: NAME },
      subjects: [{ kind: "ServiceAccount", name: NAME, namespace }],
    }),
  ];
  // Every team's repositories, a line each: 20 to 50 bytes a service. Applied client-side, its copy in
  // `last-applied-configuration` would pass the API server's 256 KiB of annotations at about 5,000 services;
  // applied server-side, the ConfigMap's own 1 MiB holds 20,000 with names of 40 characters
  // (test/argocd-scale.test.ts).
  const config = new ConfigMap({
    metadata: { ...meta(NAME), annotations: { "argocd.argoproj.io/sync-options": "ServerSideApply=true" } },
    data: { "setup.py": SETUP_SCRIPT, "config.json": setupConfigJson(model) },
  });
  const job = new Job({
    metadata: {
      ...meta(NAME),
      annotations: {
        "argocd.argoproj.io/hook": "Sync",
        "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
      },
    },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels: { ...labels, "app.kubernetes.io/name": NAME } },
        spec: {
          serviceAccountName: NAME,
          restartPolicy: "OnFailure",
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65534,
            runAsGroup: 65534,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "setup",
              image: SETUP_IMAGE,
              command: ["python3", "/etc/fawkes/setup.py"],
              env: [
                { name: "DEVLAKE_URL", value: DEVLAKE_API },
                {
                  name: "GITHUB_TOKEN",
                  valueFrom: { secretKeyRef: { name: DEVLAKE_SECRETS.github, key: "token", optional: true } },
                },
              ],
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "setup", mountPath: "/etc/fawkes", readOnly: true }],
            },
          ],
          volumes: [{ name: "setup", configMap: { name: NAME } }],
        },
      },
    },
  });
  return {
    "dora-secrets": secrets,
    "dora-setup": [...rbac, config, job],
    "dora-push": push,
    "dora-notifications": notifications,
  };
}

export const generateDora: Generator = (model) => {
  const devlake = model.installed("devlake");
  const env = devlake?.environments[0];
  if (!env || !env.features.externalSecrets) return [];
  return [
    emit(() => ({
      type: "objects",
      environment: env.name,
      path: configFilePath(model, env, COMPONENT_CATALOG.devlake.namespace, "dora.yaml"),
      origin: ["components", "devlake"],
      objects: Object.entries(buildDoraGroups(model, env)).flatMap(([group, objects]) =>
        withSyncWave(objects, groupWaveOf(model, env.name, group)),
      ),
    })),
  ];
};
