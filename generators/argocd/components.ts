// Platform components: an Application per component and environment with two sources, the upstream chart
// pinned to an exact version and the generated values file from this repository through `$values`.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import type { ResolvedComponent, ResolvedConfig, ResolvedEnvironment } from "../../core/resolved.ts";
import { DEVWORKSPACE_OPERATOR } from "../../schema/component-catalog.ts";
import {
  CLUSTER_CONFIG_WAVE,
  applicationName,
  clusterConfigDir,
  componentValuesPath,
  namespaceConfigDir,
} from "../../core/names.ts";
import { namespaceOwner } from "../../core/runtime/platform-flows.ts";
import { PLATFORM_PROJECT, appMeta, destination, gitSource, syncPolicy } from "./common.ts";

/** Components whose pods call meshed services (under STRICT mutual TLS they must be meshed too). */
const MESHED_COMPONENTS = new Set(["gateway", "ingressNginx", "kubePrometheusStack"]);

export function componentAppName(component: ResolvedComponent, env: ResolvedEnvironment): string {
  return applicationName(component.definition.slug, env.name);
}

/** An OCI registry is given to ArgoCD without a scheme; an HTTP Helm repository as a URL. */
function chartRepo(repoURL: string): string {
  return repoURL.replace(/^oci:\/\//, "");
}

export function buildComponentApplication(
  model: ResolvedConfig,
  component: ResolvedComponent,
  env: ResolvedEnvironment,
): Application {
  const { platform } = model;
  const def = component.definition;
  const options = ["CreateNamespace=true", "ServerSideApply=" + (def.serverSideApply === true)];
  return new Application({
    metadata: appMeta(
      platform,
      componentAppName(component, env),
      { "fawkes.dev/component": def.slug, "fawkes.dev/environment": env.name },
      def.syncWave,
    ),
    spec: {
      project: PLATFORM_PROJECT,
      sources: [
        {
          repoURL: chartRepo(def.repoURL),
          chart: def.chart,
          targetRevision: component.version,
          helm: { releaseName: def.slug, valueFiles: [`$values/${componentValuesPath(env.name, def.slug)}`] },
        },
        { repoURL: platform.repoURL, targetRevision: platform.revision, ref: "values" },
        // The namespace's NetworkPolicies travel with the first component that syncs into it.
        ...(namespaceOwner(model, env, def.namespace) === component.key
          ? [
              {
                repoURL: platform.repoURL,
                targetRevision: platform.revision,
                path: namespaceConfigDir(env.name, def.namespace),
              },
            ]
          : []),
      ],
      destination: destination(env, def.namespace),
      syncPolicy: {
        ...syncPolicy(env.protected, options),
        managedNamespaceMetadata: {
          labels: {
            "app.kubernetes.io/managed-by": "fawkes",
            "fawkes.dev/component": def.slug,
            // The gateway and Prometheus reach meshed services, so they join the mesh themselves.
            ...(env.features.mesh && MESHED_COMPONENTS.has(component.key)
              ? { "istio.io/dataplane-mode": "ambient" }
              : {}),
          },
        },
      },
    },
  });
}

/** The environment's cluster-wide platform objects (secret store, issuer, Gateway, instrumentation). */
export function buildClusterConfigApplication(model: ResolvedConfig, env: ResolvedEnvironment): Application {
  const { platform } = model;
  return new Application({
    metadata: appMeta(
      platform,
      applicationName("cluster-config", env.name),
      { "fawkes.dev/environment": env.name },
      CLUSTER_CONFIG_WAVE,
    ),
    spec: {
      project: PLATFORM_PROJECT,
      source: gitSource(platform, clusterConfigDir(env.name)),
      destination: destination(env),
      syncPolicy: syncPolicy(env.protected, ["CreateNamespace=false", "SkipDryRunOnMissingResource=true"]),
    },
  });
}

/** The DevWorkspace Operator, before Che: its maintainers' manifests from their repository, at a pinned tag. */
export function buildDevWorkspaceApplication(model: ResolvedConfig, env: ResolvedEnvironment): Application {
  const op = DEVWORKSPACE_OPERATOR;
  return new Application({
    metadata: appMeta(
      model.platform,
      applicationName("devworkspace-operator", env.name),
      { "fawkes.dev/component": "devworkspace-operator", "fawkes.dev/environment": env.name },
      op.syncWave,
    ),
    spec: {
      project: PLATFORM_PROJECT,
      source: { repoURL: op.repoURL, targetRevision: op.version, path: op.path, directory: { include: op.include } },
      destination: destination(env, op.namespace),
      syncPolicy: syncPolicy(env.protected, ["CreateNamespace=true", "ServerSideApply=true"]),
    },
  });
}
