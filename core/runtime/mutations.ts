// What the platform's mutating webhooks do to a pod before the validating policies see it, from the facts
// of the pinned injectors (schema/chart-facts/mutations.ts): the OpenTelemetry Operator's auto-
// instrumentation init container and the Vault Agent injector's init container and sidecar. Applied in
// clusters where the webhook runs, to pods that carry its annotations.
import {
  OTEL_INJECTION,
  VAULT_AGENT_INJECTION,
  type InjectedContainerFact,
  type OtelLanguage,
} from "../../schema/chart-facts/mutations.ts";
import { OTEL_LANGUAGE } from "../names.ts";
import type { Pod } from "../policy/evaluate.ts";
import type { ResolvedEnvironment } from "../resolved.ts";

type Obj = Record<string, unknown>;
type Container = { name: string; image: string; securityContext?: Obj; resources?: Obj; volumeMounts?: Obj[] };

/** The auto-instrumentation image Fawkes pins for a language in its Instrumentation (and allows). */
export function instrumentationImage(language: OtelLanguage): string {
  const image = OTEL_INJECTION.languages[language].initContainer?.image;
  if (typeof image !== "string") throw new Error(`no pinned auto-instrumentation image for ${language}`);
  return image;
}

/** Languages Fawkes instruments (the build types' languages), in a stable order. */
export const INSTRUMENTED_LANGUAGES: readonly OtelLanguage[] = [
  ...new Set(Object.values(OTEL_LANGUAGE).filter((l): l is OtelLanguage => l !== undefined)),
].sort();

/** The Vault Agent image the injector adds. */
export const VAULT_AGENT_IMAGE = VAULT_AGENT_INJECTION.images.agent;

function resources(fact: InjectedContainerFact): Obj {
  const { requests, limits } = fact.resources;
  return { requests: { ...requests }, limits: { ...limits } };
}

/** An injected container: its image, and its security context by the injector's rule. */
function injected(fact: InjectedContainerFact, image: string, app: Container | undefined): Container {
  const rule = fact.securityContext;
  const securityContext =
    rule.rule === "explicit"
      ? kube(rule.securityContext as Obj)
      : rule.rule === "copied-from-app-container"
        ? app?.securityContext
        : undefined;
  return {
    name: fact.name,
    image,
    ...(securityContext ? { securityContext: { ...securityContext } } : {}),
    resources: resources(fact),
  };
}

/** A fact's security context in the Kubernetes shape (seccomp as an object). */
function kube(context: Obj): Obj {
  const { seccompProfile, ...rest } = context as Obj & { seccompProfile?: string };
  return { ...rest, ...(seccompProfile ? { seccompProfile: { type: seccompProfile } } : {}) };
}

function instrument(pod: Pod, language: OtelLanguage): Pod {
  const facts = OTEL_INJECTION.languages[language];
  const spec = pod.spec as { containers: Container[]; initContainers?: Container[]; volumes?: Obj[] };
  if (!facts.enabledByDefault || !facts.initContainer) return pod;
  const app = spec.containers[0];
  return {
    ...pod,
    spec: {
      ...spec,
      initContainers: [
        ...(spec.initContainers ?? []),
        injected(facts.initContainer, instrumentationImage(language), app),
      ],
      volumes: [
        ...(spec.volumes ?? []),
        ...facts.volumes.map((v) => ({ name: v.name, emptyDir: v.sizeLimit ? { sizeLimit: v.sizeLimit } : {} })),
      ],
    },
  };
}

function injectAgent(pod: Pod): Pod {
  const annotations = pod.metadata.annotations ?? {};
  const spec = pod.spec as { containers: Container[]; initContainers?: Container[] };
  const init = annotations["vault.hashicorp.com/agent-pre-populate"] !== "false";
  const sidecar = annotations["vault.hashicorp.com/agent-pre-populate-only"] !== "true";
  const image = annotations["vault.hashicorp.com/agent-image"] ?? VAULT_AGENT_IMAGE;
  return {
    ...pod,
    spec: {
      ...spec,
      initContainers: [
        ...(spec.initContainers ?? []),
        ...(init ? [injected(VAULT_AGENT_INJECTION.initContainer, image, undefined)] : []),
      ],
      containers: [...spec.containers, ...(sidecar ? [injected(VAULT_AGENT_INJECTION.sidecar, image, undefined)] : [])],
    },
  };
}

/** The pod after every webhook of the environment's cluster has mutated it. */
export function mutatePod(pod: Pod, env: ResolvedEnvironment): Pod {
  let mutated = pod;
  const annotations = pod.metadata.annotations ?? {};
  if (env.features.instrumentation) {
    for (const language of INSTRUMENTED_LANGUAGES) {
      const value = annotations[OTEL_INJECTION.languages[language].annotation];
      if (value !== undefined && value !== "false") mutated = instrument(mutated, language);
    }
  }
  if (env.features.vaultAgentInjector && annotations["vault.hashicorp.com/agent-inject"] === "true")
    mutated = injectAgent(mutated);
  return mutated;
}
