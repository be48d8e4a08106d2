// A resolved model from a config object, for generator unit tests (no files involved).
import { formatPath } from "../../core/problems.ts";
import { resolveConfig } from "../../core/resolve.ts";
import type { ResolvedConfig } from "../../core/resolved.ts";
import { validateConfig } from "../../core/validate.ts";
import type { FawkesConfigInput } from "../../schema/config.ts";

export function resolveFrom(
  config: FawkesConfigInput,
  releases: Record<string, Record<string, string>> = {},
): ResolvedConfig {
  const result = validateConfig(config, releases);
  if (!result.ok) throw new Error(result.problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("\n"));
  return resolveConfig(result.value);
}

/** An Azure cloud for tests that need one (spread it, overriding the network or state where they differ). */
export const AZURE_CLOUD = {
  provider: "azure",
  location: "westeurope",
  subscriptionId: "8f7c2b1e-4a3d-4e5f-9a8b-1c2d3e4f5a6b",
  tenantId: "2d4e6f80-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
  cidr: "10.0.0.0/16",
  state: { resourceGroup: "m-state", storageAccount: "mstate" },
} as const;

/** A small valid config; tests spread over it. */
export const SMALL: FawkesConfigInput = {
  platform: {
    name: "m",
    domain: "m.example",
    git: { repoURL: "https://github.com/m/p" },
    registry: "ghcr.io/m",
    managementEnvironment: "prod",
  },
  clouds: {
    aws: {
      provider: "aws",
      region: "us-east-1",
      accountId: "111122223333",
      cidr: "10.0.0.0/16",
      state: { bucket: "m-state" },
    },
  },
  environments: {
    dev: { cloud: "aws", kubernetesVersion: "1.34", nodePools: { default: { instanceType: "m7i.large" } } },
    prod: {
      cloud: "aws",
      kubernetesVersion: "1.34",
      protected: true,
      nodePools: { default: { instanceType: "m7i.large" } },
    },
  },
  teams: {
    web: {
      displayName: "Web",
      githubTeam: "m/web",
      contact: "web@m.example",
      quota: { cpu: "4", memory: "8Gi", pods: 20 },
    },
  },
  services: {},
  components: { certManager: { acmeEmail: "ops@m.example" } },
};

/** A Route 53 hosted zone id for tests. */
export const ZONE_ID = "Z0000000000EXAMPLE01";

/** The config with DNS zones on some of its clouds (`clouds.<name>.dns`), e.g. `{ aws: { hostedZoneId } }`. */
export function withDns(config: FawkesConfigInput, dns: Readonly<Record<string, object>>): FawkesConfigInput {
  const clouds = Object.fromEntries(
    Object.entries(config.clouds).map(([name, cloud]) => [name, dns[name] ? { ...cloud, dns: dns[name] } : cloud]),
  );
  return { ...config, clouds: clouds as FawkesConfigInput["clouds"] };
}

/** The pods of a chart Fawkes has no facts for, as a config declares them: one restricted-ready Deployment. */
export function declaredChartPods(release: string, registry = "ghcr.io/m") {
  return [
    {
      name: release,
      labels: { "app.kubernetes.io/name": release, "app.kubernetes.io/instance": release },
      containers: [
        {
          name: "app",
          image: `${registry}/mirror/app:1.0.0`,
          imageKey: "image",
          securityContextKey: "securityContext",
          probes: ["liveness" as const, "readiness" as const],
          resourcesKey: "resources",
        },
      ],
      valuesKeys: { podSecurityContext: "podSecurityContext", podLabels: "podLabels" },
      source: "charts/app/templates/deployment.yaml",
    },
  ];
}
