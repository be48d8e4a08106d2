// Synthetic platforms for the benchmark: N services over 50 teams and 3 environments, in a realistic mix of
// shapes (public and internal APIs, workers, cron jobs), with secrets, dependencies and exposure.
import type { FawkesConfigInput } from "../schema/config.ts";

const TEAMS = 50;
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const BUILD_TYPES = ["node", "maven", "gradle", "python", "go"] as const;

export interface SyntheticPlatform {
  readonly config: FawkesConfigInput;
  readonly releases: Record<string, Record<string, string>>;
}

export function syntheticPlatform(serviceCount: number): SyntheticPlatform {
  const teams: NonNullable<FawkesConfigInput["teams"]> = {};
  for (let t = 0; t < TEAMS; t++) {
    teams[`team-${t}`] = {
      displayName: `Team ${t}`,
      githubTeam: `bench/team-${t}`,
      contact: `team-${t}@bench.example`,
      // Room for every service at its autoscaling maximum (the quota check refuses a team that cannot hold them).
      quota: { cpu: "4000", memory: "8000Gi", pods: 20000 },
    };
  }
  const services: NonNullable<FawkesConfigInput["services"]> = {};
  const releases: Record<string, Record<string, string>> = {};
  for (let s = 0; s < serviceCount; s++) {
    const name = `svc-${s}`;
    const team = `team-${s % TEAMS}`;
    const shape = s % 10; // 0-4 internal API, 5-6 public API, 7-8 worker, 9 cron job
    const type = shape <= 6 ? "web" : shape <= 8 ? "worker" : "cronjob";
    const sameTeamEarlier = s - TEAMS >= 0 ? [`svc-${s - TEAMS}`] : [];
    services[name] = {
      team,
      description: `Synthetic service ${s}.`,
      type,
      ...(type === "web" ? { port: 8080, replicas: { dev: 1, staging: 2, prod: 3 } } : {}),
      ...(type === "worker" ? { replicas: 2, probes: { liveness: { command: ["/healthcheck"] } } } : {}),
      ...(type === "cronjob" ? { schedule: "*/30 * * * *" } : {}),
      ...(shape === 5 || shape === 6 ? { expose: true } : {}),
      ...(shape % 3 === 0 ? { secrets: { DATABASE_URL: { path: `${team}/${name}/db`, key: "url" } } } : {}),
      ...(type === "web" && shape % 2 === 0 ? { metrics: { path: "/metrics" } } : {}),
      dependsOn: type === "cronjob" ? [] : sameTeamEarlier.filter((d) => Number(d.slice(4)) % 10 <= 6),
      env: { LOG_LEVEL: "info" },
      build: { type: BUILD_TYPES[s % BUILD_TYPES.length]!, repo: `https://github.com/bench/${name}` },
    };
    releases[name] = Object.fromEntries(ENVIRONMENTS.map((env) => [env, `1.${s % 100}.0`]));
  }
  const config: FawkesConfigInput = {
    platform: {
      name: "bench",
      domain: "bench.example",
      git: { repoURL: "https://github.com/bench/platform" },
      registry: "ghcr.io/bench",
      managementEnvironment: "prod",
    },
    clouds: {
      aws: {
        provider: "aws",
        region: "us-east-1",
        accountId: "111122223333",
        cidr: "10.0.0.0/16",
        state: { bucket: "bench-tfstate" },
      },
    },
    environments: Object.fromEntries(
      ENVIRONMENTS.map((env) => [
        env,
        {
          cloud: "aws",
          kubernetesVersion: "1.34",
          protected: env === "prod",
          nodePools: { general: { instanceType: "m7i.large", min: 3, max: 30 } },
        },
      ]),
    ),
    teams,
    services,
    // Hundreds of hosts under one registered domain: far over Let's Encrypt's default 50 new certificates a
    // week, as a platform this size would have to ask it to raise (core/checks/certificates.ts).
    components: { certManager: { acmeEmail: "ops@bench.example", certificatesPerWeek: 100_000 } },
  };
  return { config, releases };
}

/** The releases file of a synthetic platform, as the bench writes it: each tag quoted. */
export function releasesText(releases: SyntheticPlatform["releases"]): string {
  return (
    Object.entries(releases)
      .map(
        ([s, envs]) =>
          `${s}:\n${Object.entries(envs)
            .map(([e, t]) => `  ${e}: "${t}"`)
            .join("\n")}`,
      )
      .join("\n") + "\n"
  );
}
