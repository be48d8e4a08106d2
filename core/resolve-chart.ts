// A service's chart resolved: the pods it renders for the service's release, from the config's declared
// pods or Fawkes' facts for the chart at its exact version (validation has reported a chart with neither).
import { serviceChartFacts, type ContainerFact, type PodFact } from "../schema/chart-facts/index.ts";
import type { ChartPodConfig } from "../schema/chart-pods.ts";
import type { FawkesConfig } from "../schema/config.ts";
import type { ResolvedChart } from "./resolved.ts";

type ChartConfig = NonNullable<FawkesConfig["services"][string]["chart"]>;
type ContainerConfig = ChartPodConfig["containers"][number];

function declaredContainer(c: ContainerConfig): ContainerFact {
  return {
    name: c.name,
    image: c.image,
    securityContext: c.securityContext,
    ports: c.ports.map((p) => ({
      containerPort: p.containerPort,
      ...(p.hostPort === undefined ? {} : { hostPort: p.hostPort }),
    })),
    probes: c.probes,
    ...(c.imageKey === undefined ? {} : { imageKey: c.imageKey }),
    ...(c.imageRegistryDefault === undefined ? {} : { imageRegistryDefault: c.imageRegistryDefault }),
    ...(c.securityContextKey === undefined ? {} : { securityContextKey: c.securityContextKey }),
    ...(c.resourcesKey === undefined ? {} : { resourcesKey: c.resourcesKey }),
  };
}

/** A pod declared in `services.<name>.chart.pods[<i>]`, in the facts' shape. */
export function declaredPod(pod: ChartPodConfig, path: string): PodFact {
  const containers = pod.containers.map(declaredContainer);
  const initContainers = pod.initContainers.map(declaredContainer);
  return {
    name: pod.name,
    workloadKind: pod.workloadKind,
    namespace: "release",
    selectorLabels: pod.labels,
    serviceAccount: "default",
    podSecurityContext: pod.podSecurityContext,
    containers,
    initContainers,
    hostNetwork: pod.hostNetwork,
    hostPID: pod.hostPID,
    hostIPC: pod.hostIPC,
    hostPaths: pod.hostPaths,
    hostPorts: [...containers, ...initContainers].flatMap((c) => c.ports.flatMap((p) => p.hostPort ?? [])),
    valuesKeys: pod.valuesKeys,
    ...(pod.nonRootUser === undefined ? {} : { nonRootUser: pod.nonRootUser }),
    provenance: pod.source ?? path,
  };
}

export function resolveChart(service: string, chart: ChartConfig): ResolvedChart {
  const common = { repoURL: chart.repoURL, chart: chart.chart, version: chart.version, values: chart.values };
  if (chart.pods)
    return {
      ...common,
      pods: chart.pods.map((p, i) => declaredPod(p, `services.${service}.chart.pods[${i}]`)),
      facts: { from: "config" },
    };
  const known = serviceChartFacts(chart.repoURL, chart.chart, chart.version);
  if (!known) throw new Error(`services.${service}.chart: no pod facts (validation reports this as a problem)`);
  return { ...common, pods: known.pods(service), facts: { from: "fawkes", provenance: known.provenance } };
}
