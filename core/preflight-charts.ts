// The preflight's candidates from services deployed from upstream charts: each pod their chart renders in an
// environment (core/runtime/chart-service-pods.ts), blamed on the config entry that can fix it — the chart's
// image or security-context values, its declared pods — with a hint that says how.
import { isAllowedImage } from "./checks/images.ts";
import type { Candidate } from "./preflight.ts";
import type { ConfigPath } from "./problems.ts";
import type { ResolvedConfig, ResolvedEnvironment } from "./resolved.ts";
import { chartServicePods, type ChartServicePod } from "./runtime/chart-service-pods.ts";

/** A mirror of an image in the first allowed registry, as an example: `ghcr.io/acme/mirror/metabase`. */
function mirrorOf(image: string, registries: readonly string[]): string {
  const repository = image.split("@")[0]!.replace(/:[^/:]+$/, "");
  return `${registries[0]!.replace(/\/+$/, "")}/mirror/${repository.split("/").pop()}`;
}

function chartCandidate(model: ResolvedConfig, c: ChartServicePod): Candidate {
  const { service, fact } = c;
  const chart = service.chart!;
  const at = (...path: (string | number)[]): ConfigPath => ["services", service.name, "chart", ...path];
  const declared = chart.facts.from === "config";
  const registries = model.policies.allowedRegistries;
  const containers = [...fact.containers, ...fact.initContainers];
  const images = (c.pod.spec as { containers: { image: string }[]; initContainers?: { image: string }[] }).containers
    .concat((c.pod.spec as { initContainers?: { image: string }[] }).initContainers ?? [])
    .map((container) => container.image);
  const foreign = containers.find((_, i) => !isAllowedImage(images[i]!, registries));
  const exception = (policy: string) =>
    `declare a reasoned exception in policies.exceptions ({ policy: "${policy}", team: "${service.team.name}", service: "${service.name}", reason: "…" })`;
  const factsFix = declared
    ? `correct services.${service.name}.chart.pods`
    : `Fawkes' facts for ${chart.chart} ${chart.version} may be wrong (schema/chart-facts/)`;

  const pathOf = (policy: string): ConfigPath => {
    switch (policy) {
      case "restrict-image-registries":
      case "disallow-latest-tag": {
        const key = (foreign ?? containers[0])?.imageKey;
        return key ? at("values", ...key.split(".")) : at();
      }
      case "pod-security":
      case "pod-security-admission":
        return c.hardened || fact.valuesKeys.podSecurityContext ? at("values") : declared ? at("pods") : at();
      case "require-labels":
        return declared ? at("pods") : at();
      default:
        return at("values");
    }
  };

  const hint = (policy: string): string => {
    switch (policy) {
      case "restrict-image-registries": {
        if (!foreign?.imageKey)
          return `the chart exposes no image value for this container: ${declared ? "set imageKey in chart.pods if it has one, or " : ""}${exception(policy)}`;
        const image = images[containers.indexOf(foreign)]!;
        return `set services.${service.name}.chart.values.${foreign.imageKey}.repository to a mirror of ${image.split(":")[0]} in an allowed registry, such as ${mirrorOf(image, registries)} (allowed: ${registries.join(", ")})`;
      }
      case "pod-security":
      case "pod-security-admission":
        if (c.needs.length > 0)
          return `the chart's pod needs ${c.needs.join("; ")}: ${exception("pod-security")} (which also relaxes the namespace's Pod Security Admission level)`;
        if (!c.hardened && !containers.every((x) => x.securityContextKey))
          return `the chart exposes no security-context value for every container, so Fawkes cannot make the pod restricted: ${exception("pod-security")}`;
        return `a security context in services.${service.name}.chart.values undoes the restricted one Fawkes sets: remove it, or ${exception("pod-security")}`;
      case "require-labels":
        return fact.valuesKeys.podLabels
          ? `${factsFix}, or ${exception(policy)}`
          : `the chart's pod labels values key is not known: ${declared ? `set valuesKeys.podLabels in services.${service.name}.chart.pods` : factsFix}, or ${exception(policy)}`;
      case "require-resources":
        return `set the chart's resources values in services.${service.name}.chart.values${containers[0]?.resourcesKey ? ` (${containers[0].resourcesKey})` : ""} with CPU and memory requests and a memory limit, or ${exception(policy)}`;
      default:
        return `fix services.${service.name}.chart.values, ${factsFix}, or ${exception(policy)}`;
    }
  };

  return {
    pod: c.pod,
    kind: fact.workloadKind,
    describe: `${fact.workloadKind} ${c.pod.metadata.namespace}/${fact.name} (chart ${chart.chart} ${chart.version})`,
    origin: ["services", service.name],
    pathOf,
    hint,
  };
}

/** The pods of every chart service deployed in an environment. */
export function chartServiceCandidates(model: ResolvedConfig, env: ResolvedEnvironment): Candidate[] {
  return model.services.flatMap((service) => {
    const deployment = service.chart ? service.deployments.find((d) => d.environment === env) : undefined;
    return deployment ? chartServicePods(service, deployment).map((c) => chartCandidate(model, c)) : [];
  });
}
