// Backstage configured for what the catalog says: catalog rules for every kind Fawkes emits, the GitHub
// integration and sign-in, the Kubernetes plugin's clusters (one per environment), TechDocs, ArgoCD and Jenkins
// (those two only with a platform image: the upstream one has no such plugin), and a pinned image. Credentials are environment variables from Secrets that ExternalSecrets
// render from the platform's Vault paths of its environment (`<env>/platform/backstage/...`) through the
// platform's store; they are
// deployed with the release (the chart's `extraDeploy`), so they exist exactly where and when Backstage does.
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { CATALOG_KINDS, CENTRAL_ROUTES, PLATFORM_NAMES, centralHosts, vaultPlatformPath } from "../../core/names.ts";
import { backstageImageRecipe } from "../../core/backstage-image/recipe.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { COMPONENT_CATALOG } from "../../schema/component-catalog.ts";
import type { Values, ValuesContext } from "./context.ts";

/**
 * The upstream image of the Backstage release the platform image is built from (core/backstage-image/facts.ts,
 * CREATE_APP): for `components.backstage.image: upstream`, evaluation only.
 */
export const BACKSTAGE_IMAGE = { registry: "ghcr.io", repository: "backstage/backstage", tag: "1.55.0" } as const;

/** Whether a `backstage.image` is set in the component's values, here or for the environment: it overrides both. */
function imageOverridden(component: ValuesContext["component"], environment: string): boolean {
  const image = (values: Readonly<Record<string, unknown>> | undefined) =>
    (values?.backstage as { image?: unknown } | undefined)?.image;
  return image(component.values) !== undefined || image(component.environmentValues[environment]) !== undefined;
}

/**
 * Whether Backstage runs the upstream image (UPSTREAM_IMAGE: no GitHub sign-in, no ArgoCD or Jenkins plugin):
 * chosen in `components.backstage.image` and not overridden by a `backstage.image` in the values.
 */
export function runsUpstreamImage(
  model: ResolvedConfig,
  component: ValuesContext["component"],
  environment: string,
): boolean {
  return model.backstageImage.kind === "upstream" && !imageOverridden(component, environment);
}

/** A Secret Backstage reads as environment variables: variable → property of one Vault KV path. */
export interface BackstageSecret {
  readonly name: string;
  readonly vaultPath: string;
  readonly variables: Readonly<Record<string, string>>;
}

const envVar = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "_");

/** Every Secret Backstage needs, from the components installed and the environments; `environment` is Backstage's. */
export function backstageSecrets(model: ResolvedConfig, environment: string, upstream = false): BackstageSecret[] {
  const path = (rest: string) => vaultPlatformPath(environment, `backstage/${rest}`);
  return [
    {
      name: "backstage-github",
      vaultPath: path("github"),
      variables: {
        GITHUB_TOKEN: "token",
        AUTH_GITHUB_CLIENT_ID: "client-id",
        AUTH_GITHUB_CLIENT_SECRET: "client-secret",
      },
    },
    ...model.environments.map((env) => ({
      name: `backstage-cluster-${env.name}`,
      vaultPath: path(`clusters/${env.name}`),
      variables: {
        [`K8S_${envVar(env.name)}_URL`]: "url",
        [`K8S_${envVar(env.name)}_TOKEN`]: "token",
        [`K8S_${envVar(env.name)}_CA_DATA`]: "ca-data",
      },
    })),
    ...(model.installed("argocd") && !upstream
      ? [
          {
            name: "backstage-argocd",
            vaultPath: path("argocd"),
            variables: { ARGOCD_AUTH_TOKEN: "token" },
          },
        ]
      : []),
    ...(model.installed("jenkins") && !upstream
      ? [
          {
            name: "backstage-jenkins",
            vaultPath: path("jenkins"),
            variables: { JENKINS_USERNAME: "username", JENKINS_API_TOKEN: "api-token" },
          },
        ]
      : []),
  ];
}

/** The ExternalSecret of one Backstage Secret, validated. */
export function backstageExternalSecret(secret: BackstageSecret): ExternalSecret {
  const object = new ExternalSecret({
    metadata: {
      name: secret.name,
      namespace: COMPONENT_CATALOG.backstage.namespace,
      labels: { "app.kubernetes.io/managed-by": "fawkes", "app.kubernetes.io/part-of": "backstage" },
    },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: PLATFORM_NAMES.platformSecretStore },
      target: { name: secret.name, creationPolicy: "Owner" },
      data: Object.entries(secret.variables).map(([variable, property]) => ({
        secretKey: variable,
        remoteRef: { key: secret.vaultPath, property },
      })),
    },
  });
  object.validate();
  return object;
}

function kubernetesClusters(model: ResolvedConfig): Values[] {
  return model.environments.map((env) => ({
    name: env.name,
    url: `\${K8S_${envVar(env.name)}_URL}`,
    authProvider: "serviceAccount",
    serviceAccountToken: `\${K8S_${envVar(env.name)}_TOKEN}`,
    caData: `\${K8S_${envVar(env.name)}_CA_DATA}`,
    skipTLSVerify: false,
    skipMetricsLookup: !env.features.monitoringNamespace,
  }));
}

/** Backstage's app-config; with the upstream image, only the sections of plugins it has (UPSTREAM_IMAGE in core/backstage-image/facts.ts). */
function appConfig(model: ResolvedConfig, upstream: boolean): Values {
  const { platform } = model;
  const hosts = centralHosts(platform.domain);
  const baseUrl = `https://${hosts.backstage}`;
  const repo = platform.repoURL.replace(/\.git$/, "");
  return {
    app: { baseUrl, title: `${platform.name} developer platform` },
    backend: { baseUrl, cors: { origin: baseUrl } },
    organization: { name: platform.name },
    integrations: { github: [{ host: "github.com", token: "${GITHUB_TOKEN}" }] },
    auth: {
      environment: "production",
      providers: {
        github: {
          production: {
            clientId: "${AUTH_GITHUB_CLIENT_ID}",
            clientSecret: "${AUTH_GITHUB_CLIENT_SECRET}",
            // The catalog has teams (Groups) but no Users: sign in by GitHub user name without a User entity.
            signIn: {
              resolvers: [
                { resolver: "usernameMatchingUserEntityName", dangerouslyAllowSignInWithoutUserInCatalog: true },
              ],
            },
          },
        },
      },
    },
    catalog: {
      rules: [{ allow: [...CATALOG_KINDS] }],
      locations: [
        {
          type: "url",
          target: `${repo}/blob/${platform.revision}/out/catalog/all.yaml`,
          rules: [{ allow: [...CATALOG_KINDS] }],
        },
      ],
    },
    scaffolder: {
      defaultAuthor: { name: "Fawkes golden path", email: `platform@${platform.domain}` },
      defaultCommitMessage: "Created from the golden path",
    },
    techdocs: { builder: "local", generator: { runIn: "local" }, publisher: { type: "local" } },
    kubernetes: {
      serviceLocatorMethod: { type: "multiTenant" },
      clusterLocatorMethods: [{ type: "config", clusters: kubernetesClusters(model) }],
    },
    ...(model.installed("argocd") && !upstream
      ? {
          argocd: {
            appLocatorMethods: [
              {
                type: "config",
                instances: [{ name: "argocd", url: `https://${hosts.argocd}`, token: "${ARGOCD_AUTH_TOKEN}" }],
              },
            ],
          },
        }
      : {}),
    ...(model.installed("jenkins") && !upstream
      ? {
          jenkins: {
            instances: [
              {
                name: "default",
                baseUrl: `http://${CENTRAL_ROUTES.jenkins.service}.${COMPONENT_CATALOG.jenkins.namespace}.svc:${CENTRAL_ROUTES.jenkins.port}`,
                username: "${JENKINS_USERNAME}",
                apiKey: "${JENKINS_API_TOKEN}",
              },
            ],
          },
        }
      : {}),
  };
}

export function backstageValues({ model, env, component }: ValuesContext): Values {
  const upstream = runsUpstreamImage(model, component, env.name);
  const secrets = backstageSecrets(model, env.name, upstream);
  // The platform image by the tag its workflow pushes: the recipe's hash, known now (a digest is not).
  const image = model.backstageImage.kind === "upstream" ? BACKSTAGE_IMAGE : backstageImageRecipe(model).image;
  return {
    backstage: {
      image: { ...image },
      appConfig: appConfig(model, upstream),
      extraEnvVarsSecrets: secrets.map((s) => s.name),
    },
    extraDeploy: secrets.map((s) => backstageExternalSecret(s).toJSON()),
    postgresql: { enabled: true },
  };
}
