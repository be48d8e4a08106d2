// The pods a service deployed from an upstream chart runs in an environment, as they will be admitted: the
// chart's pod facts (Fawkes' for the chart at its exact version, or the config's `chart.pods`) rendered with
// the values the service's values file carries — Fawkes' names and pod labels, restricted security contexts
// where the chart exposes the keys, and the config's `chart.values` merged over them. The values generator
// and the policy preflight both read this one model, so what is admitted is what the values render.
import type { ContainerFact, PodFact } from "../../schema/chart-facts/index.ts";
import type { Pod } from "../policy/evaluate.ts";
import { mergeValues, valuesAt, type Values } from "../render/helm-values.ts";
import type { ResolvedDeployment, ResolvedService } from "../resolved.ts";
import { hardenable, kubeContext, podHardeningValues, privilegesNeeded } from "./pod-security.ts";

type Obj = Record<string, unknown>;

export interface ChartServicePod {
  readonly service: ResolvedService;
  readonly deployment: ResolvedDeployment;
  readonly fact: PodFact;
  /** Made restricted through the chart's values. */
  readonly hardened: boolean;
  /** What the pod needs beyond restricted (host access, privileges), from its facts; empty when none. */
  readonly needs: readonly string[];
  /** The pod as the API server will see it, from the merged values. */
  readonly pod: Pod;
}

const isMap = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

/** The value at a dotted key, if set. */
export function valueAt(values: Values, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (isMap(node) ? node[part] : undefined), values);
}

/** The map at a dotted key when it is a non-empty map (charts render `{}` as nothing). */
function mapAt(values: Values, key: string | undefined): Obj | undefined {
  const value = key === undefined ? undefined : valueAt(values, key);
  return isMap(value) && Object.keys(value).length > 0 ? value : undefined;
}

/** Labels Fawkes puts on a chart's pod: the service's, with the release's instance label that selects it, but none the chart sets itself. */
function podLabels(deployment: ResolvedDeployment, service: ResolvedService, fact: PodFact): Record<string, string> {
  const labels: Record<string, string> = { ...deployment.labels, ...service.selectorLabels };
  // Helm owns the manager label; a label the chart already renders would be written twice.
  delete labels["app.kubernetes.io/managed-by"];
  for (const key of Object.keys(fact.selectorLabels)) delete labels[key];
  return labels;
}

/** The Helm values of a chart service in one environment: what the values file says. */
export function chartServiceValues(service: ResolvedService, deployment: ResolvedDeployment): Values {
  const chart = service.chart!;
  let values: Values = { fullnameOverride: service.name };
  for (const fact of chart.pods) {
    if (fact.valuesKeys.podLabels)
      values = mergeValues(values, valuesAt(fact.valuesKeys.podLabels, podLabels(deployment, service, fact)));
    if (hardenable(fact)) values = mergeValues(values, podHardeningValues(fact));
  }
  return mergeValues(values, chart.values);
}

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** A default image's parts as the chart's values spell them: repository (without the registry field's default or an implicit docker.io) and tag. */
function defaultImageParts(container: ContainerFact): { repository: string; tag: string | undefined } {
  const [reference] = container.image.split("@");
  const slash = reference!.lastIndexOf("/");
  const colon = reference!.lastIndexOf(":");
  let repository = colon > slash ? reference!.slice(0, colon) : reference!;
  const tag = colon > slash ? reference!.slice(colon + 1) : undefined;
  const registry = container.imageRegistryDefault ?? (container.implicitRegistry ? "docker.io" : undefined);
  if (registry !== undefined && repository.startsWith(`${registry}/`))
    repository = repository.slice(registry.length + 1);
  return { repository, tag };
}

/** The image a container runs with the merged values at its image key (a string, or a map of registry, repository, tag, digest). */
export function imageOf(container: ContainerFact, values: Values): string {
  const value = container.imageKey === undefined ? undefined : valueAt(values, container.imageKey);
  if (typeof value === "string" && value !== "") return value;
  if (!isMap(value)) return container.image;
  const text = (key: string): string | undefined =>
    typeof value[key] === "string" && value[key] !== "" ? (value[key] as string) : undefined;
  if (!text("registry") && !text("repository") && !text("tag") && !text("digest")) return container.image;
  const defaults = defaultImageParts(container);
  const registry = text("registry") ?? container.imageRegistryDefault;
  const repository = text("repository") ?? defaults.repository;
  const tag = text("tag") ?? defaults.tag;
  const digest = text("digest") ?? DIGEST.exec(container.image)?.[0].slice(1);
  return `${registry ? `${registry}/` : ""}${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}

/** Probe fields a container carries: only their presence is admitted. */
const PROBE_FIELD = { liveness: "livenessProbe", readiness: "readinessProbe", startup: "startupProbe" } as const;

function containerOf(container: ContainerFact, values: Values): Obj {
  const securityContext = mapAt(values, container.securityContextKey) ?? kubeContext(container.securityContext);
  const resources = mapAt(values, container.resourcesKey);
  const ports = container.ports.map((p) => ({
    containerPort: p.containerPort,
    ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
  }));
  return {
    name: container.name,
    image: imageOf(container, values),
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    ...(resources ? { resources } : {}),
    ...Object.fromEntries((container.probes ?? []).map((p) => [PROBE_FIELD[p], { rendered: "by the chart" }])),
  };
}

/** A pod from its facts as `values` render it (chart services and custom components). */
export function podOf(fact: PodFact, namespace: string, values: Values): Pod {
  const podContext = mapAt(values, fact.valuesKeys.podSecurityContext) ?? kubeContext(fact.podSecurityContext);
  const extraLabels = { ...mapAt(values, fact.valuesKeys.commonLabels), ...mapAt(values, fact.valuesKeys.podLabels) };
  const labels = {
    ...fact.selectorLabels,
    ...Object.fromEntries(Object.entries(extraLabels).map(([k, v]) => [k, String(v)])),
  };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: fact.name, namespace, labels },
    spec: {
      ...(fact.hostNetwork ? { hostNetwork: true } : {}),
      ...(fact.hostPID ? { hostPID: true } : {}),
      ...(fact.hostIPC ? { hostIPC: true } : {}),
      ...(Object.keys(podContext).length > 0 ? { securityContext: podContext } : {}),
      containers: fact.containers.map((c) => containerOf(c, values)),
      ...(fact.initContainers.length > 0
        ? { initContainers: fact.initContainers.map((c) => containerOf(c, values)) }
        : {}),
      ...(fact.hostPaths.length > 0
        ? { volumes: fact.hostPaths.map((h) => ({ name: h.volume, hostPath: { path: h.path } })) }
        : {}),
    },
  };
}

/** Every pod of a chart service in one environment. */
export function chartServicePods(service: ResolvedService, deployment: ResolvedDeployment): ChartServicePod[] {
  const values = chartServiceValues(service, deployment);
  return service.chart!.pods.map((fact) => ({
    service,
    deployment,
    fact,
    hardened: hardenable(fact),
    needs: privilegesNeeded(fact),
    pod: podOf(fact, service.namespace, values),
  }));
}
