// One service resolved: its defaults applied and every derived value (image, ports, probes, limits, hosts,
// identities) computed here, once. Cross references (team, callers) are wired by resolveConfig.
import type { FawkesConfig } from "../schema/config.ts";
import {
  OTEL_LANGUAGE,
  parseQuantity,
  serviceEnvironments,
  serviceHost,
  serviceLabels,
  serviceImage,
  workloadIdentityName,
} from "./names.ts";
import { traced } from "./provenance.ts";
import { serviceIn } from "./service-overrides.ts";
import { resolveChart } from "./resolve-chart.ts";
import { resolveClaims } from "./resolve-claims.ts";
import type {
  ResolvedCloud,
  ResolvedCustomComponent,
  ResolvedDeployment,
  ResolvedEnvironment,
  ResolvedProbes,
  ResolvedSecretRef,
  ResolvedService,
  ResolvedTeam,
} from "./resolved.ts";

type ServiceConfig = FawkesConfig["services"][string];

/** Memory limit defaults to twice the request, in the request's unit when it has a binary one. */
export function memoryLimit(request: string, limit: string | undefined): string {
  if (limit !== undefined) return limit;
  const match = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(request);
  if (match) return `${Number(match[1]) * 2}${match[2]}`;
  return String(parseQuantity(request) * 2);
}

/** Declared probes, with HTTP defaults for web services. */
function probesOf(service: ServiceConfig): ResolvedProbes {
  const declared = service.probes ?? {};
  const isWeb = service.type === "web";
  const liveness = declared.liveness ?? (isWeb ? { path: "/healthz" } : undefined);
  const readiness = declared.readiness ?? (isWeb ? { path: "/readyz" } : undefined);
  return {
    ...(liveness ? { liveness } : {}),
    ...(readiness ? { readiness } : {}),
    ...(declared.startup ? { startup: declared.startup } : {}),
  };
}

/** The commit SHA an image tag names (`3f2c1a9…`, optionally `@sha256:…`), or undefined. */
export function sourceCommit(tag: string): string | undefined {
  const name = tag.split("@")[0]!;
  return /^[0-9a-f]{7,40}$/.test(name) ? name : undefined;
}

function imageReference(repository: string, tag: string): string {
  return tag.startsWith("sha256:") ? `${repository}@${tag}` : `${repository}:${tag}`;
}

/** The workload identity of a service per environment, when it declares cloud access on that cloud. */
function workloadIdentity(
  platform: string,
  name: string,
  service: ServiceConfig,
  cloud: ResolvedCloud,
  env: string,
): ResolvedDeployment["identity"] {
  const access = service.cloudAccess;
  if (!access) return undefined;
  if (cloud.provider === "aws") {
    if (access.awsPolicyArns.length === 0) return undefined;
    return { awsRoleArn: `arn:aws:iam::${cloud.accountId}:role/${workloadIdentityName(platform, env, name)}` };
  }
  if (access.azureRoles.length === 0 || access.azureClientId === undefined) return undefined;
  const clientIds = access.azureClientId;
  const clientId = typeof clientIds === "string" ? clientIds : clientIds[env];
  return clientId === undefined ? {} : { azureClientId: clientId };
}

function resolveSlo(slo: NonNullable<ServiceConfig["slo"]>): NonNullable<ResolvedService["slo"]> {
  return {
    ...(slo.availability === undefined ? {} : { availability: slo.availability / 100 }),
    ...(slo.latency === undefined
      ? {}
      : { latency: { thresholdSeconds: slo.latency.thresholdMs / 1000, target: slo.latency.target / 100 } }),
  };
}

/** Fields of a deployment that an overridden config field decides, where their names differ. */
const DEPLOYMENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  replicas: ["replicas"],
  autoscale: ["autoscale", "replicas"],
  expose: ["host", "exposePath"],
  cloudAccess: ["cloudAccess", "identity"],
};

/** The deployment fields an override decides, each depending on the override's entry. */
function overrideSources(entry: string, override: Record<string, unknown>): Record<string, readonly string[]> {
  const fields: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(override)) {
    if (value === undefined) continue;
    for (const read of DEPLOYMENT_FIELDS[field] ?? [field]) (fields[read] ??= []).push(entry);
  }
  return fields;
}

function secretRefs(secrets: ServiceConfig["secrets"]): ResolvedSecretRef[] {
  return Object.entries(secrets).map(([variable, ref]) => ({
    variable,
    path: ref.path,
    key: ref.key,
    shared: ref.shared,
  }));
}

/** Secret references without repeats (the same variable, path, key and sharing), first one first. */
function uniqueSecrets(refs: readonly ResolvedSecretRef[]): ResolvedSecretRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = JSON.stringify([r.variable, r.path, r.key, r.shared]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ServiceInputs {
  readonly config: FawkesConfig;
  readonly releases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly environments: readonly ResolvedEnvironment[];
  readonly team: ResolvedTeam;
  readonly customComponents: readonly ResolvedCustomComponent[];
}

/** A service with everything but its cross references (`dependsOn`, `callers`), which need every service. */
export function resolveService(name: string, service: ServiceConfig, inputs: ServiceInputs): ResolvedService {
  const { config, releases, team } = inputs;
  const source = `services.${name}`;
  const imageRepository = serviceImage(name, service, config.platform.registry);
  const labels = serviceLabels(config.platform.name, team.name, name);
  const wanted = new Set(
    serviceEnvironments(
      service,
      inputs.environments.map((e) => e.name),
    ),
  );
  // Deployed where it has a release (a chart carries its own version); the rest are pending.
  const released = (env: string): boolean => service.chart !== undefined || releases[name]?.[env] !== undefined;
  const planned = inputs.environments.filter((e) => wanted.has(e.name));
  const port = service.type !== "web" ? undefined : service.chart ? service.port : (service.port ?? 8080);
  // As written, then as it runs in each environment it is planned for (released or not).
  const views = [service, ...planned.map((e) => serviceIn(name, service, e.name))];
  const deployments = planned
    .filter((e) => released(e.name))
    .map((environment) => {
      const envName = environment.name;
      // The service as it runs here: the environment's override merged (core/service-overrides.ts).
      const here = serviceIn(name, service, envName);
      const override = service.overrides?.[envName];
      const tag = releases[name]?.[envName];
      const replicas = typeof here.replicas === "number" ? here.replicas : (here.replicas[envName] ?? 2);
      const host = serviceHost(name, here, envName, config.platform.domain);
      const identity = workloadIdentity(config.platform.name, name, here, environment.cloud, envName);
      const commit = tag === undefined ? undefined : sourceCommit(tag);
      return traced<ResolvedDeployment>({
        source,
        requires: [environment.source, team.source],
        // Fields the override sets depend on it too: `fawkes explain` names it for the files it shapes.
        ...(override ? { fieldSources: overrideSources(`${source}.overrides.${envName}`, override) } : {}),
        environment,
        // The config's labels (platform, team, service here) never replace Fawkes' own (core/checks/labels.ts).
        labels: { ...team.labels, ...here.labels, ...labels, "fawkes.dev/environment": envName },
        ...(service.chart || tag === undefined ? {} : { image: imageReference(imageRepository, tag) }),
        ...(commit === undefined ? {} : { sourceCommit: commit }),
        replicas: here.autoscale ? here.autoscale.min : replicas,
        ...(host === undefined ? {} : { host }),
        ...(identity ? { identity } : {}),
        ...(here.expose === false ? {} : { exposePath: here.expose === true ? "/" : here.expose.path }),
        ...(here.schedule === undefined ? {} : { schedule: here.schedule }),
        ...(here.timeZone === undefined ? {} : { timeZone: here.timeZone }),
        ...(here.autoscale ? { autoscale: here.autoscale } : {}),
        resources: {
          cpu: here.resources.cpu,
          memory: here.resources.memory,
          ...(here.resources.cpuLimit ? { cpuLimit: here.resources.cpuLimit } : {}),
          memoryLimit: memoryLimit(here.resources.memory, here.resources.memoryLimit),
        },
        probes: probesOf(here),
        env: here.env,
        secrets: secretRefs(here.secrets),
        // Wired by resolveConfig, which sees every service.
        dependsOn: [],
        callers: [],
        egress: here.egress,
        nodeSelector: here.nodeSelector,
        tolerations: here.tolerations,
        ...(here.cloudAccess ? { cloudAccess: here.cloudAccess } : {}),
        claims: resolveClaims(service.claims, {
          service: name,
          team: team.name,
          namespace: team.namespace,
          environment,
          customComponents: inputs.customComponents,
        }),
      });
    });
  // Web services are scraped on their port by default; workers and cronjobs only when they declare metrics.
  const metrics = service.metrics ?? (port === undefined || service.chart ? false : { path: "/metrics" });
  const metricsPort = metrics === false ? undefined : (metrics.port ?? port);
  const language = service.build ? OTEL_LANGUAGE[service.build.type] : undefined;
  return {
    source,
    // A Score-declared service also depends on its Score file, named by this entry (`fawkes explain` shows it).
    requires: service.score === undefined ? [team.source] : [team.source, `${source}.score`],
    name,
    team,
    namespace: team.namespace,
    description: service.description,
    ...(service.score === undefined ? {} : { scoreFile: service.score }),
    type: service.type,
    imageRepository,
    ...(service.chart ? { chart: resolveChart(name, service.chart) } : {}),
    ...(port === undefined ? {} : { port }),
    ...(metricsPort === undefined || metrics === false ? {} : { metricsPort, metricsPath: metrics.path }),
    ...(language === undefined ? {} : { language }),
    sdkTelemetry: service.build !== undefined && language === undefined,
    ...(service.slo && metricsPort !== undefined ? { slo: resolveSlo(service.slo) } : {}),
    labels,
    selectorLabels: service.chart ? { "app.kubernetes.io/instance": name } : { "app.kubernetes.io/name": name },
    secretDelivery: service.secretDelivery,
    dependsOnAnywhere: [],
    callersAnywhere: [],
    secretsAnywhere: uniqueSecrets(views.flatMap((v) => secretRefs(v.secrets))),
    exposedAnywhere: views.some((v) => v.expose !== false),
    developmentEnv: (views[1] ?? service).env,
    security: service.security,
    ...(service.build ? { build: service.build } : {}),
    ...(service.api ? { api: service.api } : {}),
    lifecycle: service.lifecycle,
    system: service.system ?? team.name,
    deployments,
    environmentNames: deployments.map((d) => d.environment.name),
    pendingEnvironments: planned.filter((e) => !released(e.name)).map((e) => e.name),
  };
}
