// The pods each platform component runs in a cluster, from the chart facts at the pinned version (those its
// chart renders there: core/runtime/component-modes.ts), as they will be admitted: with the restricted
// security contexts Fawkes sets through the chart's values wherever the chart exposes them, and, for pods
// that need host access or privileges, the reasons an exception is unavoidable. The Helm values, the policy exceptions, the namespaces' Pod Security levels and the
// preflight all read this one model.
import type { ContainerFact, PodFact } from "../../schema/chart-facts/index.ts";
import { mergeValues, valuesAt } from "../render/helm-values.ts";
import type { ResolvedComponent, ResolvedConfig, ResolvedEnvironment } from "../resolved.ts";
import { renderedFacts } from "./component-modes.ts";
import {
  hardenable,
  hardenedContainerContext,
  hardenedPodContext,
  kubeContext,
  podHardeningValues,
  privilegesNeeded,
} from "./pod-security.ts";

type Obj = Record<string, unknown>;

export interface ComponentPod {
  readonly component: ResolvedComponent;
  readonly fact: PodFact;
  readonly namespace: string;
  /** Restricted through values. */
  readonly hardened: boolean;
  /** What the pod needs beyond restricted (host access, privileges), from its facts; empty when none. */
  readonly needs: readonly string[];
  /** The pod as the API server will see it. */
  readonly pod: {
    apiVersion: "v1";
    kind: "Pod";
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: Obj;
  };
}

function containerSpec(container: ContainerFact, hardened: boolean): Obj {
  const ports = container.ports.map((p) => ({
    containerPort: p.containerPort,
    ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
  }));
  const securityContext =
    hardened && container.securityContextKey
      ? hardenedContainerContext(container)
      : kubeContext(container.securityContext);
  return {
    name: container.name,
    image: container.image,
    ...(Object.keys(securityContext).length > 0 ? { securityContext } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  };
}

function podOf(fact: PodFact, namespace: string, hardened: boolean): ComponentPod["pod"] {
  const podContext =
    hardened && fact.valuesKeys.podSecurityContext ? hardenedPodContext(fact) : kubeContext(fact.podSecurityContext);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: fact.name, namespace, labels: { ...fact.selectorLabels } },
    spec: {
      ...(fact.hostNetwork ? { hostNetwork: true } : {}),
      ...(fact.hostPID ? { hostPID: true } : {}),
      ...(fact.hostIPC ? { hostIPC: true } : {}),
      ...(Object.keys(podContext).length > 0 ? { securityContext: podContext } : {}),
      containers: fact.containers.map((c) => containerSpec(c, hardened)),
      ...(fact.initContainers.length > 0
        ? { initContainers: fact.initContainers.map((c) => containerSpec(c, hardened)) }
        : {}),
      ...(fact.hostPaths.length > 0
        ? { volumes: fact.hostPaths.map((h) => ({ name: h.volume, hostPath: { path: h.path } })) }
        : {}),
    },
  };
}

/**
 * A pod without the optional containers that need privileges and that a values key can switch off: fixing
 * the cause (the container goes) beats excepting the pod.
 */
function withoutOptionalPrivileged(fact: PodFact): PodFact {
  const keep = (c: ContainerFact) =>
    c.disabledBy === undefined || privilegesNeeded({ ...fact, containers: [c], initContainers: [] }).length === 0;
  return { ...fact, containers: fact.containers.filter(keep), initContainers: fact.initContainers.filter(keep) };
}

/** The values keys that switch those containers off. */
function disabledContainers(fact: PodFact): string[] {
  const all = [...fact.containers, ...fact.initContainers];
  const kept = withoutOptionalPrivileged(fact);
  return all.filter((c) => ![...kept.containers, ...kept.initContainers].includes(c)).map((c) => c.disabledBy!);
}

/** Every pod of one component in one cluster: those its chart renders there (its mode, its values). */
export function podsOfComponent(component: ResolvedComponent, env: ResolvedEnvironment): ComponentPod[] {
  return renderedFacts(component, env)
    .pods.map(withoutOptionalPrivileged)
    .map((fact) => {
      const namespace = fact.namespace === "release" ? component.definition.namespace : fact.namespace;
      const hardened = hardenable(fact);
      return {
        component,
        fact,
        namespace,
        hardened,
        needs: privilegesNeeded(fact),
        pod: podOf(fact, namespace, hardened),
      };
    });
}

/** Every component pod that runs in an environment's cluster. */
export function componentPods(model: ResolvedConfig, env: ResolvedEnvironment): ComponentPod[] {
  return model.components.filter((c) => c.environments.includes(env)).flatMap((c) => podsOfComponent(c, env));
}

/** The values that make a component's hardenable pods in the environment restricted. */
export function hardeningValues(component: ResolvedComponent, env: ResolvedEnvironment): Obj {
  let values: Obj = {};
  for (const fact of renderedFacts(component, env).pods)
    for (const key of disabledContainers(fact)) values = mergeValues(values, valuesAt(key, false));
  for (const { fact, hardened } of podsOfComponent(component, env))
    if (hardened) values = mergeValues(values, podHardeningValues(fact));
  return values;
}
