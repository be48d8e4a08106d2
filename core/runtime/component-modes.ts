// What a component's chart renders in one cluster. Fawkes decides a few values that select what runs (the
// mode): the same values begin the component's values file (generators/helm-values/) and decide, through the
// chart facts' conditions, which pods, Services and webhooks the runtime model sees there. The config's values
// come on top in both, so a value set there is what is modelled and admitted.
import { CHART_FACTS, type PodFact, type ServiceFact, type WebhookFact } from "../../schema/chart-facts/index.ts";
import type { ComponentKey } from "../../schema/component-catalog.ts";
import { mergeValues, type Values } from "../render/helm-values.ts";
import type { ComponentMode, ResolvedComponent, ResolvedEnvironment } from "../resolved.ts";
import { holds } from "./chart-conditions.ts";

/**
 * Per component, the values that select what its chart runs in a mode. Vault: the full install (server, UI,
 * injector; highly available with raft at more than one replica) in the management cluster; elsewhere the
 * injector alone, pointed at the central server. `global.externalVaultAddr`, not the deprecated
 * `injector.externalVaultAddr` (vault-helm v0.34.1 values.yaml), makes vault.mode "external" and is the address
 * the injector gives the agents; `server.enabled: false` says the same on its own. kube-prometheus-stack: Grafana
 * in the management cluster only.
 */
const MODE_VALUES: Partial<Record<ComponentKey, (mode: ComponentMode, env: ResolvedEnvironment) => Values>> = {
  vault: (mode, env) =>
    mode === "spoke"
      ? {
          global: { externalVaultAddr: env.features.vaultAddress ?? "" },
          injector: { enabled: true },
          server: { enabled: false },
        }
      : {
          injector: { enabled: true },
          ui: { enabled: true },
          server: env.features.replicas > 1 ? { ha: { enabled: true } } : { standalone: { enabled: true } },
        },
  // Grafana runs centrally (generators/helm-values/observability.ts): its pod, and the admin Secret it reads,
  // only in the management cluster.
  kubePrometheusStack: (_mode, env) => ({ grafana: { enabled: env.isManagement } }),
};

/** The values that select what the component's chart runs in the environment (its mode there). */
export function modeValues(component: ResolvedComponent, env: ResolvedEnvironment): Values {
  const mode = component.modes[env.name] ?? "full";
  return MODE_VALUES[component.key]?.(mode, env) ?? {};
}

/** The values the chart renders with, as far as they decide what runs: the mode's, then the config's. */
export function renderValues(component: ResolvedComponent, env: ResolvedEnvironment): Values {
  const config = mergeValues({ ...component.values }, { ...(component.environmentValues[env.name] ?? {}) });
  return mergeValues(modeValues(component, env), config);
}

export interface RenderedFacts {
  readonly pods: readonly PodFact[];
  readonly services: readonly ServiceFact[];
  readonly webhooks: readonly WebhookFact[];
}

/** The chart facts' pods, Services and webhooks that render in the environment, by their conditions. */
export function renderedFacts(component: ResolvedComponent, env: ResolvedEnvironment): RenderedFacts {
  const facts = CHART_FACTS[component.key];
  const values = renderValues(component, env);
  const on = (item: { readonly when?: PodFact["when"] }) => holds(item.when, values, facts.valuesDefaults);
  return {
    pods: facts.pods.filter(on),
    services: facts.services.filter(on),
    webhooks: facts.webhooks.filter(on),
  };
}
