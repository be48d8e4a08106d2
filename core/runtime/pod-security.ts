// What the restricted Pod Security Standard asks of a pod, as the security contexts Fawkes sets through a
// chart's values, and what a pod that genuinely needs more (host access, capabilities) asks for instead.
import type { ContainerFact, PodFact, SecurityContextFact } from "../../schema/chart-facts/index.ts";
import { BASELINE_CAPABILITIES } from "../policy/rules.ts";
import { mergeValues, valuesAt } from "../render/helm-values.ts";

type Obj = Record<string, unknown>;

/** Pod-level context that satisfies restricted (kept minimal: the chart's own user and groups stay). */
export const RESTRICTED_POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } as const;

/** Container-level context that satisfies restricted. */
export const RESTRICTED_CONTAINER_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** Capabilities restricted lets a container add. */
const RESTRICTED_ADDS = new Set(["NET_BIND_SERVICE"]);

function containerNeeds(container: ContainerFact): string[] {
  const sc: SecurityContextFact = container.securityContext ?? {};
  const needs: string[] = [];
  if (sc.privileged) needs.push(`${container.name} is privileged`);
  const adds = (sc.capabilities?.add ?? []).filter((c) => !RESTRICTED_ADDS.has(c));
  if (adds.length > 0) needs.push(`${container.name} adds ${adds.join(", ")}`);
  if (sc.runAsUser === 0 || sc.runAsNonRoot === false) needs.push(`${container.name} runs as root`);
  if (sc.appArmorProfile === "Unconfined" || sc.seccompProfile === "Unconfined")
    needs.push(`${container.name} runs unconfined`);
  if (container.ports.some((p) => p.hostPort !== undefined)) needs.push(`${container.name} binds host ports`);
  return needs;
}

/**
 * Why a pod cannot run under restricted, from its facts: host namespaces, host paths, host ports, privileges
 * it asks for. Empty when only missing settings (a seccomp profile, dropped capabilities) stand in the way.
 */
export function privilegesNeeded(pod: PodFact): string[] {
  const needs: string[] = [];
  if (pod.hostNetwork) needs.push("the host network");
  if (pod.hostPID) needs.push("the host PID namespace");
  if (pod.hostIPC) needs.push("the host IPC namespace");
  if (pod.hostPaths.length > 0) needs.push(`host paths ${pod.hostPaths.map((h) => h.path).join(", ")}`);
  if (pod.hostPorts.length > 0) needs.push(`host ports ${pod.hostPorts.join(", ")}`);
  if (pod.podSecurityContext?.runAsUser === 0) needs.push("runs as root");
  for (const container of [...pod.containers, ...pod.initContainers]) needs.push(...containerNeeds(container));
  return needs;
}

/** Whether the chart's defaults already satisfy restricted (then its values are left alone). */
export function restrictedByDefault(pod: PodFact): boolean {
  const podContext = pod.podSecurityContext ?? {};
  return [...pod.containers, ...pod.initContainers].every((c) => {
    const sc = c.securityContext ?? {};
    return (
      sc.allowPrivilegeEscalation === false &&
      (sc.capabilities?.drop ?? []).includes("ALL") &&
      (sc.runAsNonRoot ?? podContext.runAsNonRoot) === true &&
      ["RuntimeDefault", "Localhost"].includes(sc.seccompProfile ?? podContext.seccompProfile ?? "")
    );
  });
}

/** A pod Fawkes hardens through values: it falls short of restricted, needs no privileges, and its chart exposes the settings. */
export function hardenable(pod: PodFact): boolean {
  if (restrictedByDefault(pod) || privilegesNeeded(pod).length > 0) return false;
  const containers = [...pod.containers, ...pod.initContainers];
  return (
    containers.every((c) => c.securityContextKey !== undefined) &&
    (pod.valuesKeys.podSecurityContext !== undefined || containers.length > 0)
  );
}

/** A security context fact in the Kubernetes shape (profiles as objects). */
export function kubeContext(fact: SecurityContextFact | Obj | null | undefined): Obj {
  if (!fact) return {};
  const { seccompProfile, appArmorProfile, ...rest } = fact as SecurityContextFact & Obj;
  return {
    ...rest,
    ...(seccompProfile
      ? { seccompProfile: typeof seccompProfile === "string" ? { type: seccompProfile } : seccompProfile }
      : {}),
    ...(appArmorProfile
      ? { appArmorProfile: typeof appArmorProfile === "string" ? { type: appArmorProfile } : appArmorProfile }
      : {}),
  };
}

/** The pod-level context Fawkes sets through values: the chart's default, made restricted (and non-root where the image's user is root). */
export function hardenedPodContext(pod: PodFact): Obj {
  return {
    ...kubeContext(pod.podSecurityContext),
    ...(pod.nonRootUser === undefined ? {} : { runAsUser: pod.nonRootUser }),
    ...RESTRICTED_POD_CONTEXT,
  };
}

/** The container context Fawkes sets through values: the chart's default, made restricted. */
export function hardenedContainerContext(container: ContainerFact): Obj {
  return { ...kubeContext(container.securityContext), ...RESTRICTED_CONTAINER_CONTEXT };
}

/** The values that make one hardenable pod restricted, through the keys its chart exposes. */
export function podHardeningValues(pod: PodFact): Obj {
  let values: Obj = {};
  if (pod.valuesKeys.podSecurityContext)
    values = mergeValues(values, valuesAt(pod.valuesKeys.podSecurityContext, hardenedPodContext(pod)));
  for (const container of [...pod.containers, ...pod.initContainers])
    if (container.securityContextKey)
      values = mergeValues(values, valuesAt(container.securityContextKey, hardenedContainerContext(container)));
  return values;
}

/**
 * The Pod Security level a pod needs, from its facts: privileged for what baseline forbids (host namespaces,
 * host paths and ports, privileged containers, capabilities beyond baseline, unconfined profiles), baseline
 * for a pod that cannot be made restricted, restricted otherwise.
 */
export function levelNeeded(pod: PodFact): "privileged" | "baseline" | "restricted" {
  const containers = [...pod.containers, ...pod.initContainers];
  const beyondBaseline =
    pod.hostNetwork ||
    pod.hostPID ||
    pod.hostIPC ||
    pod.hostPaths.length > 0 ||
    pod.hostPorts.length > 0 ||
    pod.podSecurityContext?.seccompProfile === "Unconfined" ||
    containers.some((c) => {
      const sc = c.securityContext ?? {};
      return (
        sc.privileged === true ||
        sc.seccompProfile === "Unconfined" ||
        sc.appArmorProfile === "Unconfined" ||
        c.ports.some((p) => p.hostPort !== undefined) ||
        (sc.capabilities?.add ?? []).some((a) => !BASELINE_CAPABILITIES.includes(a))
      );
    });
  if (beyondBaseline) return "privileged";
  return restrictedByDefault(pod) || hardenable(pod) ? "restricted" : "baseline";
}
