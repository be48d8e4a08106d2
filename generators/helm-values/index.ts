// A values file per component and environment: Fawkes' decisions, then the config's values, then the
// environment's override values.
import type { OutputFile } from "../../core/file-tree.ts";
import type { ComponentKey } from "../../schema/component-catalog.ts";
import type { Generator } from "../generator.ts";
import { componentValuesPath } from "../../core/names.ts";
import { emit } from "../../core/provenance.ts";
import { hardeningValues } from "../../core/runtime/component-pods.ts";
import { modeValues } from "../../core/runtime/component-modes.ts";
import { backstageValues } from "./backstage.ts";
import { argocdValues, devlakeValues, vaultValues } from "./central-components.ts";
import { externalDnsValues } from "./dns.ts";
import { metricsServerValues } from "./core-components.ts";
import { jenkinsValues } from "./jenkins.ts";
import { mergeValues, type Values, type ValuesContext } from "./context.ts";
import {
  certManagerValues,
  externalSecretsValues,
  gatewayValues,
  ingressNginxValues,
  kyvernoValues,
} from "./core-components.ts";
import {
  fluentBitValues,
  kubePrometheusStackValues,
  lokiValues,
  opentelemetryOperatorValues,
  tempoValues,
} from "./observability.ts";

export const VALUES_BUILDERS: Readonly<Record<ComponentKey, (ctx: ValuesContext) => Values>> = {
  certManager: certManagerValues,
  externalSecrets: externalSecretsValues,
  kyverno: kyvernoValues,
  argocd: argocdValues,
  vault: vaultValues,
  gateway: gatewayValues,
  ingressNginx: ingressNginxValues,
  externalDns: externalDnsValues,
  metricsServer: metricsServerValues,
  kubePrometheusStack: kubePrometheusStackValues,
  loki: lokiValues,
  tempo: tempoValues,
  fluentBit: fluentBitValues,
  opentelemetryOperator: opentelemetryOperatorValues,
  backstage: backstageValues,
  jenkins: jenkinsValues,
  devlake: devlakeValues,
  // The chart installs the operator; the CheCluster is in the cluster configuration.
  che: () => ({}),
  istioBase: () => ({}),
  istiod: () => ({ profile: "ambient" }),
  istioCni: () => ({ profile: "ambient" }),
  ztunnel: () => ({}),
};

export function componentValues(ctx: ValuesContext): Values {
  // The values that select what the chart runs here (its mode), then the rest of Fawkes' decisions.
  const generated = mergeValues(modeValues(ctx.component, ctx.env), VALUES_BUILDERS[ctx.component.key](ctx));
  const overrides = ctx.component.environmentValues[ctx.env.name] ?? {};
  // Restricted security contexts wherever the chart exposes them; the config's values may still override.
  const hardened = mergeValues(generated, hardeningValues(ctx.component, ctx.env));
  return mergeValues(mergeValues(hardened, ctx.component.values), overrides);
}

export const generateHelmValues: Generator = (model) =>
  model.components.flatMap((component) =>
    component.environments.map((env): OutputFile =>
      emit(() => ({
        type: "data",
        format: "yaml",
        environment: env.name,
        path: componentValuesPath(env.name, component.definition.slug),
        origin: ["components", component.key],
        data: componentValues({ model, component, env }),
      })),
    ),
  );
